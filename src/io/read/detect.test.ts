import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectFormat } from './detect.ts';
import { readFixtures, rejections } from './testing.ts';

test('formats are told apart by content, the extension breaks ties', () => {
  const cases: [string, string, string | undefined][] = [
    ['{"id":"a","channel":"chat","turns":[]}\n{"id":"b"}', 'in', 'jsonl'],
    ['{\n  "id": "a"\n}', 'in', 'json'],
    ['[{"id":"a"}]', 'in', 'json'],
    ['\uFEFF{"Transcript":[]}', 'x.json', 'json'],
    ['WEBVTT\n\n00:00.000 --> 00:01.000\nhi', 'in', 'vtt'],
    ['1\n00:00:01,000 --> 00:00:02,000\nAgent: hi', 'in', 'srt'],
    ['From a@b.c Mon Mar  4 10:02:00 2024\nFrom: a@b.c\n', 'in', 'mbox'],
    ['Received: by x\nFrom: a@b.c\nSubject: hi\n\nbody', 'in', 'eml'],
    ['conversation_id,role,text\n1,agent,hi', 'in', 'csv'],
    ['Agent: hi\nCustomer: hello, there', 'in', 'transcript'],
    ['whatever text', 'notes.txt', 'transcript'],
    ['whatever text', 'in', undefined],
    ['', 'in', undefined],
  ];
  assert.deepEqual(
    cases.map(([head, file]) => detectFormat(head, file)),
    cases.map(([, , expected]) => expected),
  );
});

test('an unrecognisable file is one rejection asking for --input-format', async () => {
  assert.deepEqual(rejections(await readFixtures({ blob: 'whatever text' })), [
    '1: : could not tell the format from the content (use --input-format)',
  ]);
});

test('an empty or blank file yields no records', async () => {
  assert.deepEqual(await readFixtures({ 'a.jsonl': '', 'b.csv': '\uFEFF \n\n' }), []);
});
