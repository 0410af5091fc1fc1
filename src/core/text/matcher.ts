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

  /** All matches in the tokens, widest first at each position. */
  match(tokens: readonly Token[]): Match[] {
    const found: Match[] = [];
    // an explicit stack in two arrays: no per-step allocation on the hot path
    const nodes: Node[] = [];
    const positions: number[] = [];
    const push = (node: Node, position: number) => {
      nodes.push(node);
      positions.push(position);
    };
    for (let from = 0; from < tokens.length; from++) {
      const first = tokens[from]!;
      const start = this.root.next.get(first.norm);
      const startNum = this.root.num && this.isNumber(first) ? this.root.num : undefined;
      if (!start && !startNum) continue;
      if (start) push(start, from + 1);
      if (startNum) push(startNum, from + 1);
      while (nodes.length) {
        const at = nodes.pop()!;
        const i = positions.pop()!;
        for (const entry of at.ends) found.push({ entry, from, to: i });
        if (i >= tokens.length || i - from >= this.depth) continue;
        const token = tokens[i]!;
        const child = at.next.size ? at.next.get(token.norm) : undefined;
        if (child) push(child, i + 1);
        if (at.any && token.kind === 'word') push(at.any, i + 1);
        if (at.num && this.isNumber(token)) push(at.num, i + 1);
      }
    }
    return found.length > 1 ? found.sort((a, b) => a.from - b.from || b.to - a.to) : found;
  }

  private isNumber(token: Token): boolean {
    return token.kind === 'number' || this.numberWords.has(token.norm);
  }
}
