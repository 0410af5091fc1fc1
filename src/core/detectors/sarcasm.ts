import type { Evidence } from '../schema/index.ts';
import type { CompiledLexicon } from '../lexicon/compile.ts';
import { tokenEvidence } from '../analysis/evidence.ts';
import { matchesOf, type PreparedTurn } from '../analysis/prepare.ts';

export interface Sarcasm {
  evidence: Evidence[];
  /** Token ranges of the praise that is meant the other way. */
  ranges: { from: number; to: number }[];
}

const INTERJECTIONS = new Set(['oh', 'well', 'wow', 'yeah', 'just', 'so', 'ah']);

/**
 * Praise that opens a sentence (or stands alone, or follows a lead-in such as "another" or "what a") next
 * to a complaint in the same or a neighbouring sentence reads as sarcasm: "Great, another week without
 * internet. Fantastic." A marker that announces it ("#sarcasm", "/s") turns the turn's praise around
 * wherever it stands, and marks the turn sarcastic even with no praise the lexicon knows.
 */
export function detectSarcasm(turn: PreparedTurn, lexicon: CompiledLexicon): Sarcasm | null {
  const praise = matchesOf(turn, 'sarcasm-positive');
  const announced = matchesOf(turn, 'sarcasm-announced');
  if (announced.length) {
    const marker = announced[0]!;
    return {
      evidence: [
        tokenEvidence(turn, marker.from, marker.to, 'sarcasm', 'the customer announces sarcasm'),
        ...praise.map((p) =>
          tokenEvidence(
            turn,
            p.from,
            p.to,
            'sarcasm',
            'praise in a turn announced as sarcastic is meant the other way',
          ),
        ),
      ],
      ranges: praise.map((p) => ({ from: p.from, to: p.to })),
    };
  }
  if (praise.length === 0) return null;
  const context = matchesOf(turn, 'sarcasm-context');
  if (context.length === 0) return null;
  // lead-ins are read here, only when praise and a complaint are both present, not by the phrase matcher:
  // words as common as "it's" and "how" would cost every turn a match
  const leadIns = lexicon.data.sarcasm.leadIns.map((l) => l.toLowerCase().split(' ').filter(Boolean));
  const leadInEndingAt = (k: number) =>
    leadIns.find(
      (words) => words.length <= k + 1 && words.every((w, i) => turn.tokens[k - words.length + 1 + i]!.norm === w),
    );
  const evidence: Evidence[] = [];
  const ranges: Sarcasm['ranges'] = [];
  for (const p of praise) {
    const sentence = turn.tokens[p.from]!.sentence;
    let k = p.from - 1;
    for (;;) {
      while (
        k >= 0 &&
        turn.tokens[k]!.sentence === sentence &&
        (turn.tokens[k]!.kind !== 'word' || INTERJECTIONS.has(turn.tokens[k]!.norm))
      )
        k--;
      const lead = k >= 0 && turn.tokens[k]!.sentence === sentence ? leadInEndingAt(k) : undefined;
      if (!lead) break;
      k -= lead.length;
    }
    const opensSentence = k < 0 || turn.tokens[k]!.sentence !== sentence;
    if (!opensSentence) continue;
    const near = context.find(
      (c) => Math.abs(turn.tokens[c.from]!.sentence - sentence) <= 1 && (c.to <= p.from || c.from >= p.to),
    );
    if (!near) continue;
    ranges.push({ from: p.from, to: p.to });
    evidence.push(
      tokenEvidence(turn, p.from, p.to, 'sarcasm', 'praise opening a sentence beside a complaint reads as sarcasm'),
      tokenEvidence(turn, near.from, near.to, 'sarcasm', 'the complaint that turns the praise around'),
    );
  }
  return ranges.length ? { evidence, ranges } : null;
}
