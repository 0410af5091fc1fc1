import { PassThrough } from 'node:stream';
import type { CommandIO } from './analyze.ts';

/** Runs a command with in-memory streams and files (path → text), as tests do; returns its exit code and output. */
export async function runCommand(run: (argv: string[], io: CommandIO) => Promise<number>, argv: string[], files: Record<string, string>) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (b: Buffer) => out.push(b));
  stderr.on('data', (b: Buffer) => err.push(b));
  const open = (p: string) => (async function* () {
    yield new TextEncoder().encode(files[p] ?? '');
  })();
  const code = await run(argv, { stdout, stderr, open });
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}
