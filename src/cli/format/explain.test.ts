import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeConversation } from '../../core/analyze.ts';
import { redactConversation } from '../../core/privacy/redact.ts';
import { Conversation, type Evidence } from '../../core/schema/index.ts';
import { loadEngine } from '../../io/engine.ts';
import { explain } from './explain.ts';

const EXAMPLES = path.join(import.meta.dirname, '..', '..', '..', 'examples', 'conversations');
/** What a lexicon pattern looks like: alternatives, optional groups, placeholders. */
const PATTERN = /\||\)\?|#num|#name/;

function evidenceOf(value: unknown, into: Evidence[] = []): Evidence[] {
  if (Array.isArray(value)) for (const v of value) evidenceOf(v, into);
  else if (value !== null && typeof value === 'object') {
    if ('detector' in value && 'why' in value) into.push(value as Evidence);
    else for (const v of Object.values(value)) evidenceOf(v, into);
  }
  return into;
}

test('every reason in the examples says in words what matched: no lexicon pattern, no bare punctuation quoted', async () => {
  const engine = await loadEngine();
  const analyses = readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => readFileSync(path.join(EXAMPLES, f), 'utf8').split('\n').filter(Boolean))
    .map((line) => Conversation.parse(JSON.parse(line)))
    .filter((c) => c.consent.analysis)
    .map((c) => analyzeConversation(redactConversation(c), engine));
  const evidence = evidenceOf(analyses);
  assert.ok(evidence.length > 1000);
  assert.deepEqual(
    evidence.filter((e) => PATTERN.test(e.why)).map((e) => e.why),
    [],
  );
  assert.deepEqual(
    evidence.filter((e) => !/[\p{L}\p{N}\p{S}]/u.test(e.text)).map((e) => `${e.detector}: "${e.text}"`),
    [],
  );
  for (const a of analyses) if (!('skipped' in a)) assert.doesNotMatch(explain(a), PATTERN);
});
