import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withConsole } from './testing.ts';
import { runWeights } from './train-weights.ts';

const complaint = "I've been charged twice for my broadband and I'm really worried about rent this month.";
const replies = {
  specific: "That's a worry with rent due, being charged twice for broadband. I've refunded the second charge.",
  generic: "That must be stressful. I've refunded the second charge.",
  helped: "I've refunded the second charge.",
  missed: 'Our policy is that charges stand until the bill is closed.',
};
const rating = { specific: 5, generic: 3, helped: 2, missed: 1 } as const;

test("attune train weights fits the empathy weights to reviewers' ratings and writes an overlay for --config", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'attune-weights-'));
  try {
    const conversations: string[] = [];
    const reviews: string[] = [];
    let n = 0;
    for (const [kind, reply] of Object.entries(replies) as [keyof typeof replies, string][]) {
      for (let i = 0; i < 5; i++) {
        const id = `c${n++}`;
        conversations.push(
          JSON.stringify({
            id,
            channel: 'chat',
            turns: [
              { role: 'customer', text: complaint },
              { role: 'agent', text: reply },
            ],
          }),
        );
        reviews.push(JSON.stringify({ conversationId: id, empathy: rating[kind] }));
      }
    }
    reviews.push('{"conversationId": "c0", "empathy": 9}', 'not json');
    writeFileSync(join(dir, 'conversations.jsonl'), conversations.join('\n') + '\n');
    writeFileSync(join(dir, 'reviews.jsonl'), reviews.join('\n') + '\n');
    const out = join(dir, 'weights.json');
    const {
      value: code,
      logs,
      errors,
    } = await withConsole(() =>
      runWeights(['--reviews', join(dir, 'reviews.jsonl'), '--out', out, join(dir, 'conversations.jsonl')]),
    );
    assert.equal(code, 0, errors.join('\n'));
    assert.deepEqual(
      errors.map((e) => e.replace(dir, 'DIR')),
      [
        'attune train weights: DIR/reviews.jsonl line 21: field empathy: Too big: expected number to be <=5 (skipped)',
        'attune train weights: DIR/reviews.jsonl line 22: not valid JSON (Unexpected token \'o\', "not json" is not valid JSON) (skipped)',
      ],
    );
    const overlay = JSON.parse(readFileSync(out, 'utf8'));
    assert.deepEqual(Object.keys(overlay.weights).sort(), [
      'empathyPenalty',
      'fixBeforeAckCredit',
      'moment',
      'momentGrade',
    ]);
    const m = overlay.weights.moment;
    assert.ok(
      m['met-specific'] >= m['met-generic'] &&
        m['met-generic'] >= m['helped-not-heard'] &&
        m['helped-not-heard'] >= m.missed,
      JSON.stringify(m),
    );
    assert.ok(overlay.fitted.figures.empathySpearmanAfter > 0.9, JSON.stringify(overlay.fitted));
    assert.match(logs.at(-1)!, /^attune train weights: 20 conversations; empathy vs your ratings/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('attune train weights says what is missing: no reviews, no conversations, an empty or unreadable reviews file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'attune-weights-'));
  try {
    writeFileSync(join(dir, 'empty.jsonl'), '');
    writeFileSync(
      join(dir, 'c.jsonl'),
      JSON.stringify({
        id: 'c1',
        channel: 'chat',
        turns: [
          { role: 'customer', text: complaint },
          { role: 'agent', text: 'ok' },
        ],
      }) + '\n',
    );
    const { value: codes, errors } = await withConsole(async () => [
      await runWeights([]),
      await runWeights(['--reviews', join(dir, 'empty.jsonl'), join(dir, 'c.jsonl')]),
      await runWeights(['--reviews', join(dir, 'nope.jsonl'), join(dir, 'c.jsonl')]),
    ]);
    assert.deepEqual(codes, [2, 1, 1]);
    assert.match(errors[0]!, /--reviews and at least one conversations file are required/);
    assert.equal(
      errors[1],
      'attune train weights: need at least 2 reviewed conversations with an empathy moment; found 0 of 0 reviewed',
    );
    assert.equal(errors[2]!.replace(dir, 'DIR'), 'attune train weights: cannot read DIR/nope.jsonl: no such file');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
