import type { Role, Turn } from '../schema/index.ts';
import type { CompiledLexicon } from '../lexicon/compile.ts';
import { tokenize, type Token } from '../text/tokenize.ts';
import type { Match } from '../text/matcher.ts';
import { markNegated } from '../text/negation.ts';
import { withoutHandles } from '../text/handles.ts';

/** A turn tokenised once, with negation scopes and every lexicon match, shared by all detectors. */
export interface PreparedTurn {
  index: number;
  role: Role;
  /** The text the detectors read: the whole turn, or its first MAX_ANALYSED_CHARS characters (see `length`). */
  text: string;
  /** The whole turn's length in characters. */
  length: number;
  /** What the learned model reads: a customer's text with @handles blanked (same offsets). */
  modelText: string;
  tokens: Token[];
  /** Each token's word id in `lexicon.vocabulary` (-1: a word it does not hold). */
  ids: number[];
  negated: boolean[];
  matches: Match[];
  /** The same matches grouped by family ("emotion", "cue" ...), built once. */
  byFamily: ReadonlyMap<string, Match[]>;
  words: number;
}

/**
 * How much of one turn the detectors read. No one types or says more in a turn (20,000 characters is ten pages),
 * and some detectors pair phrases within a turn, so a pasted megabyte must not cost minutes. The text is kept whole;
 * the analysis says where reading stopped.
 */
export const MAX_ANALYSED_CHARS = 20_000;

/** Where reading a long turn stops: at the last space before the limit, so no word is cut in two. */
function analysedLength(text: string): number {
  if (text.length <= MAX_ANALYSED_CHARS) return text.length;
  const space = text.lastIndexOf(' ', MAX_ANALYSED_CHARS);
  return space > MAX_ANALYSED_CHARS - 200 ? space : MAX_ANALYSED_CHARS;
}

export function prepareTurn(turn: Turn, index: number, lexicon: CompiledLexicon): PreparedTurn {
  const read = analysedLength(turn.text);
  const text = read < turn.text.length ? turn.text.slice(0, read) : turn.text;
  const tokens = tokenize(text);
  let words = 0;
  for (const t of tokens) if (t.kind === 'word' || t.kind === 'number') words++;
  const ids = lexicon.vocabulary.lookup(tokens);
  const matches = lexicon.matcher.match(tokens, ids);
  const byFamily = new Map<string, Match[]>();
  for (const m of matches) {
    const list = byFamily.get(m.entry.family);
    if (list) list.push(m);
    else byFamily.set(m.entry.family, [m]);
  }
  return {
    index,
    role: turn.role,
    text,
    length: turn.text.length,
    modelText: turn.role === 'customer' ? withoutHandles(text) : text,
    tokens,
    ids,
    negated: markNegated(tokens, ids, lexicon.vocabulary, lexicon.data.negation.window),
    matches,
    byFamily,
    words,
  };
}

export const isAgentSide = (role: Role) => role === 'agent' || role === 'bot';

/** Whether token `i` is part of an @handle ("@Worried_Dad" is a name, not worry): the model's text blanks handles. */
export const inHandle = (turn: PreparedTurn, i: number) => {
  const at = turn.tokens[i]!.start;
  return turn.modelText.charCodeAt(at) !== turn.text.charCodeAt(at);
};

/** Matches of one family, e.g. "emotion" or "cue". */
export function matchesOf(turn: PreparedTurn, family: string): readonly Match[] {
  return turn.byFamily.get(family) ?? NONE;
}

const NONE: readonly Match[] = [];
