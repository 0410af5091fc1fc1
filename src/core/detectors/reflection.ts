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

/** Behaviours that acknowledge the customer; a reflected word must sit in a sentence with one. */
const ACKNOWLEDGING = new Set<string>([
  'acknowledgement',
  'validation',
  'apology',
  'de-escalation',
  'reflection',
] satisfies BehaviourKind[]);

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

  /**
   * Adds a customer turn; `contextSpans` are character spans of its cues and emotions. A word is part
   * of the customer's situation when it sits in such a span or in a turn that states a problem
   * (one with a cue, an emotion or a negation: "I can't send the private message"). Handles are never terms.
   */
  add(turn: PreparedTurn, contextSpans: readonly Evidence[]): void {
    const spans = [...contextSpans].sort((a, b) => a.start - b.start);
    const problem = statesProblem(turn, spans);
    let s = 0;
    turn.tokens.forEach((t, i) => {
      const key = this.key(t.norm, t.kind);
      if (!key || isAddressee(turn, i, this.lexicon) || this.isName(turn, i)) return;
      while (s < spans.length && spans[s]!.end < t.end) s++;
      // spans may nest, so look a few ahead from the first that could hold this token
      let inSpan = false;
      for (let k = s; k < spans.length && spans[k]!.start <= t.start && !inSpan; k++) inSpan = t.end <= spans[k]!.end;
      const context = inSpan || problem;
      const kind = this.tables.numbers.has(t.norm) ? 'number' : t.kind;
      // a word of the cue or emotion itself ("chasing", "presentation") names the situation: it counts double
      const weight = (this.tables.salient.get(t.norm) ?? this.tables.kinds.get(kind) ?? 1) * (inSpan ? 2 : 1);
      const seen = this.terms.get(key);
      if (!seen || (context && !seen.context)) this.terms.set(key, { weight, context, turn: turn.index, word: t.norm });
    });
  }

  /**
   * A capitalised word inside a sentence ("my Minecraft account", "the Leeds branch") names a brand, product,
   * place or person: the topic, not the customer's situation. Days, months and other salient words stay.
   */
  private isName(turn: PreparedTurn, i: number): boolean {
    const t = turn.tokens[i]!;
    const before = turn.tokens[i - 1];
    if (t.kind !== 'word' || !before || before.sentence !== t.sentence || this.tables.salient.has(t.norm)) return false;
    const first = turn.text.charCodeAt(t.start);
    return (
      first >= 65 && first <= 90 && turn.text.slice(t.start, t.end) !== turn.text.slice(t.start, t.end).toUpperCase()
    );
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

/** "@name", or a name after "Dear", "Mr", "Thanks": who is addressed, never the customer's situation. */
function isAddressee(turn: PreparedTurn, i: number, lexicon: CompiledLexicon): boolean {
  const before = turn.tokens[i - 1];
  if (before !== undefined && before.norm === '@' && before.end === turn.tokens[i]!.start) return true;
  let w = i - 1;
  while (w >= 0 && turn.tokens[w]!.kind === 'punct' && turn.tokens[w]!.norm === ',') w--;
  return w >= 0 && lexicon.salutations.has(turn.tokens[w]!.norm);
}

/** Whether a customer turn states a problem: it holds a cue or emotion span, or a negation ("I can't send…"). */
function statesProblem(turn: PreparedTurn, spans: readonly Evidence[]): boolean {
  return spans.length > 0 || turn.negated.some(Boolean);
}

/**
 * Sentences of an agent turn that acknowledge the customer, outside stock formulas, with their
 * neighbours ("Six days offline and three calls. That's not good enough."): where reflection may sit.
 */
function acknowledgingSentences(turn: PreparedTurn, scripted: ScriptedSpans): Set<number> {
  const sentences = new Set<number>();
  for (const m of matchesOf(turn, 'behaviour')) {
    if (!ACKNOWLEDGING.has(m.entry.label) || insideScripted(scripted, m.from, m.to)) continue;
    const s = turn.tokens[m.from]!.sentence;
    sentences
      .add(s - 1)
      .add(s)
      .add(s + 1);
  }
  return sentences;
}

/** Token indexes inside a request for details or instructions, from its opening phrase to the sentence end. */
function requestTokens(turn: PreparedTurn): Set<number> {
  const inside = new Set<number>();
  for (const m of matchesOf(turn, 'request')) {
    const sentence = turn.tokens[m.from]!.sentence;
    for (let i = m.from; i < turn.tokens.length && turn.tokens[i]!.sentence === sentence; i++) inside.add(i);
  }
  return inside;
}

/** Token ranges of phrases that undo empathy, sorted by start. */
function undoingRanges(turn: PreparedTurn): { from: number; to: number }[] {
  return matchesOf(turn, 'behaviour').filter((m) => UNDOING.has(m.entry.label));
}

/**
 * Reflection is measured, not guessed: in the sentences where the agent acknowledges the customer
 * (outside stock formulas, requests for details and phrases that minimise, blame or dismiss), the
 * agent's own words are compared with the things, times, amounts and durations of the customer's
 * situation. Echoing the topic inside an instruction ("regarding your X, please check…") is not reflection.
 */
export function detectReflection(
  turn: PreparedTurn,
  terms: CustomerTerms,
  scripted: ScriptedSpans,
  lexicon: CompiledLexicon,
): Behaviour | null {
  const acknowledging = acknowledgingSentences(turn, scripted);
  if (acknowledging.size === 0) return null;
  const requests = requestTokens(turn);
  const undoing = undoingRanges(turn);
  const evidence: Evidence[] = [];
  const used = new Set<string>();
  let contextWeight = 0;
  let u = 0;
  let undoneTo = 0;
  turn.tokens.forEach((t, i) => {
    // ranges are sorted by start: advance over those that have begun, keeping the furthest end
    while (u < undoing.length && undoing[u]!.from <= i) undoneTo = Math.max(undoneTo, undoing[u++]!.to);
    if (!acknowledging.has(t.sentence) || requests.has(i) || i < undoneTo || isAddressee(turn, i, lexicon)) return;
    const key = terms.key(t.norm, t.kind);
    if (!key || used.has(key) || insideScripted(scripted, i, i + 1)) return;
    const term = terms.get(key);
    if (!term?.context) return;
    used.add(key);
    contextWeight += term.weight;
    evidence.push(
      tokenEvidence(
        turn,
        i,
        i + 1,
        'specificity',
        `echoes the customer's "${term.word}" (turn ${term.turn}), part of what they were feeling or facing, in an acknowledging sentence`,
      ),
    );
  });
  if (contextWeight < lexicon.data.thresholds.reflectionContextWeight) return null;
  return { kind: 'reflection', specific: true, evidence };
}
