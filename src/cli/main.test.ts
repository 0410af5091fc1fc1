import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from './main.ts';

/** Runs the CLI entry with process.stdout and stderr captured. */
async function capture(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const { write: writeOut } = process.stdout;
  const { write: writeErr } = process.stderr;
  // Commands load lazily, so the test runner reports (binary chunks on stdout) while main runs: those pass through.
  const into = (chunks: string[], write: typeof process.stdout.write, stream: NodeJS.WriteStream) =>
    ((s: string | Uint8Array, ...rest: never[]) =>
      typeof s === 'string' ? chunks.push(s) > 0 : write.call(stream, s, ...rest)) as typeof process.stdout.write;
  process.stdout.write = into(out, writeOut, process.stdout);
  process.stderr.write = into(err, writeErr, process.stderr);
  try {
    return { code: await main(argv), stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
  }
}

test('"analyse" is the same command as "analyze"; an unknown command is 64 with the list', async () => {
  const british = await capture(['analyse', '--help']);
  const american = await capture(['analyze', '--help']);
  assert.deepEqual([british.code, british.stdout], [0, american.stdout]);
  assert.match(british.stdout, /^usage: attune analyze /);
  const unknown = await capture(['analyz']);
  assert.deepEqual([unknown.code, unknown.stderr.split('\n')[0]], [64, 'attune: unknown command "analyz"']);
});
