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

/**
 * The trie packed into flat arrays for matching, nodes numbered in the order they were made (the root is 0):
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

/**
 * The trie as it is built: numbered nodes in flat lists, and one open-addressing table from (parent, word id) to
 * child. Tens of thousands of phrase expansions are added at start-up; an object and a Map per node made that most
 * of the load time.
 */
class Trie {
  /** Slots of the (parent, word id) → child table; child -1 is an empty slot. */
  private slotParent = new Int32Array(1 << 16);
  private slotWord = new Int32Array(1 << 16);
  private slotChild = new Int32Array(1 << 16).fill(-1);
  /** Every word edge in the order made: parent, word id, child. */
  readonly edges: number[] = [];
  readonly any: number[] = [-1];
  readonly num: number[] = [-1];
  readonly ends: (PhraseEntry[] | undefined)[] = [undefined];

  /** The slot holding (parent, id), or the empty slot where it goes. */
  private slot(parent: number, id: number): number {
    const mask = this.slotChild.length - 1;
    let h = Math.imul(parent, 0x9e3779b1) ^ Math.imul(id, 0x85ebca6b);
    h = (h ^ (h >>> 15)) & mask;
    while (this.slotChild[h]! !== -1 && (this.slotParent[h] !== parent || this.slotWord[h] !== id)) h = (h + 1) & mask;
    return h;
  }

  /** Doubles the table when it is half full, so probes stay short. */
  private rehash(): void {
    const { edges } = this;
    const size = this.slotChild.length * 2;
    this.slotParent = new Int32Array(size);
    this.slotWord = new Int32Array(size);
    this.slotChild = new Int32Array(size).fill(-1);
    for (let e = 0; e < edges.length; e += 3) {
      const h = this.slot(edges[e]!, edges[e + 1]!);
      this.slotParent[h] = edges[e]!;
      this.slotWord[h] = edges[e + 1]!;
      this.slotChild[h] = edges[e + 2]!;
    }
  }

  private grow(): number {
    this.any.push(-1);
    this.num.push(-1);
    this.ends.push(undefined);
    return this.any.length - 1;
  }

  childAny(at: number): number {
    return this.any[at]! >= 0 ? this.any[at]! : (this.any[at] = this.grow());
  }

  childNum(at: number): number {
    return this.num[at]! >= 0 ? this.num[at]! : (this.num[at] = this.grow());
  }

  childWord(at: number, id: number): number {
    let h = this.slot(at, id);
    if (this.slotChild[h]! >= 0) return this.slotChild[h]!;
    if (this.edges.length / 3 >= this.slotChild.length / 2) {
      this.rehash();
      h = this.slot(at, id);
    }
    const child = this.grow();
    this.slotParent[h] = at;
    this.slotWord[h] = id;
    this.slotChild[h] = child;
    this.edges.push(at, id, child);
    return child;
  }

  end(at: number, entry: PhraseEntry): void {
    const list = (this.ends[at] ??= []);
    if (!list.some((e) => e.family === entry.family && e.label === entry.label)) list.push(entry);
  }

  pack(words: number): Packed {
    const count = this.any.length;
    const edges = this.edges;
    const p: Packed = {
      starts: new Int32Array(words).fill(-1),
      keyFrom: new Int32Array(count + 1),
      keys: new Int32Array(edges.length / 3),
      kids: new Int32Array(edges.length / 3),
      any: Int32Array.from(this.any),
      num: Int32Array.from(this.num),
      endFrom: new Int32Array(count + 1),
      ends: [],
    };
    // edges in word-id order (a counting sort), then grouped by parent (a stable counting sort), so each parent's
    // keys come out ascending with no per-node sort: sorting 100k nodes one by one was most of the start-up's packing
    const edgeCount = edges.length / 3;
    let maxWord = 0;
    for (let e = 1; e < edges.length; e += 3) if (edges[e]! > maxWord) maxWord = edges[e]!;
    const wordFrom = new Int32Array(maxWord + 2);
    for (let e = 1; e < edges.length; e += 3) wordFrom[edges[e]! + 1]!++;
    for (let w = 0; w <= maxWord; w++) wordFrom[w + 1]! += wordFrom[w]!;
    const byWord = new Int32Array(edgeCount);
    for (let e = 0; e < edgeCount; e++) byWord[wordFrom[edges[3 * e + 1]!]!++] = e;
    for (let e = 0; e < edges.length; e += 3) p.keyFrom[edges[e]! + 1]!++;
    for (let n = 0; n < count; n++) p.keyFrom[n + 1]! += p.keyFrom[n]!;
    const fill = p.keyFrom.slice(0, count);
    for (let k = 0; k < edgeCount; k++) {
      const e = 3 * byWord[k]!;
      const at = fill[edges[e]!]!++;
      p.keys[at] = edges[e + 1]!;
      p.kids[at] = edges[e + 2]!;
      if (edges[e] === 0 && edges[e + 1]! < words) p.starts[edges[e + 1]!] = edges[e + 2]!;
    }
    for (let n = 0; n < count; n++) {
      p.endFrom[n] = p.ends.length;
      const list = this.ends[n];
      if (list) for (const entry of list) p.ends.push(entry);
    }
    p.endFrom[count] = p.ends.length;
    return p;
  }
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
  private readonly trie = new Trie();
  private depth = 0;
  /** Built on the first match after phrases were added. */
  private packed: Packed | undefined;

  constructor(private readonly vocabulary: Vocabulary) {}

  add(expansion: Expansion, entry: PhraseEntry): void {
    this.addChoices(
      expansion.map((part) => [[part]]),
      entry,
    );
  }

  /**
   * Every expansion of a phrase given as its parts' choices (see `patternChoices`), in the order `expandPattern` lists
   * them, so the trie comes out the same; a prefix the expansions share is walked once.
   */
  addChoices(choices: readonly (readonly Expansion[])[], entry: PhraseEntry): void {
    this.walk(choices, entry, 0, 0, 0);
    this.packed = undefined;
  }

  private walk(
    choices: readonly (readonly Expansion[])[],
    entry: PhraseEntry,
    part: number,
    at: number,
    length: number,
  ) {
    if (part === choices.length) {
      // an expansion with every part left out is no phrase
      if (length > 0) {
        this.trie.end(at, entry);
        if (length > this.depth) this.depth = length;
      }
      return;
    }
    for (const choice of choices[part]!) {
      let node = at;
      for (const word of choice) node = this.step(node, word);
      this.walk(choices, entry, part + 1, node, length + choice.length);
    }
  }

  private step(at: number, word: string): number {
    if (word === ANY) return this.trie.childAny(at);
    if (word === NUM) return this.trie.childNum(at);
    return this.trie.childWord(at, this.vocabulary.add(word));
  }

  /** All matches in the tokens, widest first at each position; `ids` are the tokens' word ids in the vocabulary. */
  match(tokens: readonly Token[], ids: readonly number[]): Match[] {
    const p = (this.packed ??= this.trie.pack(this.vocabulary.size));
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
