import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { replay } from '../../src/core/live/replay.ts';
import { Conversation } from '../../src/core/schema/index.ts';
import { loadEngine } from '../../src/io/engine.ts';

const here = dirname(fileURLToPath(import.meta.url));
const expected = (JSON.parse(readFileSync(join(here, 'live-cues.json'), 'utf8')) as { cues: Record<string, string[]> })
  .cues;
const conversations = readdirSync(here)
  .filter((f) => f.endsWith('.jsonl'))
  .sort()
  .flatMap((f) =>
    readFileSync(join(here, f), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => Conversation.parse(JSON.parse(line))),
  );
// the engine `attune serve` runs: the default lexicon and the shipped emotion model
const engine = await loadEngine();

/** The cues a replay shows, as kind@turn of the customer words each quotes. */
const shown = (c: Conversation) =>
  replay(c, engine).flatMap((e) => (e.type === 'cue' ? [`${e.cue.kind}@${e.cue.evidence[0]!.turn}`] : []));

/** Matches shown cues to expected ones, each expected cue used once. */
function matched(got: string[], want: string[]): number {
  const left = [...want];
  let hits = 0;
  for (const g of got) {
    const i = left.indexOf(g);
    if (i >= 0) {
      left.splice(i, 1);
      hits++;
    }
  }
  return hits;
}

test('every example conversation has hand-written live cues', () => {
  assert.deepEqual(
    conversations.map((c) => c.id).filter((id) => !(id in expected)),
    [],
  );
});

test('replayed live, the examples get the cues written for them: precision >= 0.9, recall >= 0.9', () => {
  let hits = 0;
  let got = 0;
  let want = 0;
  for (const c of conversations) {
    const cues = shown(c);
    hits += matched(cues, expected[c.id]!);
    got += cues.length;
    want += expected[c.id]!.length;
  }
  const precision = hits / got;
  const recall = hits / want;
  console.log(
    `live cues on ${conversations.length} examples: ${got} shown, ${want} expected, precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`,
  );
  assert.ok(precision >= 0.9, `precision ${precision.toFixed(3)}`);
  assert.ok(recall >= 0.9, `recall ${recall.toFixed(3)}`);
});

test('no cue fires on a routine conversation', () => {
  const routine = conversations.filter((c) => {
    const cases = (c.metadata?.demonstrates ?? []) as string[];
    return (
      cases.includes('routine-enquiry') &&
      !cases.some((k) => ['capability', 'financial-hardship', 'health', 'bereavement', 'isolation'].includes(k))
    );
  });
  assert.ok(routine.length >= 5);
  assert.deepEqual(
    Object.fromEntries(routine.map((c) => [c.id, shown(c)])),
    Object.fromEntries(routine.map((c) => [c.id, []])),
  );
});

test('an opted-out example is not analysed live: acknowledgements only', () => {
  const optedOut = conversations.filter((c) => c.consent.analysis === false);
  assert.ok(optedOut.length >= 1);
  for (const c of optedOut) assert.deepEqual(new Set(replay(c, engine).map((e) => e.type)), new Set(['ack']));
});
