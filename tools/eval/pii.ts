import { readFileSync } from 'node:fs';
import { PII_TYPES, redactText, type PiiType } from '../../src/core/privacy/index.ts';
import { generateCorpus } from './pii-corpus.ts';

const TURNS = 6_000;
const STRUCTURED: PiiType[] = ['EMAIL', 'PHONE', 'CARD', 'IBAN', 'SSN', 'NI', 'IP'];

/** Plants known personal data in a generated corpus, redacts it, and prints recall and precision per type. */
export async function evaluate(): Promise<Record<string, unknown>> {
  const corpus = generateCorpus(TURNS);
  const counts = Object.fromEntries(
    PII_TYPES.map((t) => [t, { planted: 0, found: 0, truePositive: 0, detected: 0, correct: 0 }]),
  );
  const misses: string[] = [];
  const falseAlarms: string[] = [];
  for (const turn of corpus) {
    const { spans } = redactText(turn.text);
    for (const p of turn.planted) {
      counts[p.type]!.planted++;
      const hit = spans.some((s) => s.type === p.type && s.start < p.end && p.start < s.end);
      if (hit) counts[p.type]!.found++;
      else if (misses.filter((m) => m.startsWith(p.type)).length < 3)
        misses.push(`${p.type}: ${turn.text.slice(p.start, p.end)} | ${turn.text}`);
    }
    for (const s of spans) {
      counts[s.type]!.detected++;
      const right = turn.planted.some((p) => p.type === s.type && s.start < p.end && p.start < s.end);
      if (right) counts[s.type]!.correct++;
      else if (falseAlarms.filter((m) => m.startsWith(s.type)).length < 3)
        falseAlarms.push(`${s.type}: ${turn.text.slice(s.start, s.end)} | ${turn.text}`);
    }
  }
  const rows = PII_TYPES.map((type) => {
    const c = counts[type]!;
    const recall = c.planted === 0 ? 1 : c.found / c.planted;
    const precision = c.detected === 0 ? 1 : c.correct / c.detected;
    return {
      type,
      planted: c.planted,
      detected: c.detected,
      recall: round(recall),
      precision: round(precision),
      target: STRUCTURED.includes(type) ? 'recall>=0.99 precision>=0.95' : 'reported',
    };
  });
  console.log(`PII redaction on ${corpus.length} generated turns (seeded)`);
  console.table(rows);
  if (misses.length) console.log('examples of misses:\n  ' + misses.join('\n  '));
  if (falseAlarms.length) console.log('examples of false alarms:\n  ' + falseAlarms.join('\n  '));
  const structured = rows.filter((r) => STRUCTURED.includes(r.type));
  const pass = structured.every((r) => r.recall >= 0.99 && r.precision >= 0.95);
  console.log(`structured types meet targets: ${pass ? 'yes' : 'NO'}`);
  const hostileWorstMs = hostileTimings();
  const turnsPerSecond = redactionSpeed(corpus.map((turn) => turn.text));
  const heldOut = heldOutFigures(HELD_OUT);
  const heldOut2 = heldOutFigures(HELD_OUT_2);
  return {
    turns: corpus.length,
    perType: rows,
    structuredTargetsMet: pass,
    hostileWorstMs,
    turnsPerSecond,
    heldOut,
    heldOut2,
  };
}

/**
 * A held-out corpus: customer messages with planted personal data written by someone other than the scanners'
 * author, who never read them (provenance in tools/eval/README-pii.md). Reported per type. The first was used
 * while developing the scanners after it had been measured; the second was measured once, after they were done.
 */
function heldOutFigures(file: URL): Record<string, unknown> | { error: string } {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch {
    console.log(`\nno held-out PII corpus at ${file.pathname}`);
    return { error: `no held-out corpus at ${file.pathname}` };
  }
  const counts = new Map<string, { planted: number; found: number; detected: number; correct: number }>();
  const count = (type: string) =>
    counts.get(type) ?? counts.set(type, { planted: 0, found: 0, detected: 0, correct: 0 }).get(type)!;
  let lines = 0,
    negatives = 0,
    negativeAlarms = 0;
  const misses: string[] = [];
  for (const line of raw.split('\n')) {
    if (!line.trim()) continue;
    const { text, planted } = JSON.parse(line) as { text: string; planted: { type: string; value: string }[] };
    lines++;
    const spans = redactText(text).spans;
    const places = planted.map((p) => ({
      ...p,
      start: text.indexOf(p.value),
      end: text.indexOf(p.value) + p.value.length,
    }));
    if (!planted.length) {
      negatives++;
      if (spans.length) negativeAlarms++;
    }
    for (const p of places) {
      const c = count(p.type);
      c.planted++;
      // found when any placeholder covers it: what matters is that the text is gone
      if (spans.some((s) => s.start < p.end && p.start < s.end)) c.found++;
      else if (misses.length < 12) misses.push(`${p.type}: ${p.value} | ${text}`);
    }
    for (const s of spans) {
      const c = count(s.type);
      c.detected++;
      if (places.some((p) => s.start < p.end && p.start < s.end)) c.correct++;
    }
  }
  const perType = [...counts]
    .map(([type, c]) => ({
      type,
      planted: c.planted,
      recall: c.planted ? round(c.found / c.planted) : null,
      detected: c.detected,
      precision: c.detected ? round(c.correct / c.detected) : null,
    }))
    .sort((a, b) => (a.type < b.type ? -1 : 1));
  console.log(
    `\nPII on the held-out corpus ${file.pathname.split('/').at(-1)} (${lines} messages written apart from the scanners, ${negatives} with no personal data)`,
  );
  console.table(perType);
  console.log(`negatives with a false alarm: ${negativeAlarms} of ${negatives}`);
  if (misses.length) console.log('examples of misses:\n  ' + misses.join('\n  '));
  return { lines, negatives, negativeAlarms, perType };
}

const HELD_OUT = new URL('./pii-heldout.jsonl', import.meta.url);
const HELD_OUT_2 = new URL('./pii-heldout-2.jsonl', import.meta.url);

/** Redaction speed on one core: turns a second by CPU time (so a busy machine changes it less), median of five runs. */
function redactionSpeed(texts: string[]): number {
  for (const text of texts) redactText(text);
  const runs: number[] = [];
  for (let r = 0; r < 5; r++) {
    const started = process.cpuUsage();
    for (const text of texts) redactText(text);
    const used = process.cpuUsage(started);
    runs.push((used.user + used.system) / 1000);
  }
  const ms = runs.sort((a, b) => a - b)[2]!;
  const perSecond = Math.round((texts.length * 1000) / ms);
  console.log(
    `redaction speed: ${perSecond.toLocaleString('en')} turns/s of CPU time on the generated turns (median of 5 runs, one core)`,
  );
  return perSecond;
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

if (import.meta.url === `file://${process.argv[1]}`) await evaluate();

/** Redacts 1 MB adversarial strings and prints the slowest (the scanners are linear, so this stays well under a second). */
function hostileTimings(): number {
  const size = 1_000_000;
  const hostile: Record<string, string> = {
    'a@': 'a@'.repeat(size / 2),
    '1 ': '1 '.repeat(size / 2),
    '1-': '1-'.repeat(size / 2),
    '::': '::'.repeat(size / 2),
    'AB1 ': 'AB1 '.repeat(size / 4),
    '9': '9'.repeat(size),
    'my name is ': 'my name is '.repeat(size / 11),
    'Mr ': 'Mr '.repeat(size / 3),
    '1 A ': '1 A '.repeat(size / 4),
    'GB82 ': 'GB82 '.repeat(size / 5),
    'jo@x.io ': 'jo@x.io '.repeat(size / 8),
    'a:': 'a:'.repeat(size / 2),
    'a at b dot ': 'a at b dot '.repeat(size / 11),
    'dob 1 ': 'dob 1 '.repeat(size / 6),
    'password is ': 'password is '.repeat(size / 12),
    '0 ': '0 '.repeat(size / 2),
    'sort code 1 ': 'sort code 11-11-11 '.repeat(size / 19),
  };
  let worst = 0;
  let worstName = '';
  for (const [name, text] of Object.entries(hostile)) {
    const started = performance.now();
    redactText(text);
    const ms = performance.now() - started;
    if (ms > worst) [worst, worstName] = [ms, name];
  }
  console.log(`hostile 1 MB inputs: slowest ${JSON.stringify(worstName)} repeated took ${worst.toFixed(0)} ms`);
  return Math.round(worst);
}
