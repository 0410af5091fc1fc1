import type { Emotion, EmotionLabel, Evidence } from '../schema/index.ts';
import type { CompiledLexicon } from '../lexicon/compile.ts';
import type { EmotionModel } from '../models/types.ts';
import { spanEvidence, tokenEvidence, quotedWords } from '../analysis/evidence.ts';
import { inHandle, matchesOf, type PreparedTurn } from '../analysis/prepare.ts';
import type { Sarcasm } from './sarcasm.ts';
import { CONTRAST, NEGATOR } from '../text/vocabulary.ts';
import type { Match } from '../text/matcher.ts';
import { asked } from './sentiment.ts';
import { capitalised, nameTokens } from '../text/names.ts';

const round = (x: number) => Math.round(x * 100) / 100;

function boostAround(
  turn: PreparedTurn,
  from: number,
  to: number,
  lexicon: CompiledLexicon,
): { boost: number; why: string[] } {
  const { thresholds } = lexicon.data;
  let boost = 0;
  const why: string[] = [];
  const before = turn.tokens[from - 1];
  const booster = before ? lexicon.boosters.get(before.norm) : undefined;
  if (booster) {
    boost += booster;
    why.push(`intensified by "${before!.norm}"`);
  }
  const sentence = turn.tokens[from]!.sentence;
  let bangs = 0;
  for (let i = to; i < turn.tokens.length && turn.tokens[i]!.sentence === sentence && bangs < 3; i++)
    if (turn.tokens[i]!.norm === '!') bangs++;
  if (bangs) {
    boost += bangs * thresholds.exclamationBoost;
    why.push(`${bangs} exclamation mark${bangs > 1 ? 's' : ''}`);
  }
  const raw = turn.text.slice(turn.tokens[from]!.start, turn.tokens[to - 1]!.end);
  if (raw.length >= 3 && raw === raw.toUpperCase() && raw !== raw.toLowerCase()) {
    boost += thresholds.capsBoost;
    why.push('written in capitals');
  }
  return { boost, why };
}

/** Whether a conditional ("it would be", "wish") ends right before this word, or one word (a booster) before it. */
function hypothetical(turn: PreparedTurn, from: number): boolean {
  return matchesOf(turn, 'conditional').some(
    (c) => c.to === from || (c.to === from - 1 && turn.tokens[from - 1]!.kind === 'word'),
  );
}

/** The first run of at least `words` words written in capitals ("STOP CRASHING WHEN I"), not counting handles. */
function shouted(turn: PreparedTurn, words: number): { from: number; to: number } | null {
  let from = -1;
  for (let i = 0; i <= turn.tokens.length; i++) {
    const t = turn.tokens[i];
    const loud = t !== undefined && t.kind === 'word' && !inHandle(turn, i) && capitals(turn.text, t.start, t.end);
    if (loud) {
      if (from < 0) from = i;
    } else if (t === undefined || t.kind === 'word') {
      if (from >= 0 && countWords(turn, from, i) >= words) return { from, to: i };
      from = -1;
    }
  }
  return null;
}

/** The sum of the word valences from token `from` to `to`, a negated word's flipped. */
function valenceOf(turn: PreparedTurn, from: number, to: number, valences: readonly (number | undefined)[]): number {
  let sum = 0;
  for (let i = from; i < to; i++) {
    const id = turn.ids[i]!;
    const v = id >= 0 ? (valences[id] ?? 0) : 0;
    sum += turn.negated[i] ? -v : v;
  }
  return sum;
}

/** Whether a word has at least two letters, all of them capitals ("STOP", not "I" or "PS4x"). */
function capitals(text: string, start: number, end: number): boolean {
  let letters = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) return false;
    if (c >= 65 && c <= 90) letters++;
  }
  return letters >= 2;
}

const countWords = (turn: PreparedTurn, from: number, to: number) => {
  let n = 0;
  for (let i = from; i < to; i++) if (turn.tokens[i]!.kind === 'word') n++;
  return n;
};

type Found = Map<EmotionLabel, { intensity: number; evidence: Evidence[] }>;

// a module function, not a closure per turn: tsx's keepNames makes every closure cost a defineProperty
function note(found: Found, label: EmotionLabel, intensity: number, evidence: Evidence): void {
  const seen = found.get(label);
  if (!seen) found.set(label, { intensity, evidence: [evidence] });
  else {
    seen.intensity = Math.max(seen.intensity, intensity);
    if (seen.evidence.length < 6) seen.evidence.push(evidence);
  }
}

/** Customer emotions from lexicon phrases (with negation, intensifiers, sarcasm) and, when present, the learned model. */
export function detectEmotions(
  turn: PreparedTurn,
  lexicon: CompiledLexicon,
  sarcasm: Sarcasm | null,
  model?: EmotionModel,
  valences: readonly (number | undefined)[] = [],
): Emotion[] {
  const found: Found = new Map();
  const max = lexicon.data.thresholds.maxIntensity;
  const phrases = matchesOf(turn, 'emotion');
  const names = phrases.some((m) => capitalised(turn, m.from) || capitalised(turn, m.to - 1))
    ? nameTokens(turn.text, turn.tokens, lexicon.data.thresholds.nameTitleShare)
    : null;
  for (const m of phrases) {
    // "@worried_dad" and "Angry Birds" name someone or something; they say nothing of how the customer feels
    if (inHandle(turn, m.from) || inHandle(turn, m.to - 1) || names?.[m.from] || names?.[m.to - 1]) continue;
    let label = m.entry.label as EmotionLabel;
    let base = m.entry.value;
    const positive = lexicon.positiveEmotions.has(label);
    // praise in a sarcastic turn is not meant (whether or not this phrase is the ironic one)
    if (positive && sarcasm) continue;
    // "is it sorted now?" asks whether there is anything to be pleased about
    if (positive && (hypothetical(turn, m.from) || asked(turn, m.from))) continue;
    let why = `${quotedWords(turn, m.from, m.to)} expresses ${label}`;
    if (turn.negated[m.from]) {
      if (!positive) continue;
      label = lexicon.data.negatedPositiveBecomes;
      base *= 0.8;
      why = `negated ${quotedWords(turn, m.from, m.to)} reads as ${label}`;
    }
    const { boost, why: boosts } = boostAround(turn, m.from, m.to, lexicon);
    note(
      found,
      label,
      Math.min(max, base + boost),
      tokenEvidence(turn, m.from, m.to, 'lexicon:emotion', [why, ...boosts].join('; ')),
    );
  }
  if (sarcasm) note(found, 'frustration', lexicon.data.sarcasm.intensity, sarcasm.evidence[0]!);
  const shout = shouted(turn, lexicon.data.thresholds.shoutWords);
  // capitals raise the voice, whatever it says: "YOU ARE THE BEST!!!" is delight, not anger
  if (shout && valenceOf(turn, shout.from, shout.to, valences) <= 0)
    note(
      found,
      'anger',
      lexicon.data.thresholds.shoutIntensity,
      tokenEvidence(
        turn,
        shout.from,
        shout.to,
        'lexicon:emotion',
        `${shout.to - shout.from} words in capitals read as shouting`,
      ),
    );
  if (model) {
    for (const p of model.predictEmotions(turn.modelText)) {
      if (!p.fired || (sarcasm && lexicon.positiveEmotions.has(p.label))) continue;
      const drivers = p.drivers.slice(0, 3);
      const why = `model ${model.id}: p=${round(p.probability)} passed its threshold`;
      const evidence = drivers.length
        ? drivers.map((d) =>
            spanEvidence(
              turn,
              d.start,
              d.end,
              `model:${model.id}`,
              `${why}; this text pushed it (weight ${round(d.weight)})`,
            ),
          )
        : [spanEvidence(turn, 0, turn.text.length, `model:${model.id}`, why)];
      for (const e of evidence) note(found, p.label, p.probability, e);
    }
  }
  return [...found].map(([label, { intensity, evidence }]) => ({ label, intensity: round(intensity), evidence }));
}

/**
 * Gratitude, relief and satisfaction only when earned: beside a problem that is still there ("thanks,
 * but it still crashes") they are politeness, and so is a "thanks" that closes a request nobody has
 * answered yet ("can you add this? Thanks!"). Before anyone has answered, only a strong phrase counts
 * ("thank you so much", "what a relief"): a plain "thanks" or "great" in a first message is a courtesy
 * or a description ("worked great before"), and the model alone is not enough.
 */
export function earnedOnly(
  emotions: Emotion[],
  turn: PreparedTurn,
  lexicon: CompiledLexicon,
  answered: boolean,
  /** Valences by vocabulary word id (`Engine.valences`), to see a problem after "but". */
  valences: readonly (number | undefined)[] = [],
): Emotion[] {
  if (!emotions.some((e) => lexicon.positiveEmotions.has(e.label))) return emotions;
  const { momentEmotion, unpromptedPositive } = lexicon.data.thresholds;
  const upset =
    emotions.some((e) => !lexicon.positiveEmotions.has(e.label) && e.intensity >= momentEmotion) ||
    butAProblem(turn, lexicon, valences);
  const asks = matchesOf(turn, 'request').length > 0 || turn.tokens.some((t) => t.norm === '?');
  const earned = (e: Emotion) =>
    !upset &&
    !(e.label === 'gratitude' && asks && (!answered || signOff(turn, lexicon))) &&
    (answered || (e.intensity >= unpromptedPositive && !isModelOnly(e)));
  return emotions.filter((e) => !lexicon.positiveEmotions.has(e.label) || earned(e));
}

/**
 * Whether the thanks of a turn that asks for something signs the request off: every plain thanks comes after
 * the request ("can you check my order? Thanks"), and the turn does not say the problem is solved. A thanks
 * that opens a reply ("Thanks. BTW, any tips?") or a strong one ("thank you so much") is meant.
 */
function signOff(turn: PreparedTurn, lexicon: CompiledLexicon): boolean {
  const solved = (m: Match) => m.entry.label === 'resolution' && !turn.negated[m.from] && !asked(turn, m.from);
  if (matchesOf(turn, 'sentiment').some(solved)) return false;
  let ask = turn.tokens.findIndex((t) => t.norm === '?');
  for (const m of matchesOf(turn, 'request')) if (ask < 0 || m.from < ask) ask = m.from;
  let thanks = 0;
  for (const m of matchesOf(turn, 'emotion')) {
    if (m.entry.label !== 'gratitude' || turn.negated[m.from]) continue;
    if (m.entry.value >= lexicon.data.thresholds.unpromptedPositive || ask < 0 || m.from < ask) return false;
    thanks++;
  }
  return thanks > 0;
}

/**
 * Whether the turn turns on "but" to a problem: a word of clearly negative valence (not negated), a problem
 * phrase or a negative emotion phrase after the contrast ("thanks, but it still crashes").
 */
function butAProblem(turn: PreparedTurn, lexicon: CompiledLexicon, valences: readonly (number | undefined)[]): boolean {
  let contrast = -1;
  for (let i = 0; i < turn.ids.length && contrast < 0; i++)
    if (lexicon.vocabulary.is(turn.ids[i]!, CONTRAST)) contrast = i;
  if (contrast < 0) return false;
  const { problemValence } = lexicon.data.thresholds;
  for (let i = contrast + 1; i < turn.ids.length; i++) {
    const id = turn.ids[i]!;
    const v = id >= 0 && !lexicon.vocabulary.is(id, NEGATOR) ? valences[id] : undefined;
    if (v !== undefined && v <= problemValence && !turn.negated[i] && !inHandle(turn, i)) return true;
  }
  const after = (m: { from: number; entry: { label: string; value: number } }) =>
    m.from > contrast && !turn.negated[m.from];
  return (
    matchesOf(turn, 'sentiment').some((m) => after(m) && m.entry.value < 0) ||
    matchesOf(turn, 'emotion').some((m) => after(m) && !lexicon.positiveEmotions.has(m.entry.label as EmotionLabel))
  );
}

/**
 * The positive emotions a turn reports, stricter than what its sentiment reads: before anyone has answered,
 * gratitude, relief or satisfaction needs a strong phrase of its own ("thank you so much"). The model reads
 * every "thanks" as gratitude, so its probability lifts the warmth of the turn's sentiment but does not make
 * a courtesy ("lost my authenticator, thanks for the help") an emotion earned by help.
 */
export function reported(
  emotions: Emotion[],
  turn: PreparedTurn,
  lexicon: CompiledLexicon,
  answered: boolean,
): Emotion[] {
  if (answered || !emotions.some((e) => lexicon.positiveEmotions.has(e.label))) return emotions;
  const { unpromptedPositive } = lexicon.data.thresholds;
  return emotions.filter(
    (e) => !lexicon.positiveEmotions.has(e.label) || phraseStrength(turn, e.label) >= unpromptedPositive,
  );
}

/** The strongest phrase of this emotion in the turn (raw, not negated), 0 when only the model found it. */
function phraseStrength(turn: PreparedTurn, label: EmotionLabel): number {
  let strength = 0;
  for (const m of matchesOf(turn, 'emotion'))
    if (m.entry.label === label && !turn.negated[m.from]) strength = Math.max(strength, m.entry.value);
  return strength;
}

/**
 * The turn's emotions with each raw strength turned into the calibrated probability that a reader sees
 * it (`emotionCalibration`); applied after sentiment and the politeness check have read the raw strengths.
 * An emotion only the model found, with no phrase behind it, has its own, lower, calibration. Emotions
 * below the calibration's `reportFloor` are dropped: on labelled customer turns they are mostly wrong.
 */
export function calibrated(emotions: Emotion[], lexicon: CompiledLexicon): Emotion[] {
  const calibration = lexicon.data.emotionCalibration;
  if (!calibration) return emotions;
  const floor = calibration.reportFloor ?? 0;
  const out: Emotion[] = [];
  for (const e of emotions) {
    const intensity = round(lexicon.emotionConfidence(e.intensity, isModelOnly(e)));
    if (intensity >= floor) out.push({ ...e, intensity });
  }
  return out;
}

export const isModelOnly = (e: Emotion) => e.evidence.every((x) => x.detector.startsWith('model:'));
