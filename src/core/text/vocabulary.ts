import type { Token } from './tokenize.ts';

/** Word lists a vocabulary word can be on, as bit flags. */
export const NUMBER_WORD = 1;
export const NEGATOR = 2;
export const BREAKER = 4;
/** Words that turn a sentence around ("but"), for sentiment. */
export const CONTRAST = 8;

/**
 * Every word the lexicon names, as a small integer with the lists it is on: each token of a turn is
 * hashed once (`lookup`), then phrase matching and negation compare integers and read flags.
 */
export class Vocabulary {
  private readonly ids = new Map<string, number>();
  private readonly flags: number[] = [];
  private readonly words: string[] = [];

  /** The word's id, adding the word if it is new; `flag` puts it on a list. */
  add(word: string, flag = 0): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.flags.length;
      this.ids.set(word, id);
      this.flags.push(0);
      this.words.push(word);
    }
    this.flags[id]! |= flag;
    return id;
  }

  get size(): number {
    return this.flags.length;
  }

  /** The word's id, -1 if the vocabulary does not hold it. */
  idOf(word: string): number {
    return this.ids.get(word) ?? -1;
  }

  /** The vocabulary's own copy of word `id`: a token's norm that is the same word can share it instead of holding its own. */
  word(id: number): string | undefined {
    return this.words[id];
  }

  /** Each token's word id, -1 for a word the lexicon does not name. */
  lookup(tokens: readonly Token[]): number[] {
    const ids: number[] = [];
    for (let i = 0; i < tokens.length; i++) ids.push(this.ids.get(tokens[i]!.norm) ?? -1);
    return ids;
  }

  /** Whether word `id` (from `lookup`) is on list `flag`. */
  is(id: number, flag: number): boolean {
    return id >= 0 && (this.flags[id]! & flag) !== 0;
  }
}
