import type { Token } from './tokenize.ts';
import { ANY, NUM, type Expansion } from '../lexicon/pattern.ts';
import { NUMBER_WORD, type Vocabulary } from './vocabulary.ts';

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
  /** Children by word id. */
  next: Map<number, Node>;
  any?: Node;
  num?: Node;
  ends: PhraseEntry[];
}

const node = (): Node => ({ next: new Map(), ends: [] });

/**
 * The trie packed into flat arrays for matching, nodes numbered depth-first from the root (0):
 * a turn's walk reads a few small typed arrays instead of chasing thousands of scattered objects.
 */
interface Packed {
  /** Root child by word id, -1 for none. */
  starts: Int32Array;
  /** Node n's children are keys/kids[keyFrom[n] .. keyFrom[n + 1]), word ids ascending. */
  keyFrom: Int32Array;
  keys: Int32Array;
  kids: Int32Array;
  /** Child for `*` and for `#num`, -1 for none. */
  any: Int32Array;
  num: Int32Array;
  /** Node n's phrases are ends[endFrom[n] .. endFrom[n + 1]). */
  endFrom: Int32Array;
  ends: PhraseEntry[];
}

function pack(root: Node, words: number): Packed {
  const order: Node[] = [];
  const index = new Map<Node, number>();
  const visit = (n: Node) => {
    index.set(n, order.length);
    order.push(n);
    for (const id of [...n.next.keys()].sort((a, b) => a - b)) visit(n.next.get(id)!);
    if (n.any) visit(n.any);
    if (n.num) visit(n.num);
  };
  visit(root);
  const count = order.length;
  const p: Packed = {
    starts: new Int32Array(words).fill(-1),
    keyFrom: new Int32Array(count + 1),
    keys: new Int32Array(count),
    kids: new Int32Array(count),
    any: new Int32Array(count).fill(-1),
    num: new Int32Array(count).fill(-1),
    endFrom: new Int32Array(count + 1),
    ends: [],
  };
  let k = 0;
  order.forEach((n, i) => {
    p.keyFrom[i] = k;
    for (const id of [...n.next.keys()].sort((a, b) => a - b)) {
      p.keys[k] = id;
      p.kids[k++] = index.get(n.next.get(id)!)!;
    }
    if (n.any) p.any[i] = index.get(n.any)!;
    if (n.num) p.num[i] = index.get(n.num)!;
    p.endFrom[i] = p.ends.length;
    p.ends.push(...n.ends);
  });
  p.keyFrom[count] = k;
  p.endFrom[count] = p.ends.length;
  for (const [id, n] of root.next) p.starts[id] = index.get(n)!;
  return p;
}

/** The child of node `at` for word `id`, -1 for none: a binary search over its sorted keys. */
function child(p: Packed, at: number, id: number): number {
  let lo = p.keyFrom[at]!;
  let hi = p.keyFrom[at + 1]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const key = p.keys[mid]!;
    if (key === id) return p.kids[mid]!;
    if (key < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * A token trie over every lexicon phrase: one left-to-right pass per turn finds all matches,
 * in time linear in the turn's length times the longest phrase (no regex, no backtracking).
 */
export class PhraseMatcher {
  private readonly root = node();
  private depth = 0;
  /** Built on the first match after phrases were added. */
  private packed: Packed | undefined;

  constructor(private readonly vocabulary: Vocabulary) {}

  add(expansion: Expansion, entry: PhraseEntry): void {
    let at = this.root;
    for (const part of expansion) {
      if (part === ANY) at = at.any ??= node();
      else if (part === NUM) at = at.num ??= node();
      else {
        const id = this.vocabulary.add(part);
        let next = at.next.get(id);
        if (!next) at.next.set(id, (next = node()));
        at = next;
      }
    }
    if (!at.ends.some((e) => e.family === entry.family && e.label === entry.label)) at.ends.push(entry);
    this.depth = Math.max(this.depth, expansion.length);
    this.packed = undefined;
  }

  /** All matches in the tokens, widest first at each position; `ids` are the tokens' word ids in the vocabulary. */
  match(tokens: readonly Token[], ids: readonly number[]): Match[] {
    const p = (this.packed ??= pack(this.root, this.vocabulary.size));
    const n = tokens.length;
    const depth = this.depth;
    const found: Match[] = [];
    // an explicit stack in two arrays: no per-step allocation on the hot path
    const nodes: number[] = [];
    const positions: number[] = [];
    const rootNum = p.num[0]!;
    for (let from = 0; from < n; from++) {
      const id = ids[from]!;
      // words added to the vocabulary after packing (e.g. valences) start no phrase
      const start = id >= 0 && id < p.starts.length ? p.starts[id]! : -1;
      const startNum = rootNum >= 0 && this.isNumber(tokens, ids, from) ? rootNum : -1;
      if (start < 0 && startNum < 0) continue;
      if (start >= 0) {
        nodes.push(start);
        positions.push(from + 1);
      }
      if (startNum >= 0) {
        nodes.push(startNum);
        positions.push(from + 1);
      }
      const first = found.length;
      while (nodes.length) {
        const at = nodes.pop()!;
        const i = positions.pop()!;
        for (let e = p.endFrom[at]!; e < p.endFrom[at + 1]!; e++) {
          // widest first, ties in the order found (what a stable sort by (from, -to) gives)
          const m: Match = { entry: p.ends[e]!, from, to: i };
          let k = found.length;
          while (k > first && found[k - 1]!.to < i) k--;
          if (k === found.length) found.push(m);
          else found.splice(k, 0, m);
        }
        if (i >= n || i - from >= depth) continue;
        const word = ids[i]!;
        const next = word >= 0 ? child(p, at, word) : -1;
        if (next >= 0) {
          nodes.push(next);
          positions.push(i + 1);
        }
        if (p.any[at]! >= 0 && tokens[i]!.kind === 'word') {
          nodes.push(p.any[at]!);
          positions.push(i + 1);
        }
        if (p.num[at]! >= 0 && this.isNumber(tokens, ids, i)) {
          nodes.push(p.num[at]!);
          positions.push(i + 1);
        }
      }
    }
    return found;
  }

  private isNumber(tokens: readonly Token[], ids: readonly number[], i: number): boolean {
    return tokens[i]!.kind === 'number' || this.vocabulary.is(ids[i]!, NUMBER_WORD);
  }
}
