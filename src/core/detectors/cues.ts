import type { Cue, CueKind, Evidence } from '../schema/index.ts';
import type { CompiledLexicon } from '../lexicon/compile.ts';
import type { Match } from '../text/matcher.ts';
import { tokenEvidence, quotedWords } from '../analysis/evidence.ts';
import { matchesOf, type PreparedTurn } from '../analysis/prepare.ts';

/**
 * Whether a cue sits in the customer's own life: a first-person word ("my", "I'm") in the same
 * sentence, or, when the turn names someone in the customer's care ("my mum"), a word for them
 * ("she", "her"). "Terminal 2" and "the operation failed" are not health.
 */
function framed(turn: PreparedTurn, from: number, lexicon: CompiledLexicon, cares: boolean): boolean {
  const sentence = turn.tokens[from]!.sentence;
  for (let i = from; i >= 0 && turn.tokens[i]!.sentence === sentence; i--)
    if (framing(turn.tokens[i]!.norm, lexicon, cares)) return true;
  for (let i = from + 1; i < turn.tokens.length && turn.tokens[i]!.sentence === sentence; i++)
    if (framing(turn.tokens[i]!.norm, lexicon, cares)) return true;
  return false;
}

const framing = (norm: string, lexicon: CompiledLexicon, cares: boolean) =>
  lexicon.firstPerson.has(norm) || (cares && lexicon.caredFor.has(norm));

/** Whether the turn names someone in the customer's care: a first-person word then a relation ("my mum"). */
function namesCaredFor(turn: PreparedTurn, lexicon: CompiledLexicon): boolean {
  for (let i = 1; i < turn.tokens.length; i++) {
    const word = turn.tokens[i]!.norm;
    const relation = word.endsWith("'s") ? word.slice(0, -2) : word;
    if (lexicon.careRelations.has(relation) && lexicon.firstPerson.has(turn.tokens[i - 1]!.norm)) return true;
  }
  return false;
}

const STRAIGHT = '"';
const OPENING = '\u201c';
const CLOSING = '\u201d';

/**
 * Which tokens sit between a pair of quotation marks: words the customer quotes (an error message, a
 * notice, what an agent wrote) are not the customer's own, so "URGENT: verify your account" is no hurry.
 * An unpaired mark quotes nothing.
 */
function quotedTokens(turn: PreparedTurn): boolean[] | null {
  let inside: boolean[] | null = null;
  let open = -1;
  for (let i = 0; i < turn.tokens.length; i++) {
    const norm = turn.tokens[i]!.norm;
    if (norm !== STRAIGHT && norm !== OPENING && norm !== CLOSING) continue;
    const closes = open >= 0 && (norm === CLOSING || (norm === STRAIGHT && turn.tokens[open]!.norm === STRAIGHT));
    if (closes) {
      inside ??= new Array<boolean>(turn.tokens.length).fill(false);
      for (let j = open + 1; j < i; j++) inside[j] = true;
      open = -1;
    } else if (norm !== CLOSING) open = i;
  }
  return inside;
}

/** Whether a phrase that gives the cue's words another sense ("my phone died") overlaps the match. */
const otherSense = (senses: readonly Match[], m: Match) =>
  senses.some((s) => s.entry.label === m.entry.label && s.from < m.to && m.from < s.to);

/** The context behind a complaint (deadlines, bereavement, repeat contact ...), from a customer turn. */
export function detectCues(turn: PreparedTurn, lexicon: CompiledLexicon): Cue[] {
  const matches = matchesOf(turn, 'cue');
  if (!matches.length) return [];
  const framedKinds = lexicon.data.framedCues;
  const senses = matchesOf(turn, 'cue-sense');
  const quoted = quotedTokens(turn);
  let cares: boolean | undefined;
  const found = new Map<CueKind, Evidence[]>();
  for (const m of matches) {
    const kind = m.entry.label as CueKind;
    if (turn.negated[m.from] && !lexicon.data.negationProofCues.includes(kind)) continue;
    if (quoted?.[m.from] || otherSense(senses, m)) continue;
    const needsFrame = framedKinds.includes(kind);
    if (needsFrame && !framed(turn, m.from, lexicon, (cares ??= namesCaredFor(turn, lexicon)))) continue;
    const why = `${quotedWords(turn, m.from, m.to)} signals ${kind}${needsFrame ? ", said of the customer's own situation" : ''}`;
    const evidence = tokenEvidence(turn, m.from, m.to, 'lexicon:cue', why);
    const list = found.get(kind);
    if (!list) found.set(kind, [evidence]);
    else if (!list.some((e) => e.start <= evidence.start && e.end >= evidence.end)) list.push(evidence);
  }
  return [...found].map(([kind, evidence]) => ({ kind, evidence }));
}
