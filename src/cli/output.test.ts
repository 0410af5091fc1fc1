import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { batched } from './output.ts';

async function written(size: number, lines: string[]): Promise<string> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const out = batched(stream, size);
  for (const l of lines) await out.line(l);
  await out.flush();
  stream.end();
  return Buffer.concat(chunks).toString('utf8');
}

test('line writes each text and a line break, byte for byte, across chunk ends and past the chunk size', async () => {
  const lines = ['{"a":1}', 'caf\u00e9 \u2019quoted\u2019 \u{1F600}', 'x'.repeat(40), '', 'long \u00e9'.repeat(30)];
  assert.equal(await written(64, lines), lines.map((l) => l + '\n').join(''));
  assert.equal(await written(256 * 1024, lines), lines.map((l) => l + '\n').join(''));
});
