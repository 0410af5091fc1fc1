import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFixtures, accepted, rejections } from './testing.ts';

const line = (id: string) => JSON.stringify({ id, channel: 'chat', turns: [{ role: 'customer', text: 'héllo ✓' }] });

function utf16(text: string, bigEndian: boolean, bom: boolean): Uint8Array {
  const bytes: number[] = bom ? (bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]) : [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    bytes.push(...(bigEndian ? [c >> 8, c & 255] : [c & 255, c >> 8]));
  }
  return new Uint8Array(bytes);
}

test('UTF-8 with BOM, UTF-16 LE/BE with BOM and without (NUL pattern) all read the same', async () => {
  const text = `${line('a')}\n${line('b')}\n`;
  for (const content of [
    '\uFEFF' + text,
    utf16(text, false, true),
    utf16(text, true, true),
    utf16(text, false, false),
    utf16(text, true, false),
  ]) {
    const records = await readFixtures({ 'x.jsonl': content });
    assert.deepEqual(
      accepted(records).map((c) => [c.id, c.turns[0]!.text]),
      [
        ['a', 'héllo ✓'],
        ['b', 'héllo ✓'],
      ],
    );
  }
});

test('CRLF, CR and LF line endings', async () => {
  for (const eol of ['\r\n', '\r', '\n']) {
    const records = await readFixtures({ 'x.jsonl': `${line('a')}${eol}${line('b')}${eol}` }, {}, 3);
    assert.deepEqual(
      accepted(records).map((c) => c.id),
      ['a', 'b'],
    );
  }
});

test('invalid UTF-8 bytes are reported with their line, not a crash', async () => {
  const good = new TextEncoder().encode(`${line('a')}\n`);
  const bad = new TextEncoder().encode(
    JSON.stringify({ id: 'b', channel: 'chat', turns: [{ role: 'customer', text: 'bad X' }] }) + '\n',
  );
  bad[bad.indexOf(88)] = 0xff;
  const bytes = new Uint8Array([...good, ...bad]);
  const records = await readFixtures({ 'x.jsonl': bytes });
  assert.equal(records.length, 2);
  const second = records[1]!;
  assert.ok(second.ok);
  assert.deepEqual(second.conversation.metadata, {
    warnings: ['invalid utf-8 bytes on line 2 (replaced with U+FFFD)'],
  });
});

test('a missing file is one rejection naming the file', async () => {
  const records = await readFixtures({});
  assert.deepEqual(records, []);
  const { readInputs } = await import('./index.ts');
  const out = [];
  for await (const r of readInputs(['/nonexistent/file.jsonl'], {})) out.push(r);
  assert.equal(out.length, 1);
  assert.match(rejections(out)[0]!, /cannot read the file/);
});

test('an over-long line is rejected without holding it all', async () => {
  const records = await readFixtures(
    { 'x.jsonl': `${'x'.repeat(5000)}\n${line('ok')}\n` },
    { limits: { maxRecordChars: 1000 } },
    512,
  );
  assert.deepEqual(rejections(records), ['1: : record longer than 1000 characters (only its start is kept here)']);
  assert.deepEqual(
    accepted(records).map((c) => c.id),
    ['ok'],
  );
  assert.equal((records[0] as { raw: string }).raw.length, 1000);
});

test('UTF-16 files larger than the sniffing window stream through', async () => {
  const text = Array.from({ length: 40 }, (_, i) => line(`id-${i}`)).join('\r\n');
  for (const bigEndian of [false, true]) {
    const records = await readFixtures({ 'x.jsonl': utf16(text, bigEndian, !bigEndian) }, {}, 101);
    assert.deepEqual(
      accepted(records).map((c) => c.id),
      Array.from({ length: 40 }, (_, i) => `id-${i}`),
    );
  }
});
