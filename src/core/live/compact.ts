import type { TurnFindings } from '../scoring/moments.ts';
import type { Vocabulary } from '../text/vocabulary.ts';

const NO_IDS: number[] = [];
/** Read by index only (`negated[i]`, falsy past the end): a turn without negation shares it. */
const NO_NEGATION: boolean[] = [];

/**
 * A committed turn's findings as an open session keeps them until it closes: each token's norm that is a lexicon word
 * shares the vocabulary's copy, the word ids and the flat match list, read once while the turn was read (the grouped
 * matches stay), are let go, and a turn with no negated token shares one empty negation list. Same findings, less heap
 * per open session: tokens are most of what a session holds.
 */
export function compact(findings: TurnFindings, vocabulary: Vocabulary): TurnFindings {
  const { tokens, ids } = findings.turn;
  for (let i = 0; i < tokens.length; i++) {
    const word = ids[i]! >= 0 ? vocabulary.word(ids[i]!) : undefined;
    if (word !== undefined) tokens[i]!.norm = word;
  }
  findings.turn.ids = NO_IDS;
  findings.turn.matches = [];
  if (!findings.turn.negated.includes(true)) findings.turn.negated = NO_NEGATION;
  return findings;
}
