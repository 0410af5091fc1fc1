import type { Token } from './tokenize.ts';
import { ANY, NUM, type Expansion } from '../lexicon/pattern.ts';

/** What a phrase means when it matches: its family (e.g. "emotion"), label, value and source phrase. */
export interface PhraseEntry {
  family: string;
  label: string;
  value: number;
  phrase: string;
}

export interface Match {
  entry: PhraseEntry;
  /** Token range [from, to). */
  from: number;
  to: number;
}

interface Node {
  next: Map<string, Node>;
  any?: Node;
  num?: Node;
  ends: PhraseEntry[];
}

const node = (): Node => ({ next: new Map(), ends: [] });

/**
 * A token trie over every lexicon phrase: one left-to-right pass per turn finds all matches,
 * in time linear in the turn's length times the longest phrase (no regex, no backtracking).
 */
export class PhraseMatcher {
  private readonly root = node();
  private depth = 0;

  constructor(private readonly numberWords: ReadonlySet<string>) {}

  add(expansion: Expansion, entry: PhraseEntry): void {
    let at = this.root;
    for (const part of expansion) {
      if (part === ANY) at = at.any ??= node();
      else if (part === NUM) at = at.num ??= node();
      else {
        let child = at.next.get(part);
        if (!child) at.next.set(part, (child = node()));
        at = child;
      }
    }
    if (!at.ends.some((e) => e.family === entry.family && e.label === entry.label)) at.ends.push(entry);
    this.depth = Math.max(this.depth, expansion.length);
  }

  /** All matches in the tokens, skipping punctuation only where a phrase does not name it. */
  match(tokens: readonly Token[]): Match[] {
    const found: Match[] = [];
    const stack: { at: Node; i: number }[] = [];
    for (let from = 0; from < tokens.length; from++) {
      stack.push({ at: this.root, i: from });
      while (stack.length) {
        const { at, i } = stack.pop()!;
        for (const entry of at.ends) if (i > from) found.push({ entry, from, to: i });
        if (i >= tokens.length || i - from >= this.depth) continue;
        const token = tokens[i]!;
        const child = at.next.get(token.norm);
        if (child) stack.push({ at: child, i: i + 1 });
        if (at.any && token.kind === 'word') stack.push({ at: at.any, i: i + 1 });
        if (at.num && (token.kind === 'number' || this.numberWords.has(token.norm))) stack.push({ at: at.num, i: i + 1 });
      }
    }
    // widest match first at each position, so containing phrases come before the ones inside them
    return found.sort((a, b) => a.from - b.from || b.to - a.to);
  }
}
