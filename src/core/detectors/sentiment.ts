import type { Cue, Emotion, Evidence } from '../schema/index.ts';
import type { CompiledLexicon } from '../lexicon/compile.ts';
import type { EmotionModel } from '../models/types.ts';
import { inHandle, matchesOf, type PreparedTurn } from '../analysis/prepare.ts';
import { quotedWords, tokenEvidence } from '../analysis/evidence.ts';
import { CONTRAST, NEGATOR } from '../text/vocabulary.ts';
import { capitalised, nameTokens } from '../text/names.ts';

const clamp = (x: number) => Math.max(-1, Math.min(1, x));

/** An @handle names an account ("@united", "@Worst_Airline"): its words are a name, not a feeling. */
const isHandle = (turn: PreparedTurn, i: number) =>
  (i > 0 && turn.tokens[i - 1]!.norm === '@' && turn.tokens[i - 1]!.end === turn.tokens[i]!.start) || inHandle(turn, i);

/**
 * Whether a word of a title-case run is read as part of a name: a negation ("Guangdong No one told me") and the
 * lexicon's own customer-service words ("Cancelled", "Problems") keep their meaning however they are written.
 */
const named = (turn: PreparedTurn, i: number, lexicon: CompiledLexicon) =>
  !lexicon.vocabulary.is(turn.ids[i]!, NEGATOR) && !(turn.tokens[i]!.norm in lexicon.data.valences);

/** Whether the sentence holding token `from` ends in a question mark: "is it working now?" states nothing. */
export function asked(turn: PreparedTurn, from: number): boolean {
  const sentence = turn.tokens[from]!.sentence;
  for (let i = from; i < turn.tokens.length && turn.tokens[i]!.sentence === sentence; i++)
    if (turn.tokens[i]!.norm === '?') return true;
  return false;
}

/** The last contrast word ("but") of the turn, -1 when none. */
function contrastOf(turn: PreparedTurn, lexicon: CompiledLexicon): number {
  for (let i = turn.ids.length - 1; i >= 0; i--) if (lexicon.vocabulary.is(turn.ids[i]!, CONTRAST)) return i;
  return -1;
}

/** Where the turn's last statement that the problem is solved starts ("works now"), -1 when none. */
function resolvedAt(turn: PreparedTurn): number {
  let at = -1;
  for (const m of matchesOf(turn, 'sentiment'))
    if (m.entry.label === 'resolution' && !turn.negated[m.from] && !asked(turn, m.from) && !inHandle(turn, m.from))
      at = m.from;
  return at;
}

/**
 * Turn sentiment in -1..1: VADER-style word valences (negation flips, intensifiers scale, the same
 * normalisation; a contrast word weighs its sentence towards what follows; @handles and product names are names), plus the
 * lexicon's problem phrases (a problem reported in plain words, however politely) and resolution phrases
 * ("works now"), blended with the turn's emotions, its cues (waiting, chasing, threats read as negative),
 * sarcasm and, when present, the model's head. A turn that shows a problem caps what the model may add: its
 * warmth for "thanks" and "please" is courtesy there, not satisfaction; with nothing earned it is capped
 * lower still. The phrases that moved the score are pushed to `evidence` when it is given.
 */
export function turnSentiment(
  turn: PreparedTurn,
  lexicon: CompiledLexicon,
  /** Valences by vocabulary word id (`Engine.valences`). */
  valences: readonly (number | undefined)[],
  emotions: readonly Emotion[],
  sarcasm: { evidence: Evidence[] } | null,
  model?: EmotionModel,
  cues: readonly Cue[] = [],
  evidence?: Evidence[],
): number {
  const w = lexicon.data.weights.sentiment;
  const contrast = contrastOf(turn, lexicon);
  const turned = contrast >= 0 ? turn.tokens[contrast]!.sentence : -1;
  // VADER's "but" rule, within the sentence that turns: "thanks for the reply, but I will fly with someone else"
  // a problem told before the turn says it is solved is its story, not its state: "it kept crashing. It is OK now"
  const resolved = resolvedAt(turn);
  const weightAt = (i: number) =>
    (i < resolved ? (w.contrastBefore ?? 1) : 1) *
    (turned < 0 || turn.tokens[i]!.sentence !== turned || i === contrast
      ? 1
      : i < contrast
        ? (w.contrastBefore ?? 1)
        : (w.contrastAfter ?? 1));
  let sum = 0;
  let earned = false;
  // most turns have no capitalised word of feeling: names are looked for only when one is seen
  let names: boolean[] | null | undefined;
  for (let i = 0; i < turn.tokens.length; i++) {
    const id = turn.ids[i]!;
    const v = id >= 0 ? valences[id] : undefined;
    if (v === undefined || isHandle(turn, i)) continue;
    if (capitalised(turn, i)) {
      names ??= nameTokens(turn.text, turn.tokens, lexicon.data.thresholds.nameTitleShare);
      if (names?.[i] && named(turn, i, lexicon)) continue;
    }
    const booster = i > 0 ? (lexicon.boosters.get(turn.tokens[i - 1]!.norm) ?? 0) : 0;
    const x = v * (1 + booster) * (turn.negated[i] ? w.negationFlip : 1) * weightAt(i);
    // praise asked about is not given: "what is worthy of verification?", "is this good service?"
    if (x > 0 && asked(turn, i)) continue;
    sum += x;
    earned ||= x > 0;
  }
  let problem = false;
  for (const m of matchesOf(turn, 'sentiment')) {
    if (inHandle(turn, m.from)) continue;
    let v = m.entry.value;
    if (m.entry.label !== 'problem') {
      if (asked(turn, m.from)) continue;
      if (turn.negated[m.from]) v *= w.negationFlip;
    }
    sum += v * weightAt(m.from);
    problem ||= v < 0;
    earned ||= v > 0;
    evidence?.push(
      tokenEvidence(
        turn,
        m.from,
        m.to,
        'sentiment',
        v < 0
          ? `${quotedWords(turn, m.from, m.to)} reports a problem`
          : m.entry.label === 'eager'
            ? `${quotedWords(turn, m.from, m.to)} looks forward to something`
            : `${quotedWords(turn, m.from, m.to)} says the problem is solved`,
      ),
    );
  }
  let score = sum / Math.sqrt(sum * sum + w.lexiconScale);
  let emotional = 0;
  for (const e of emotions) {
    const positive = lexicon.positiveEmotions.has(e.label);
    emotional += positive ? e.intensity : -e.intensity;
    earned ||= positive;
    // the same bar as the politeness check (earnedOnly): a passing mention of a feeling is no problem
    problem ||= !positive && e.intensity >= lexicon.data.thresholds.momentEmotion;
  }
  let felt = emotions.length;
  for (const c of cues) {
    const v = w.cueValence?.[c.kind];
    if (v === undefined) continue;
    emotional += v;
    problem ||= v < 0;
    felt++;
  }
  if (felt) score = (score + w.emotionWeight * clamp(emotional)) / (1 + w.emotionWeight);
  if (sarcasm) score = Math.min(score, w.sarcasm);
  if (model) {
    const read = model.predictSentiment(turn.modelText).value;
    let ceiling = problem || sarcasm ? (w.problemModelCeiling ?? 1) : 1;
    if (!earned) ceiling = Math.min(ceiling, w.courtesyModelCeiling ?? 1);
    score = (1 - w.modelWeight) * score + w.modelWeight * Math.min(read, ceiling);
  }
  return Math.round(clamp(score) * 100) / 100;
}
