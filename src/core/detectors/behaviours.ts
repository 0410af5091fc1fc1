import type { Behaviour, BehaviourKind, Evidence } from '../schema/index.ts';
import type { CompiledLexicon } from '../lexicon/compile.ts';
import { tokenEvidence, quotedWords } from '../analysis/evidence.ts';
import { matchesOf, type PreparedTurn } from '../analysis/prepare.ts';
import type { Match } from '../text/matcher.ts';
import { insideScripted, type ScriptedSpans } from './scripted.ts';

/** The detector of help that only starts; a behaviour whose every piece of evidence is one is a deferral. */
export const DEFERRAL = 'lexicon:deferral';
const DEFERRAL_WHY = 'it asks for details, points elsewhere or promises a look, and fixes nothing yet';

/** Whether a helping behaviour only defers: all its evidence asks for details, points elsewhere or promises a look. */
export const onlyDefers = (b: Behaviour) => b.evidence.every((e) => e.detector === DEFERRAL);

/** Phrases whose meaning includes a negation, so a negation scope must not cancel them. */
const NEGATION_PROOF = new Set<BehaviourKind>([
  'validation',
  'blame',
  'policy-hiding',
  'dismissal',
  'minimising',
  'reassurance',
]);

/** What the agent reports another person said ("you were told it was not a big deal") is not the agent's own behaviour. */
const REPORTABLE = new Set<BehaviourKind>(['blame', 'policy-hiding', 'dismissal', 'minimising']);

/** Whether token `at` follows, in its sentence, a reporting phrase or an open quotation mark. */
function reported(turn: PreparedTurn, at: number): boolean {
  const sentence = turn.tokens[at]!.sentence;
  if (matchesOf(turn, 'reported-speech').some((m) => m.to <= at && turn.tokens[m.from]!.sentence === sentence))
    return true;
  let quotes = 0;
  for (let i = at - 1; i >= 0 && turn.tokens[i]!.sentence === sentence; i--)
    if (QUOTES.has(turn.tokens[i]!.norm)) quotes++;
  return quotes % 2 === 1;
}

const QUOTES = new Set(['"', '\u201c', '\u201d']);

/** An apology word keeps its meaning inside a longer phrase ("so sorry to hear"); other kinds yield to it. */
const KEEPS_MEANING_INSIDE = new Set<string>(['apology'] satisfies BehaviourKind[]);

/**
 * Drops a match lying inside a wider match of another kind: the wider phrase says what it means
 * ("it happens" is dismissal, "it happens to lots of people" validation; "it's resolved" is action,
 * "when it's resolved" expectation). Matches come sorted by start, widest first: one linear pass.
 */
function widestReadings(matches: readonly Match[]): Match[] {
  const kept: Match[] = [];
  let cover: Match | undefined;
  for (const m of matches) {
    const inside = cover !== undefined && cover.to >= m.to && (cover.from < m.from || cover.to > m.to);
    if (inside && cover!.entry.label !== m.entry.label && !KEEPS_MEANING_INSIDE.has(m.entry.label)) continue;
    kept.push(m);
    if (!cover || m.to > cover.to) cover = m;
  }
  return kept;
}

/** Exploration questions: a sentence ending in "?" that opens with a question word, not a closing formula. */
function questions(turn: PreparedTurn, lexicon: CompiledLexicon, scripted: ScriptedSpans): Evidence[] {
  const closing = matchesOf(turn, 'closing-question');
  const found: Evidence[] = [];
  let first = 0;
  for (let i = 0; i < turn.tokens.length; i++) {
    const t = turn.tokens[i]!;
    const last = i + 1 === turn.tokens.length || turn.tokens[i + 1]!.sentence !== t.sentence;
    if (!last) continue;
    if (t.norm === '?') {
      let open = first;
      while (open < i && turn.tokens[open]!.kind !== 'word') open++;
      const opener = turn.tokens[open];
      const isClosing = closing.some((c) => c.from >= first && c.to <= i + 1);
      if (opener && lexicon.questionOpeners.has(opener.norm) && !isClosing && !insideScripted(scripted, first, i + 1)) {
        found.push(tokenEvidence(turn, first, i + 1, 'question', "an open question about the customer's situation"));
      }
    }
    first = i + 1;
  }
  return found;
}

/** Agent or bot behaviours from lexicon phrases; anything inside a stock formula is ignored. */
export function detectBehaviours(turn: PreparedTurn, lexicon: CompiledLexicon, scripted: ScriptedSpans): Behaviour[] {
  const found = new Map<BehaviourKind, Evidence[]>();
  const note = (kind: BehaviourKind, evidence: Evidence) => {
    const list = found.get(kind);
    if (!list) found.set(kind, [evidence]);
    else if (!list.some((e) => e.start <= evidence.start && e.end >= evidence.end)) list.push(evidence);
  };
  const deferrals = matchesOf(turn, 'deferral');
  for (const m of widestReadings(matchesOf(turn, 'behaviour'))) {
    const kind = m.entry.label as BehaviourKind;
    if (insideScripted(scripted, m.from, m.to)) continue;
    // "you can call us" inside "you can call the shop": the wider pointer elsewhere says what the help is
    if (kind === 'action' && deferrals.some((d) => d.from <= m.from && d.to >= m.to)) continue;
    if (turn.negated[m.from] && !NEGATION_PROOF.has(kind)) continue;
    if (REPORTABLE.has(kind) && reported(turn, m.from)) continue;
    note(kind, tokenEvidence(turn, m.from, m.to, 'lexicon:behaviour', `${quotedWords(turn, m.from, m.to)} is ${kind}`));
  }
  // help that only starts (a request for details, a pointer elsewhere, a promise to look): still action, told apart by its detector
  for (const m of deferrals) {
    if (insideScripted(scripted, m.from, m.to) || turn.negated[m.from]) continue;
    note(
      'action',
      tokenEvidence(turn, m.from, m.to, DEFERRAL, `${quotedWords(turn, m.from, m.to)} starts help: ${DEFERRAL_WHY}`),
    );
  }
  for (const q of questions(turn, lexicon, scripted)) note('exploration', q);
  // a link is help the customer can act on ("here's how: https://…"), whatever words frame it
  turn.tokens.forEach((t, i) => {
    if (t.kind === 'url')
      note('action', tokenEvidence(turn, i, i + 1, 'link', 'a link the customer can follow to act on the problem'));
  });
  const behaviours: Behaviour[] = [...found].map(([kind, evidence]) => ({ kind, evidence }));
  // an apology is owned when ownership sits in the same turn ("sorry, that's on us")
  const apology = behaviours.find((b) => b.kind === 'apology');
  if (apology) apology.specific = found.has('ownership');
  return [...behaviours, ...scripted.behaviours];
}
