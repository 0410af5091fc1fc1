import type { Behaviour, BehaviourKind, Evidence } from '../schema/index.ts';
import type { CompiledLexicon } from '../lexicon/compile.ts';
import { tokenEvidence } from '../analysis/evidence.ts';
import { matchesOf, type PreparedTurn } from '../analysis/prepare.ts';
import { stem } from '../text/stem.ts';
import { insideScripted, type ScriptedSpans } from './scripted.ts';

/** A salient thing the customer said: a number, a time, a named thing, with where they said it. */
export interface CustomerTerm {
  weight: number;
  /** True when the term sits inside a cue or emotion span: the customer's situation, not just the topic. */
  context: boolean;
  turn: number;
  word: string;
}

/** Echoes inside these phrases are not reflection: "have you tried simply restarting the router?" */
const UNDOING = new Set<string>(['minimising', 'blame', 'dismissal', 'policy-hiding'] satisfies BehaviourKind[]);

/** The lexicon's word tables as Maps: a plain-object lookup of "constructor" would find Object's. */
interface WordTables {
  salient: ReadonlyMap<string, number>;
  kinds: ReadonlyMap<string, number>;
  numbers: ReadonlyMap<string, string>;
}

const tables = new WeakMap<CompiledLexicon, WordTables>();

function tablesOf(lexicon: CompiledLexicon): WordTables {
  let t = tables.get(lexicon);
  if (!t) {
    const { salientWords, salientKinds, numberValues } = lexicon.data;
    t = {
      salient: new Map(Object.entries(salientWords)),
      kinds: new Map(Object.entries(salientKinds)),
      numbers: new Map(Object.entries(numberValues).map(([word, value]) => [word.toLowerCase(), String(value)])),
    };
    tables.set(lexicon, t);
  }
  return t;
}

/** What the customer has said so far, keyed by stem (numbers by value); grows as the conversation is read. */
export class CustomerTerms {
  private readonly terms = new Map<string, CustomerTerm>();
  private readonly tables: WordTables;

  constructor(private readonly lexicon: CompiledLexicon) {
    this.tables = tablesOf(lexicon);
  }

  /** Adds a customer turn; `contextSpans` are character spans of its cues and emotions. */
  add(turn: PreparedTurn, contextSpans: readonly Evidence[]): void {
    const spans = [...contextSpans].sort((a, b) => a.start - b.start);
    let s = 0;
    for (const t of turn.tokens) {
      const key = this.key(t.norm, t.kind);
      if (!key) continue;
      while (s < spans.length && spans[s]!.end < t.end) s++;
      // spans may nest, so look a few ahead from the first that could hold this token
      let context = false;
      for (let k = s; k < spans.length && spans[k]!.start <= t.start && !context; k++) context = t.end <= spans[k]!.end;
      const kind = this.tables.numbers.has(t.norm) ? 'number' : t.kind;
      const weight = this.tables.salient.get(t.norm) ?? this.tables.kinds.get(kind) ?? 1;
      const seen = this.terms.get(key);
      if (!seen || (context && !seen.context)) this.terms.set(key, { weight, context, turn: turn.index, word: t.norm });
    }
  }

  /** The comparison key of a token: a number's value ("three" and "3" meet), a content word's stem, else null. */
  key(norm: string, kind: string): string | null {
    if (kind === 'number') return norm;
    if (kind !== 'word') return null;
    const value = this.tables.numbers.get(norm);
    if (value !== undefined) return value;
    if (norm.length < this.lexicon.data.thresholds.minStem) return null;
    if (this.lexicon.stopwords.has(norm) || this.lexicon.genericTerms.has(norm)) return null;
    return stem(norm);
  }

  get(key: string): CustomerTerm | undefined {
    return this.terms.get(key);
  }
}

/** Token ranges of phrases that undo empathy, sorted by start. */
function undoingRanges(turn: PreparedTurn): { from: number; to: number }[] {
  return matchesOf(turn, 'behaviour').filter((m) => UNDOING.has(m.entry.label));
}

/**
 * Reflection is measured, not guessed: the agent's own words (outside stock formulas and outside
 * phrases that minimise, blame or dismiss) are compared with the things, times, amounts and durations
 * the customer actually said. `acknowledged` says whether the turn also acknowledges feelings, so a
 * topic echo ("your PIN") in a bare instruction is not reflection.
 */
export function detectReflection(
  turn: PreparedTurn,
  terms: CustomerTerms,
  scripted: ScriptedSpans,
  lexicon: CompiledLexicon,
  acknowledged: boolean,
): Behaviour | null {
  const { reflectionWeight, reflectionContextWeight } = lexicon.data.thresholds;
  const undoing = undoingRanges(turn);
  const evidence: Evidence[] = [];
  const used = new Set<string>();
  let weight = 0;
  let contextWeight = 0;
  let u = 0;
  let undoneTo = 0;
  turn.tokens.forEach((t, i) => {
    // ranges are sorted by start: advance over those that have begun, keeping the furthest end
    while (u < undoing.length && undoing[u]!.from <= i) undoneTo = Math.max(undoneTo, undoing[u++]!.to);
    const key = terms.key(t.norm, t.kind);
    if (!key || used.has(key) || i < undoneTo || insideScripted(scripted, i, i + 1)) return;
    const term = terms.get(key);
    if (!term) return;
    used.add(key);
    weight += term.weight;
    if (term.context) contextWeight += term.weight;
    const why = `echoes the customer's "${term.word}" (turn ${term.turn})${term.context ? ', part of what they were feeling or facing' : ''}`;
    evidence.push(tokenEvidence(turn, i, i + 1, 'specificity', why));
  });
  // echoing the customer's situation is reflection; echoing only the topic counts when it frames an acknowledgement
  const situational = contextWeight >= reflectionContextWeight;
  if (!situational && !(acknowledged && weight >= reflectionWeight)) return null;
  return { kind: 'reflection', specific: true, evidence };
}
