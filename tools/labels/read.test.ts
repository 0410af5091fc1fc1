import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConversationLabel } from '../../src/core/training/labels.ts';
import { agreementOf, disagreements } from './agreement.ts';
import { readLabels } from './read.ts';

const label = (id: string, sentiment: 'negative' | 'neutral', helped: boolean) => ({
  id,
  customer: [{ turn: 0, sentiment, emotions: [], cues: [], vulnerability: [], moment: false }],
  agent: [{ turn: 1, acknowledgement: 'none', helped, scripted: false, template: false, blame: false }],
  empathy: null,
  helpfulness: 3,
});

test('a label file: each bad line is named with its number and field, the good ones kept; an empty file is no labels', () => {
  const dir = mkdtempSync(join(tmpdir(), 'attune-labels-'));
  try {
    const file = join(dir, 'a.jsonl');
    writeFileSync(
      file,
      [
        JSON.stringify(label('c1', 'negative', true)),
        '',
        '{broken',
        JSON.stringify({ ...label('c2', 'neutral', true), helpfulness: 9 }),
        'x'.repeat(100_000),
      ].join('\n'),
    );
    const { labels, errors } = readLabels(file, ConversationLabel);
    assert.deepEqual(
      labels.map((l) => l.id),
      ['c1'],
    );
    assert.deepEqual(
      errors.map((e) => e.replace(dir, 'DIR').replace(/\(.*\)/, '(…)')),
      [
        'DIR/a.jsonl:3: not JSON (…)',
        'DIR/a.jsonl:4: helpfulness: Too big: expected number to be <=5',
        'DIR/a.jsonl:5: not JSON (…)',
      ],
    );
    writeFileSync(file, '');
    assert.deepEqual(readLabels(file, ConversationLabel), { labels: [], errors: [] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('agreement is kappa per field over the units both labelled; disagreements name field and turn', () => {
  const a = [label('c1', 'negative', true), label('c2', 'neutral', false)].map((l) => ConversationLabel.parse(l));
  const b = [label('c1', 'negative', false), label('c2', 'neutral', false)].map((l) => ConversationLabel.parse(l));
  const rows = Object.fromEntries(agreementOf(a, b).map((r) => [r.field, [r.units, r.agreement, r.kappa]]));
  assert.deepEqual(
    [rows.sentiment, rows.helped],
    [
      [2, 1, 1],
      [2, 0.5, 0],
    ],
  );
  assert.deepEqual(disagreements(a[0]!, b[0]!), ['helped (turn 1)']);
  assert.deepEqual(disagreements(a[1]!, b[1]!), []);
});
