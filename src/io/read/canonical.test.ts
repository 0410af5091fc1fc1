import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCanonical, readJsonl } from './canonical.ts';

test('parseCanonical and readJsonl keep their original shape', async () => {
  assert.deepEqual(
    parseCanonical('{"id":"a","channel":"chat","turns":[{"role":"agent","text":"hi","x":1}]}', {
      file: 'f',
      line: 1,
      index: 0,
    }),
    {
      ok: true,
      source: { file: 'f', line: 1, index: 0 },
      conversation: {
        id: 'a',
        channel: 'chat',
        language: 'en',
        consent: { analysis: true },
        turns: [{ role: 'agent', text: 'hi', metadata: { x: 1 } }],
      },
    },
  );
  async function* lines() {
    yield '\uFEFF{"id":"a","channel":"chat","turns":[{"role":"agent","text":"hi"}]}';
    yield '';
    yield '{"id":"b","channel":"chat","turns":[]}';
  }
  const out = [];
  for await (const r of readJsonl(lines(), 'f.jsonl')) out.push(r);
  assert.deepEqual(
    out.map((r) => [r.ok, r.source.line, r.source.index]),
    [
      [true, 1, 0],
      [false, 3, 1],
    ],
  );
});
