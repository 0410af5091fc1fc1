import type { Evidence } from '../schema/index.ts';
import type { CompiledLexicon } from '../lexicon/compile.ts';
import { tokenEvidence } from '../analysis/evidence.ts';
import { inHandle, matchesOf, type PreparedTurn } from '../analysis/prepare.ts';
import { CONTRAST } from '../text/vocabulary.ts';
import type { Match } from '../text/matcher.ts';

export interface Sarcasm {
  evidence: Evidence[];
  /** Token ranges of the praise that is meant the other way. */
  ranges: { from: number; to: number }[];
}

const INTERJECTIONS = new Set(['oh', 'well', 'wow', 'yeah', 'just', 'so', 'ah']);
const CLAUSE_ENDS = new Set([',', '.', '!', '?', ';', ':']);

/**
 * Thanks whose own clause names something suffered: "thank you for allowing me to spend more money on a broken
 * phone", "thanks for making me wait 3 hours". The clause ends at punctuation or "but", so a thanks followed by a
 * complaint ("thanks for the update, still waiting") is a polite complaint, not sarcasm.
 */
function sarcasticThanks(turn: PreparedTurn, lexicon: CompiledLexicon, out: Sarcasm): void {
  const thanks = matchesOf(turn, 'sarcasm-thanks');
  const suffered = matchesOf(turn, 'sarcasm-suffered');
  if (thanks.length === 0 || suffered.length === 0) return;
  for (const t of thanks) {
    if (inHandle(turn, t.from)) continue;
    let end = t.to;
    while (
      end < turn.tokens.length &&
      turn.tokens[end]!.sentence === turn.tokens[t.from]!.sentence &&
      !CLAUSE_ENDS.has(turn.tokens[end]!.norm) &&
      !lexicon.vocabulary.is(turn.ids[end]!, CONTRAST)
    )
      end++;
    const what = suffered.find((s) => s.from >= t.to && s.to <= end);
    if (what)
      turnAround(
        out,
        turn,
        t,
        'thanks for something suffered is meant the other way',
        what,
        'what the customer was made to suffer',
      );
  }
}

/** Records praise meant the other way, and what turned it, as evidence. */
function turnAround(
  out: Sarcasm,
  turn: PreparedTurn,
  praise: Match,
  why: string,
  cause: Match,
  causeWhy: string,
): void {
  out.ranges.push({ from: praise.from, to: praise.to });
  out.evidence.push(
    tokenEvidence(turn, praise.from, praise.to, 'sarcasm', why),
    tokenEvidence(turn, cause.from, cause.to, 'sarcasm', causeWhy),
  );
}

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
  const out: Sarcasm = { evidence: [], ranges: [] };
  sarcasticThanks(turn, lexicon, out);
  const context = matchesOf(turn, 'sarcasm-context');
  if (praise.length === 0 || context.length === 0) return out.ranges.length ? out : null;
  // lead-ins are read here, only when praise and a complaint are both present, not by the phrase matcher:
  // words as common as "it's" and "how" would cost every turn a match
  const leadIns = lexicon.data.sarcasm.leadIns.map((l) => l.toLowerCase().split(' ').filter(Boolean));
  const leadInEndingAt = (k: number) =>
    leadIns.find(
      (words) => words.length <= k + 1 && words.every((w, i) => turn.tokens[k - words.length + 1 + i]!.norm === w),
    );
  for (const p of praise) {
    if (inHandle(turn, p.from)) continue;
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
    if (near)
      turnAround(
        out,
        turn,
        p,
        'praise opening a sentence beside a complaint reads as sarcasm',
        near,
        'the complaint that turns the praise around',
      );
  }
  return out.ranges.length ? out : null;
}
