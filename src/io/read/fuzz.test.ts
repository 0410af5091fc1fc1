import { test } from 'node:test';
import assert from 'node:assert/strict';
import { INPUT_FORMATS, type InputFormat } from './options.ts';
import { readFixtures } from './testing.ts';

const PER_FORMAT = 300;

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEEDS: Record<InputFormat, string> = {
  jsonl:
    '{"id":"a","channel":"chat","turns":[{"role":"customer","text":"hi"}]}\n{"id":"b","channel":"voice","turns":[{"role":"agent","text":"yo","at":"2024-01-01T00:00:00Z"}]}\n',
  json: '[{"id":"a","channel":"chat","turns":[{"role":"customer","text":"hi"}]},\n {"id":"b","channel":"chat","turns":[]}]',
  csv: 'id,role,text,time\n1,customer,"hi, ""there""\nline two",2024-01-01 10:00\n1,agent,hello,2024-01-01 10:01\n2,bot,x,\n',
  transcript: '# id: t1\nAgent: hello\nCustomer: hi: there\nmore\n---\nBot: x\nCaller: y\n',
  vtt: 'WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\n<v Agent>hello</v>\n\n00:00:02.500 --> 00:00:04.000\n<v Customer>hi</v>\n',
  srt: '1\n00:00:01,000 --> 00:00:02,000\nAgent: hello\n\n2\n00:00:02,000 --> 00:00:03,000\nCustomer: hi\n',
  transcribe:
    '{"JobName":"j","Transcript":[{"ParticipantRole":"AGENT","Content":"hi","BeginOffsetMillis":0,"EndOffsetMillis":10},{"ParticipantRole":"CUSTOMER","Content":"yo"}]}',
  zendesk:
    '{"ticket":{"id":1,"requester_id":5},"comments":[{"author_id":5,"body":"help","public":true},{"author_id":6,"body":"note","public":false},{"author_id":6,"body":"ok"}]}',
  eml: 'From: a@b.example\nTo: c@d.example\nSubject: hi\nDate: Mon, 04 Mar 2024 10:02:00 +0000\n\nHello there\n\nOn Mon, x wrote:\n> old\n',
  mbox: 'From a@b Mon Mar  4 10:02:00 2024\nFrom: a@b.example\nSubject: s\n\nbody one\n\nFrom c@d Mon Mar  4 10:03:00 2024\nFrom: c@d.example\nSubject: Re: s\n\n>From body two\n',
};

const NOISE = [
  '{',
  '}',
  '[',
  ']',
  '"',
  ',',
  ':',
  '\n',
  '\r',
  '\r\n',
  '\\',
  '<v ',
  '>',
  '-->',
  '---',
  'From ',
  '\uFEFF',
  '\uFFFD',
  '\u0000',
  'é',
  '😀',
  '00:00:01.000',
  ' ',
];

function mutate(seed: string, rand: () => number): string | Uint8Array {
  const kind = Math.floor(rand() * 6);
  const at = Math.floor(rand() * (seed.length + 1));
  const noise = () => NOISE[Math.floor(rand() * NOISE.length)]!;
  switch (kind) {
    case 0:
      return Uint8Array.from({ length: Math.floor(rand() * 300) }, () => Math.floor(rand() * 256));
    case 1:
      return seed.slice(0, at);
    case 2:
      return seed.slice(0, at) + noise() + seed.slice(at);
    case 3:
      return seed.slice(0, at) + seed.slice(Math.min(seed.length, at + 1 + Math.floor(rand() * 10)));
    case 4:
      return seed.slice(0, at) + seed.slice(Math.floor(rand() * seed.length)).repeat(1 + Math.floor(rand() * 3));
    default: {
      const bytes = new TextEncoder().encode(seed);
      for (let k = 0; k < 3; k++) bytes[Math.floor(rand() * bytes.length)] = Math.floor(rand() * 256);
      return bytes;
    }
  }
}

function nonBlankLines(input: string | Uint8Array): number | undefined {
  if (typeof input !== 'string' || input.includes('\0') || input.includes('\uFEFF') || input.includes('\uFFFD'))
    return undefined;
  return input.split(/\r\n|\r|\n/).filter((l) => l.trim() !== '').length;
}

for (const format of INPUT_FORMATS) {
  test(`fuzz ${format}: ${PER_FORMAT} random and mutated inputs never throw and every record is accounted for`, async () => {
    const rand = prng(format.length * 7919 + format.charCodeAt(0));
    for (let n = 0; n < PER_FORMAT; n++) {
      const input = mutate(SEEDS[format], rand);
      const forced = rand() < 0.5;
      const limits = rand() < 0.3 ? { maxRecordChars: 40, maxTurnChars: 5, maxTurns: 1 } : {};
      const records = await readFixtures(
        { [`in.${format}`]: input },
        { ...(forced ? { inputFormat: format } : {}), limits },
        1 + Math.floor(rand() * 64),
      );
      for (const record of records) {
        if (record.ok) continue;
        assert.ok(
          record.problems.length > 0 && record.problems.every((p) => typeof p.reason === 'string' && p.reason !== ''),
          `${format} #${n}: rejection without a reason`,
        );
        assert.equal(typeof record.raw, 'string');
      }
      const indexes = records.map((r) => r.source.index);
      assert.equal(new Set(indexes).size, indexes.length, `${format} #${n}: record indexes repeat`);
      if (format === 'jsonl' && forced && Object.keys(limits).length === 0) {
        const lines = nonBlankLines(input);
        if (lines !== undefined)
          assert.equal(records.length, lines, `${format} #${n}: read ${lines} lines but ${records.length} records`);
      }
    }
  });
}
