import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { median, row } from './report.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const RUNS = Number(process.env.ATTUNE_BENCH_CLI_RUNS ?? 20);
const TARGET_MS = 300;

/** CPU seconds of the children this process has waited for (Linux: /proc/self/stat cutime + cstime), or null elsewhere. */
function childrenCpuSeconds(): number | null {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    // after "pid (comm) ": state is field 3, so cutime (16) and cstime (17) sit at 13 and 14; clock ticks are 100 a second on Linux
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return null;
  }
}

/** Median wall time and mean CPU time per run of one command, after two warm-up runs. */
function time(args: string[]): { wallMs: number; cpuMs: number | null } {
  const once = () => {
    const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  };
  once();
  once();
  const walls: number[] = [];
  const cpuBefore = childrenCpuSeconds();
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    once();
    walls.push(performance.now() - started);
  }
  const cpuAfter = childrenCpuSeconds();
  return {
    wallMs: median(walls),
    cpuMs: cpuBefore === null || cpuAfter === null ? null : ((cpuAfter - cpuBefore) * 1000) / RUNS,
  };
}

/** `attune --help` start-up, as a user runs it (compiled, bin/attune.js), beside Node's own start and the CLI run through tsx. */
export async function bench(): Promise<void> {
  // incremental: a no-op when dist/ is current
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    { cwd: ROOT, stdio: 'inherit' },
  );
  const cases: Array<[string, string[]]> = [
    ['attune --help (bin/attune.js, compiled)', ['bin/attune.js', '--help']],
    ['node -e 0 (Node start-up, the floor)', ['-e', '0']],
    ['attune --help through tsx (src/, no build)', ['--import', 'tsx', 'src/cli/main.ts', '--help']],
  ];
  console.log(
    `\nCLI start-up: median of ${RUNS} runs each (wall clock, and CPU per run), target < ${TARGET_MS} ms for attune --help`,
  );
  console.log(row(['command', 'median ms', 'CPU ms/run']));
  for (const [name, args] of cases) {
    const { wallMs, cpuMs } = time(args);
    console.log(row([name, Math.round(wallMs), cpuMs === null ? 'n/a' : Math.round(cpuMs)]));
  }
}
