import type { Behaviour, Evidence } from '../schema/index.ts';
import { tokenEvidence, quotedWords } from '../analysis/evidence.ts';
import { matchesOf, type PreparedTurn } from '../analysis/prepare.ts';

type What = 'formula' | 'acknowledgement' | 'sentence';

/** Where a formula or sentence was first said; its evidence is built only if it is said again. */
interface FirstUse {
  turn: PreparedTurn;
  from: number;
  to: number;
  evidence?: Evidence;
  /** The last turn that visited this key, so each key counts once per turn. */
  visited: number;
}

/** In words: what was said, quoted as the turn said it (a lexicon entry's pattern never shows). */
const describe = (what: What, turn: PreparedTurn, from: number, to: number) =>
  what === 'sentence' ? 'the same sentence' : `the ${what} ${quotedWords(turn, from, to)}`;

/**
 * The same formula said again by the agent side: a stock phrase, an acknowledgement or a whole
 * sentence repeated in a later turn. Keeps state across the agent's turns of one conversation.
 */
export class RepetitionTracker {
  // one map per kind keyed by the phrase itself (or the sentence's words), so no key string is built per match
  private readonly seen: Record<What, Map<string, FirstUse>> = {
    formula: new Map(),
    acknowledgement: new Map(),
    sentence: new Map(),
  };

  constructor(private readonly minTokens: number) {}

  check(turn: PreparedTurn): Behaviour | null {
    const evidence: Evidence[] = [];
    for (const m of matchesOf(turn, 'scripted')) this.visit(evidence, turn, 'formula', m.entry.phrase, m.from, m.to);
    for (const m of matchesOf(turn, 'behaviour'))
      if (m.entry.label === 'acknowledgement')
        this.visit(evidence, turn, 'acknowledgement', m.entry.phrase, m.from, m.to);
    let first = 0;
    // the sentence's words joined once into a flat key, rather than a rope grown word by word
    const words: string[] = [];
    for (let i = 0; i < turn.tokens.length; i++) {
      const t = turn.tokens[i]!;
      if (t.kind === 'word' || t.kind === 'number') words.push(t.norm);
      const end = i + 1 === turn.tokens.length || turn.tokens[i + 1]!.sentence !== t.sentence;
      if (!end) continue;
      if (words.length >= this.minTokens) this.visit(evidence, turn, 'sentence', words.join(' '), first, i + 1);
      first = i + 1;
      words.length = 0;
    }
    return evidence.length ? { kind: 'repetition', evidence } : null;
  }

  /** Notes a formula or sentence; a repeat adds its first use and itself to `evidence`, once per turn. */
  private visit(evidence: Evidence[], turn: PreparedTurn, what: What, key: string, from: number, to: number): void {
    const seen = this.seen[what];
    const first = seen.get(key);
    if (!first) {
      seen.set(key, { turn, from, to, visited: turn.index });
      return;
    }
    if (first.visited === turn.index) return;
    first.visited = turn.index;
    first.evidence ??= tokenEvidence(
      first.turn,
      first.from,
      first.to,
      'repetition',
      `first use of ${describe(what, first.turn, first.from, first.to)}`,
    );
    evidence.push(
      first.evidence,
      tokenEvidence(
        turn,
        from,
        to,
        'repetition',
        `${describe(what, turn, from, to)} already said in turn ${first.turn.index}`,
      ),
    );
  }
}
