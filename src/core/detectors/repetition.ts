import type { Behaviour, Evidence } from '../schema/index.ts';
import { tokenEvidence, quoted } from '../analysis/evidence.ts';
import { matchesOf, type PreparedTurn } from '../analysis/prepare.ts';

/**
 * The same formula said again by the agent side: a stock phrase, an acknowledgement or a whole
 * sentence repeated in a later turn. Keeps state across the agent's turns of one conversation.
 */
export class RepetitionTracker {
  private readonly seen = new Map<string, Evidence>();

  constructor(private readonly minTokens: number) {}

  check(turn: PreparedTurn): Behaviour | null {
    const evidence: Evidence[] = [];
    const keys = new Set<string>();
    const visit = (key: string, from: number, to: number, what: string) => {
      if (keys.has(key)) return;
      keys.add(key);
      const first = this.seen.get(key);
      if (first && first.turn !== turn.index) {
        evidence.push(first, tokenEvidence(turn, from, to, 'repetition', `${what} already said in turn ${first.turn}`));
      } else if (!first) this.seen.set(key, tokenEvidence(turn, from, to, 'repetition', `first use of ${what}`));
    };
    for (const m of matchesOf(turn, 'scripted')) visit(`s:${m.entry.phrase}`, m.from, m.to, `the formula ${quoted(m.entry.phrase)}`);
    for (const m of matchesOf(turn, 'behaviour')) {
      if (m.entry.label === 'acknowledgement') visit(`a:${m.entry.phrase}`, m.from, m.to, `the acknowledgement ${quoted(m.entry.phrase)}`);
    }
    let first = 0;
    let key = 't:';
    let words = 0;
    for (let i = 0; i < turn.tokens.length; i++) {
      const t = turn.tokens[i]!;
      if (t.kind === 'word' || t.kind === 'number') {
        key += ' ' + t.norm;
        words++;
      }
      const end = i + 1 === turn.tokens.length || turn.tokens[i + 1]!.sentence !== t.sentence;
      if (!end) continue;
      if (words >= this.minTokens) visit(key, first, i + 1, 'the same sentence');
      first = i + 1;
      key = 't:';
      words = 0;
    }
    return evidence.length ? { kind: 'repetition', evidence } : null;
  }
}
