import { spanEvidence } from '../analysis/evidence.ts';
import { isAgentSide, matchesOf } from '../analysis/prepare.ts';
import type { OverallPart } from './overall.ts';
import type { TurnFindings } from './moments.ts';
import type { CompiledLexicon } from '../lexicon/compile.ts';
import type { Emotion, Evidence } from '../schema/index.ts';
import { asked } from '../detectors/sentiment.ts';

/** The emotions that answer help: the customer thanked, or said it worked. */
const ANSWERS = new Set<string>(['gratitude', 'satisfaction']);
const strongest = (emotions: readonly Emotion[]) =>
  emotions.reduce<Emotion | null>((best, e) => (!best || e.intensity > best.intensity ? e : best), null);
/** Sarcasm or a negative emotion at moment strength: thanks beside it is not an answer that the help worked. */
const upset = (f: TurnFindings, lexicon: CompiledLexicon) =>
  f.sarcastic ||
  f.emotions.some((e) => !lexicon.positiveEmotions.has(e.label) && e.intensity >= lexicon.emotionThresholds.moment);

/**
 * What in a customer's turn says the reply worked for them: thanks or satisfaction, or the problem stated as solved
 * ("works now"); nothing when the turn is also upset or sarcastic. Empty when the turn says no such thing.
 */
export function tookWell(f: TurnFindings, lexicon: CompiledLexicon): Evidence[] {
  if (upset(f, lexicon)) return [];
  // a question ("is it working now?") states nothing
  const atToken = (start: number) => f.turn.tokens.findIndex((t) => t.start === start);
  const thanked = f.emotions
    .filter((e) => ANSWERS.has(e.label))
    .map((e) => e.evidence[0]!)
    .filter((e) => e.turn !== f.turn.index || atToken(e.start) < 0 || !asked(f.turn, atToken(e.start)));
  // a resolution phrase that is negated or asked does not lift the turn's sentiment
  const starts = new Set(
    matchesOf(f.turn, 'sentiment')
      .filter((m) => m.entry.label === 'resolution')
      .map((m) => f.turn.tokens[m.from]!.start),
  );
  const stated =
    f.sentiment > 0 ? (f.sentimentEvidence ?? []).filter((e) => e.detector === 'sentiment' && starts.has(e.start)) : [];
  return [...stated, ...thanked];
}

/**
 * How the customer answered the help: their last turn's sentiment on 0..100, when that turn came
 * after an agent or bot reply (otherwise it says nothing about the response, and does not apply).
 */
export function customerEnd(findings: readonly TurnFindings[], lexicon: CompiledLexicon): OverallPart {
  let replied = false;
  let last: TurnFindings | null = null;
  for (const f of findings) {
    if (isAgentSide(f.turn.role)) replied = true;
    else if (f.turn.role === 'customer' && replied) last = f;
  }
  if (!last) return { score: null, why: 'the customer did not write after a reply' };
  // earned thanks or satisfaction is the customer's answer to the help, even where the words' valence reads neutral
  // (relief is left to the valence: a bare "finally" after a long wait is as often exasperation)
  const earned = upset(last, lexicon) ? null : strongest(last.emotions.filter((e) => ANSWERS.has(e.label)));
  const answer = earned && earned.intensity > last.sentiment ? earned.intensity : last.sentiment;
  const why =
    earned && answer === earned.intensity
      ? `the customer's last turn after a reply showed ${earned.label} (${earned.intensity})`
      : `the customer's last turn after a reply had sentiment ${last.sentiment}`;
  const evidence = last.emotions.length
    ? last.emotions.map((e) => e.evidence[0]!)
    : [spanEvidence(last.turn, 0, Math.min(last.turn.text.length, 160), 'sentiment', why)];
  return { score: Math.round(50 + 50 * answer), why, evidence };
}

/** The customer's last turn on 0..100, whether or not a reply came before it: the outcome when nothing of the agent's applies. */
export function customerLast(findings: readonly TurnFindings[]): OverallPart {
  const last = findings.filter((f) => f.turn.role === 'customer').at(-1);
  if (!last) return { score: null, why: 'the customer did not write' };
  const why = `the customer's last turn had sentiment ${last.sentiment}`;
  return {
    score: Math.round(50 + 50 * last.sentiment),
    why,
    evidence: [spanEvidence(last.turn, 0, Math.min(last.turn.text.length, 160), 'sentiment', why)],
  };
}
