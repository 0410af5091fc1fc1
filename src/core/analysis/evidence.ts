import type { Evidence } from '../schema/index.ts';
import type { PreparedTurn } from './prepare.ts';

/** Evidence for tokens [from, to) of a turn. */
export function tokenEvidence(turn: PreparedTurn, from: number, to: number, detector: string, why: string): Evidence {
  const start = turn.tokens[from]!.start;
  const end = turn.tokens[to - 1]!.end;
  return { turn: turn.index, start, end, text: turn.text.slice(start, end), detector, why };
}

/** Evidence for a character span of a turn. */
export function spanEvidence(turn: PreparedTurn, start: number, end: number, detector: string, why: string): Evidence {
  return { turn: turn.index, start, end, text: turn.text.slice(start, end), detector, why };
}

/** Earliest position of a list of evidence, as a comparable number (turn-major). */
export function firstPosition(evidence: readonly Evidence[]): number {
  let best = Infinity;
  for (const e of evidence) best = Math.min(best, e.turn * 1e9 + e.start);
  return best;
}

/** Words as shown in a reason: quoted, long ones cut so a reason stays readable. */
function quoted(words: string): string {
  return words.length <= 48 ? `"${words}"` : `"${words.slice(0, 45)}…"`;
}

/** The words of tokens [from, to) of a turn, quoted: a reason says what a lexicon phrase matched, never its pattern. */
export function quotedWords(turn: PreparedTurn, from: number, to: number): string {
  return quoted(turn.text.slice(turn.tokens[from]!.start, turn.tokens[to - 1]!.end));
}
