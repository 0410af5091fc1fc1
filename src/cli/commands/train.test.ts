import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEmotionModel } from '../../io/models.ts';
import { withConsole } from './testing.ts';
import { parseLabelledTurns, run } from './train.ts';

test('bad lines are reported with their number and reason, and skipped', () => {
  const raw = [
    '{"text": "thanks so much", "labels": ["gratitude"]}',
    '',
    '{"text": "oops", "labels": "gratitude"}',
    'not json at all',
    '{"text": "", "labels": []}',
    '{"labels": ["anger"]}',
    '{"text": "where is it", "labels": []}',
  ].join('\n');
  const parsed = parseLabelledTurns(raw);
  assert.deepEqual(parsed.texts, ['thanks so much', 'where is it']);
  assert.deepEqual(parsed.labels, [['gratitude'], []]);
  assert.equal(parsed.rejected.length, 4);
  assert.match(parsed.rejected[0]!, /^line 3: field labels: /);
  assert.match(parsed.rejected[1]!, /^line 4: not valid JSON/);
  assert.equal(parsed.rejected[2], 'line 5: field text: text is empty');
  assert.match(parsed.rejected[3]!, /^line 6: field text: /);
});

test('attune train writes an artefact that loads and predicts the user labels', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'attune-train-'));
  try {
    const lines: string[] = [];
    const cues = {
      gratitude: ['thanks', 'thank you', 'cheers', 'grateful'],
      frustration: ['useless', 'ridiculous', 'fed up', 'again?!'],
    };
    for (let i = 0; i < 80; i++) {
      const label = i % 2 ? 'gratitude' : 'frustration';
      lines.push(JSON.stringify({ text: `order ${i % 7} ${cues[label][i % 4]}`, labels: [label] }));
    }
    lines.splice(5, 0, '{broken');
    const data = join(dir, 'qa.jsonl');
    writeFileSync(data, lines.join('\n'));
    const out = join(dir, 'qa.model.json');
    const { value: code, logs, errors } = await withConsole(() => run(['--data', data, '--out', out, '--seed', '4']));
    assert.equal(code, 0);
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /qa\.jsonl line 6: not valid JSON .*\(skipped\)$/);
    assert.match(logs[0]!, /80 turns, 2 labels \(frustration, gratitude\), 1 lines skipped/);
    const loaded = readEmotionModel(out);
    assert.ok(loaded.ok);
    assert.deepEqual(loaded.linear.artefact.heads[0]!.labels, ['frustration', 'gratitude']);
    assert.deepEqual(
      loaded.model
        .predictEmotions('thanks a lot')
        .filter((e) => e.fired)
        .map((e) => e.label),
      ['gratitude'],
    );
    assert.match(JSON.parse(readFileSync(out, 'utf8')).header.data, /qa\.jsonl: 80 labelled turns \(1 lines skipped\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('attune train without --data or with a missing file fails with a clear message', async () => {
  const errors: string[] = [];
  const { error } = console;
  console.error = (m: string) => errors.push(m);
  try {
    assert.equal(await run([]), 2);
    assert.equal(await run(['--data', '/nonexistent/x.jsonl']), 1);
  } finally {
    console.error = error;
  }
  assert.match(errors[0]!, /--data is required/);
  assert.equal(errors[1], 'attune train: cannot read /nonexistent/x.jsonl: no such file');
});
