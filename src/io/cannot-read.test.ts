import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { cannotRead } from './cannot-read.ts';

const failure = (path: string) => {
  try {
    readFileSync(path);
  } catch (err) {
    return err;
  }
  throw new Error(`${path} was readable`);
};

test('a missing file is named and said to be missing', () => {
  assert.equal(
    cannotRead('/nonexistent/x.json', failure('/nonexistent/x.json')),
    'cannot read /nonexistent/x.json: no such file',
  );
});

test('any other failure keeps the system message', () => {
  assert.equal(cannotRead('/', failure('/')), 'cannot read /: EISDIR: illegal operation on a directory, read');
});
