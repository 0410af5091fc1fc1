import { PassThrough } from 'node:stream';
import type { CommandIO } from './analyze.ts';

/** Runs a command with in-memory streams and files (path → text or bytes), as tests do; returns its exit code and output. */
export async function runCommand(
  run: (argv: string[], io: CommandIO) => Promise<number>,
  argv: string[],
  files: Record<string, string | Uint8Array>,
) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (b: Buffer) => out.push(b));
  stderr.on('data', (b: Buffer) => err.push(b));
  const open = (p: string) =>
    (async function* () {
      const content = files[p] ?? '';
      yield typeof content === 'string' ? new TextEncoder().encode(content) : content;
    })();
  const code = await run(argv, { stdout, stderr, open });
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

/** Runs `fn` with console.log and console.error captured, restoring them after. */
export async function withConsole<T>(fn: () => Promise<T>): Promise<{ value: T; logs: string[]; errors: string[] }> {
  const logs: string[] = [];
  const errors: string[] = [];
  const { log, error } = console;
  console.log = (m: string) => logs.push(m);
  console.error = (m: string) => errors.push(m);
  try {
    return { value: await fn(), logs, errors };
  } finally {
    console.log = log;
    console.error = error;
  }
}
