import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeBytes, lineRaw, splitLines, type DecodeReport } from './decode.ts';
import { rawBytes, rawForJson, type InputRecord } from './record.ts';
import { encodeRaw } from './raw.ts';
import { readFixtures } from './testing.ts';

const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
const join = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));
const rejected = (records: InputRecord[]) => records.flatMap((r) => (r.ok ? [] : [r]));
const bytesOf = (records: InputRecord[]) => rejected(records).map((r) => Buffer.from(rawBytes(r)).toString('hex'));
const hex = (...parts: Uint8Array[]) => parts.map((p) => Buffer.from(p).toString('hex'));

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** A small deterministic PRNG, so a failure can be replayed. */
function prng(seed: number) {
  return () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
}

test('any bytes decode and split into lines that give back exactly those bytes, whatever the chunking', async () => {
  const random = prng(7);
  const alphabet = [
    0x41, 0x0a, 0x0d, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0xff, 0x80, 0xed, 0xa0, 0xef, 0xbb, 0xbf,
    0x00,
  ];
  for (let round = 0; round < 300; round++) {
    const bytes = Uint8Array.from(
      { length: Math.floor(random() * 700) },
      () => alphabet[Math.floor(random() * alphabet.length)]!,
    );
    const report: DecodeReport = { encoding: 'utf-8', invalidLines: [] };
    const lines = [];
    for await (const line of splitLines(
      decodeBytes(chunked(bytes, 1 + Math.floor(random() * 40)), report),
      report,
      1_000_000,
    ))
      lines.push(line);
    if (report.encoding !== 'utf-8') continue;
    const again = encodeRaw(lines.map(lineRaw).join(''), report.encoding);
    assert.deepEqual(Buffer.from(again).toString('hex'), Buffer.from(bytes).toString('hex'), `round ${round}`);
  }
});

test('rejected JSONL lines keep their byte order mark, CRLF and invalid bytes exactly', async () => {
  const bad1 = utf8('\uFEFF{"id": "a", "turns": 3}\r\n');
  const good = utf8('{"id":"b","channel":"chat","turns":[{"role":"customer","text":"hi"}]}\r\n');
  const bad2 = join(
    utf8('{"id":"c","channel":"fax","turns":[{"role":"customer","text":"caf'),
    Uint8Array.of(0xe9, 0xff),
    utf8('"}]}\n'),
  );
  const records = await readFixtures({ 'x.jsonl': join(bad1, good, bad2) });
  assert.deepEqual(bytesOf(records), hex(bad1, bad2));
  assert.deepEqual(rejected(records).map(rawForJson), [
    { raw: '\uFEFF{"id": "a", "turns": 3}\r\n' },
    { rawBase64: Buffer.from(bad2).toString('base64') },
  ]);
});

test('an accepted record with invalid bytes has U+FFFD in its text, and a warning', async () => {
  const line = join(
    utf8('{"id":"d","channel":"chat","turns":[{"role":"customer","text":"caf'),
    Uint8Array.of(0xe9),
    utf8(' ok"}]}\n'),
  );
  const [record] = await readFixtures({ 'x.jsonl': line });
  assert.deepEqual(record, {
    ok: true,
    source: { file: 'x.jsonl', line: 1, index: 0 },
    conversation: {
      id: 'd',
      channel: 'chat',
      language: 'en',
      consent: { analysis: true },
      turns: [{ role: 'customer', text: 'caf\uFFFD ok' }],
      metadata: { warnings: ['invalid utf-8 bytes on line 1 (replaced with U+FFFD)'] },
    },
  });
});

test('a rejected element of a pretty-printed JSON array is its exact text, CRLF and invalid bytes included', async () => {
  const element = join(
    utf8('{\r\n    "id": "e",\r\n    "channel": "chat",\r\n    "turns": [{"role": "alien", "text": "x'),
    Uint8Array.of(0xc0),
    utf8('"}]\r\n  }'),
  );
  const body = join(
    utf8('[\r\n  '),
    element,
    utf8(',\r\n  {"id": "f", "channel": "chat", "turns": [{"role": "customer", "text": "ok"}]}\r\n]\r\n'),
  );
  const records = await readFixtures({ 'x.json': body });
  assert.deepEqual(bytesOf(records), hex(element));
});

test('a JSON document that is one value keeps the byte order mark it began with', async () => {
  const body = utf8('\uFEFF{"id": "g", "channel": "chat", "turns": "none"}\r\n');
  assert.deepEqual(
    bytesOf(await readFixtures({ 'x.json': body })),
    hex(utf8('\uFEFF{"id": "g", "channel": "chat", "turns": "none"}')),
  );
});

test('a rejected CSV conversation is its rows as they came: CRLF, a quoted line break, invalid bytes', async () => {
  const header = utf8('\uFEFFconversation,role,text\r\n');
  const ok = utf8('c1,customer,hello\r\n');
  const bad = join(utf8('c2,customer,"two\r\nlines"\r\nc2,martian,'), Uint8Array.of(0xfe), utf8('\r\n'));
  assert.deepEqual(bytesOf(await readFixtures({ 'x.csv': join(header, ok, bad) })), hex(bad));
});

test('a rejected transcript block and an e-mail are their lines as they came', async () => {
  const block = utf8('# id: t1\r\nAgent: hello\r\nMartian: hi\r\n');
  const records = await readFixtures({ 'x.txt': join(block, utf8('---\r\nAgent: fine\r\nCustomer: ok\r\n')) });
  assert.deepEqual(bytesOf(records), hex(block));
  const mail = join(
    utf8('From: a@example.com\r\nTo: b@example.com\r\nSubject: hi\r\n\r\n> only a quote '),
    Uint8Array.of(0xff),
    utf8('\r\n'),
  );
  assert.deepEqual(bytesOf(await readFixtures({ 'x.eml': mail })), hex(mail));
});

test('a rejected line of a UTF-16 file is written back in UTF-16, byte order mark included', async () => {
  const utf16le = (text: string) => new Uint8Array(Buffer.from(text, 'utf16le'));
  const bad = join(Uint8Array.of(0xff, 0xfe), utf16le('{"id": "u", "turns": 1}\r\n'));
  const good = utf16le('{"id":"v","channel":"chat","turns":[{"role":"customer","text":"ok"}]}\r\n');
  const records = await readFixtures({ 'x.jsonl': join(bad, good) });
  assert.deepEqual(bytesOf(records), hex(bad));
  assert.deepEqual(rejected(records).map(rawForJson), [{ rawBase64: Buffer.from(bad).toString('base64') }]);
});
