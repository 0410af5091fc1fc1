import { tokenize } from '../text/tokenize.ts';
import { PhraseMatcher, type PhraseEntry } from '../text/matcher.ts';
import { BREAKER, CONTRAST, NEGATOR, NUMBER_WORD, Vocabulary } from '../text/vocabulary.ts';
import type { EmotionLabel } from '../schema/index.ts';
import { patternChoices } from './pattern.ts';
import { Lexicon } from './schema.ts';

/** A lexicon ready for matching: one phrase trie plus the word sets the detectors look up. */
export interface CompiledLexicon {
  data: Lexicon;
  /** Every word the phrases and word lists name, with negators, breakers and number words flagged. */
  vocabulary: Vocabulary;
  matcher: PhraseMatcher;
  boosters: ReadonlyMap<string, number>;
  stopwords: ReadonlySet<string>;
  genericTerms: ReadonlySet<string>;
  positiveEmotions: ReadonlySet<EmotionLabel>;
  questionOpeners: ReadonlySet<string>;
  firstPerson: ReadonlySet<string>;
  careRelations: ReadonlySet<string>;
  caredFor: ReadonlySet<string>;
  salutations: ReadonlySet<string>;
  /** A raw emotion strength as a calibrated probability (the identity without `emotionCalibration`). */
  emotionConfidence: (raw: number, modelOnly?: boolean) => number;
  /** The emotion thresholds on the calibrated scale of phrase-backed emotions, for comparing with the intensities a turn reports. */
  emotionThresholds: { moment: number; load: number };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Kept inside (0, 1) so a raw strength of 0 or 1 has a finite logit. */
const EDGE = 0.01;

function confidenceOf(calibration: Lexicon['emotionCalibration']): (raw: number, modelOnly?: boolean) => number {
  if (!calibration) return (raw) => raw;
  return (raw, modelOnly = false) => {
    const { scale, shift } = (modelOnly && calibration.modelOnly) || calibration;
    const p = Math.min(1 - EDGE, Math.max(EDGE, raw));
    return 1 / (1 + Math.exp(-(scale * Math.log(p / (1 - p)) + shift)));
  };
}

export type CompileResult = { ok: true; lexicon: CompiledLexicon } | { ok: false; errors: string[] };

const norms = (text: string) => tokenize(text).map((t) => t.norm);

/** Validates lexicon data and compiles every phrase; each bad phrase is reported with its path. */
export function compileLexicon(raw: unknown): CompileResult {
  const parsed = Lexicon.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join('.') || '(lexicon)'}: ${i.message}`) };
  }
  const data = parsed.data;
  const vocabulary = new Vocabulary();
  for (const word of data.numberWords) if (!word.includes(' ')) vocabulary.add(word, NUMBER_WORD);
  const matcher = new PhraseMatcher(vocabulary);
  const errors: string[] = [];
  const add = (path: string, phrase: string, entry: Omit<PhraseEntry, 'phrase'>) => {
    const result = patternChoices(phrase, norms);
    if (!result.ok) errors.push(`${path}: "${phrase}": ${result.reason}`);
    // one entry for all of a phrase's expansions: a phrase with options can expand to thousands
    else matcher.addChoices(result.choices, { ...entry, phrase });
  };
  for (const [label, phrases] of Object.entries(data.emotions)) {
    for (const [phrase, value] of Object.entries(phrases))
      add(`emotions.${label}`, phrase, { family: 'emotion', label, value });
  }
  for (const [label, phrases] of Object.entries(data.cues)) {
    for (const phrase of phrases) add(`cues.${label}`, phrase, { family: 'cue', label, value: 1 });
  }
  for (const [label, phrases] of Object.entries(data.cueSenses)) {
    for (const phrase of phrases ?? []) add(`cueSenses.${label}`, phrase, { family: 'cue-sense', label, value: 1 });
  }
  for (const [label, phrases] of Object.entries(data.behaviours)) {
    for (const phrase of phrases ?? []) add(`behaviours.${label}`, phrase, { family: 'behaviour', label, value: 1 });
  }
  for (const phrase of data.scripted) add('scripted', phrase, { family: 'scripted', label: 'scripted', value: 1 });
  for (const phrase of data.reportedSpeech)
    add('reportedSpeech', phrase, { family: 'reported-speech', label: 'reported', value: 1 });
  for (const phrase of data.requests) add('requests', phrase, { family: 'request', label: 'request', value: 1 });
  for (const phrase of data.deferrals) add('deferrals', phrase, { family: 'deferral', label: 'action', value: 1 });
  for (const phrase of data.questions.closing)
    add('questions.closing', phrase, { family: 'closing-question', label: 'closing', value: 1 });
  for (const phrase of data.sarcasm.positive)
    add('sarcasm.positive', phrase, { family: 'sarcasm-positive', label: 'positive', value: 1 });
  for (const phrase of data.sarcasm.negativeContext)
    add('sarcasm.negativeContext', phrase, { family: 'sarcasm-context', label: 'negative', value: 1 });
  for (const phrase of data.sarcasm.thanks)
    add('sarcasm.thanks', phrase, { family: 'sarcasm-thanks', label: 'thanks', value: 1 });
  for (const phrase of data.sarcasm.suffered)
    add('sarcasm.suffered', phrase, { family: 'sarcasm-suffered', label: 'suffered', value: 1 });
  for (const phrase of data.sarcasm.announced)
    add('sarcasm.announced', phrase, { family: 'sarcasm-announced', label: 'announced', value: 1 });
  for (const [phrase, value] of Object.entries(data.sentimentPhrases.problem))
    add('sentimentPhrases.problem', phrase, { family: 'sentiment', label: 'problem', value });
  for (const [phrase, value] of Object.entries(data.sentimentPhrases.resolution))
    add('sentimentPhrases.resolution', phrase, { family: 'sentiment', label: 'resolution', value });
  for (const [phrase, value] of Object.entries(data.sentimentPhrases.eager))
    add('sentimentPhrases.eager', phrase, { family: 'sentiment', label: 'eager', value });
  for (const phrase of data.conditionals)
    add('conditionals', phrase, { family: 'conditional', label: 'conditional', value: 1 });
  for (const [topic, { tier, phrases }] of Object.entries(data.topics)) {
    for (const phrase of phrases) add(`topics.${topic}`, phrase, { family: 'topic', label: topic, value: tier });
  }
  for (const phrase of data.routing.moralTradeoff)
    add('routing.moralTradeoff', phrase, { family: 'routing', label: 'moralTradeoff', value: 1 });
  for (const phrase of data.routing.irreversibility)
    add('routing.irreversibility', phrase, { family: 'routing', label: 'irreversibility', value: 1 });
  for (const phrase of data.live.handoff)
    add('live.handoff', phrase, { family: 'handoff', label: 'handoff', value: 1 });
  if (errors.length) return { ok: false, errors };
  const emotionConfidence = confidenceOf(data.emotionCalibration);
  const lower = (words: string[]) => new Set(words.map((w) => w.toLowerCase().replace(/\u2019/g, "'")));
  for (const word of lower(data.negation.negators.filter((w) => !w.includes(' ')))) vocabulary.add(word, NEGATOR);
  for (const word of lower(data.negation.breakers)) vocabulary.add(word, BREAKER);
  for (const word of lower(data.sentimentPhrases.contrast)) vocabulary.add(word, CONTRAST);
  return {
    ok: true,
    lexicon: {
      data,
      vocabulary,
      matcher,
      boosters: new Map(Object.entries(data.boosters)),
      stopwords: lower(data.stopwords),
      genericTerms: lower(data.genericTerms),
      positiveEmotions: new Set(data.positiveEmotions),
      questionOpeners: lower(data.questions.openers),
      firstPerson: lower(data.firstPerson),
      careRelations: lower(data.careRelations),
      caredFor: lower(data.caredFor),
      salutations: lower(data.salutations.flatMap((phrase) => phrase.split(' ').slice(-1))),
      emotionConfidence,
      // rounded as the intensities are, so a raw strength at the threshold stays at it
      emotionThresholds: {
        moment: round2(emotionConfidence(data.thresholds.momentEmotion)),
        load: round2(emotionConfidence(data.thresholds.emotionalLoadIntensity)),
      },
    },
  };
}
