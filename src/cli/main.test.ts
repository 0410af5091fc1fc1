import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from './main.ts';

/** Runs the CLI entry with process.stdout and stderr captured. */
async function capture(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const { write: writeOut } = process.stdout;
  const { write: writeErr } = process.stderr;
  process.stdout.write = ((s: string) => { out.push(s); return true; }) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => { err.push(s); return true; }) as typeof process.stderr.write;
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
