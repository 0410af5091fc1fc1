import { z } from 'zod';
import { BehaviourKind, CueKind, EmotionLabel, MomentOutcome, VULNERABILITY_CATEGORIES } from '../schema/index.ts';
import { LiveConfig } from '../live/config.ts';

const Phrases = z.array(z.string().min(1));
const Intensity = z.number().min(0).max(1);
/** Phrase → intensity. */
const WeightedPhrases = z.record(z.string().min(1), Intensity);

/** The whole lexicon: phrase lists, thresholds and weights. The default lives in default.json. */
export const Lexicon = z.object({
  version: z.string(),
  about: z.string().optional(),
  numberWords: Phrases,
  /** Number words → the digits they stand for, so the agent's "three resets" echoes the customer's "3 times". */
  numberValues: z.record(z.string(), z.number()).default({}),
  negation: z.object({ negators: Phrases, window: z.number().int().min(1).max(10), breakers: Phrases }),
  boosters: z.record(z.string(), z.number()),
  /** Word valences (VADER's -4..4 scale) that replace the general-purpose lexicon's; 0 removes a word's valence. */
  valences: z.record(z.string(), z.number().min(-4).max(4)).default({}),
  emotions: z.record(EmotionLabel, WeightedPhrases),
  positiveEmotions: z.array(EmotionLabel),
  negatedPositiveBecomes: EmotionLabel,
  sarcasm: z.object({
    positive: Phrases,
    negativeContext: Phrases,
    intensity: Intensity,
    /** Markers that announce sarcasm ("#sarcasm", "/s"): the turn's praise is meant the other way, complaint or not. */
    announced: Phrases.default([]),
    /** Words that may come before praise that still opens its sentence: "another fantastic day of…", "what a great…" (plain words, no patterns). */
    leadIns: Phrases.default([]),
    /** Thanks that name what they are for ("thank you for…"): sarcastic when that clause names something suffered. */
    thanks: Phrases.default([]),
    /** What no customer thanks anyone for ("…for making me wait", "…for a broken phone"). */
    suffered: Phrases.default([]),
  }),
  /** Phrases that make the praise right after them hypothetical: "it would be great if you…" is a request, not satisfaction. */
  conditionals: Phrases.default([]),
  cues: z.record(CueKind, Phrases),
  behaviours: z.partialRecord(BehaviourKind, Phrases),
  scripted: Phrases,
  /** Phrases that open a request for details or instructions: the customer's words after them are not reflection. */
  requests: Phrases.default([]),
  /**
   * Help that only starts: asking for the customer's details, pointing them elsewhere, promising to look into it.
   * Still help (an `action`), with evidence from `lexicon:deferral`, so a moment's credit can weigh it below a fix.
   */
  deferrals: Phrases.default([]),
  /** Phrases that report what someone else said ("was told", "told you that"): a blame or dismissal phrase after them is quoted, not done. */
  reportedSpeech: Phrases.default([]),
  /** Words before a name ("Dear", "Mr", "Thanks"): the name after them is never a reflected word. */
  salutations: Phrases.default([]),
  /** Words that put a cue in the customer's own life ("my", "I'm"): a vulnerability or high-stakes cue needs one nearby. */
  firstPerson: Phrases.default([]),
  /** People in the customer's care ("my mum"); once named, words for them ("she", "her") frame a cue too. */
  careRelations: Phrases.default([]),
  caredFor: Phrases.default([]),
  /** Cues a negation does not cancel: "hasn't worked for 3 days" is still a duration, "never heard back" still a chase. */
  negationProofCues: z.array(CueKind).default([]),
  /** Cues (the vulnerability ones) that count only with such a frame in their sentence. */
  framedCues: z.array(CueKind).default([]),
  /**
   * Per cue, phrases where its words mean something else ("my phone died", "blue screen of death", "can't afford to wait"):
   * a cue match that overlaps one of them is not the cue.
   */
  cueSenses: z.partialRecord(CueKind, Phrases).default({}),
  questions: z.object({ openers: Phrases, closing: Phrases }),
  emptyEmpathyBehaviours: z.array(BehaviourKind),
  stopwords: Phrases,
  genericTerms: Phrases,
  salientKinds: z.record(z.string(), z.number()),
  salientWords: z.record(z.string(), z.number()),
  topics: z.record(
    z.string(),
    z.object({ tier: z.union([z.literal(1), z.literal(2), z.literal(3)]), phrases: Phrases }),
  ),
  defaultTopic: z.string(),
  tierFromCues: z.partialRecord(CueKind, z.union([z.literal(1), z.literal(2), z.literal(3)])),
  vulnerability: z.partialRecord(CueKind, z.enum(VULNERABILITY_CATEGORIES)),
  routing: z.object({
    moralTradeoff: Phrases,
    irreversibility: Phrases,
    emotionalLoadCues: z.array(CueKind),
    moralTradeoffCues: z.array(CueKind),
    irreversibilityCues: z.array(CueKind),
    ambiguityCues: z.array(CueKind),
    humanRequiredCues: z.array(CueKind),
    vulnerableMeansHuman: z.boolean(),
    minHighDimensions: z.number().int().min(1).max(5),
  }),
  /**
   * Platt scaling from a detector's raw emotion strength to the probability that a reader sees the
   * emotion: sigmoid(scale * logit(raw) + shift), fitted on labelled customer turns (`npm run fit-calibration`).
   * `modelOnly` maps emotions only the learned model found (no phrase behind them), which are right
   * far less often. The thresholds below stay on the raw scale; absent, intensities are the raw strengths.
   */
  emotionCalibration: z
    .object({
      scale: z.number().positive(),
      shift: z.number(),
      modelOnly: z.object({ scale: z.number().positive(), shift: z.number() }).optional(),
      /** Calibrated confidence below which an emotion is not reported: a reader is told what is likely, not every faint trace. */
      reportFloor: z.number().min(0).max(1).optional(),
      data: z.string(),
      method: z.string(),
    })
    .optional(),
  /** Phrases that move a customer turn's sentiment, on the valences' -4..4 scale (src/core/detectors/sentiment.ts). */
  sentimentPhrases: z
    .object({
      /** Words that turn a sentence around ("but"): what follows weighs more than what came before. */
      contrast: Phrases.default([]),
      /** A problem reported in plain words ("didn't receive", "need help", "site down?"): negative, even when polite. */
      problem: z.record(z.string().min(1), z.number().min(-4).max(0)).default({}),
      /** A problem stated as solved ("works now", "all sorted"): positive, unless negated or asked. */
      resolution: z.record(z.string().min(1), z.number().min(0).max(4)).default({}),
      /** Looking forward, in words the valences miss or misread ("can't wait to"): positive, unless negated or asked. */
      eager: z.record(z.string().min(1), z.number().min(0).max(4)).default({}),
    })
    .default({ contrast: [], problem: {}, resolution: {}, eager: {} }),
  /** How live sessions cue agents (src/core/live). */
  live: LiveConfig,
  /** Where the scoring weights came from when they were fitted (`npm run fit-weights`, `attune train --weights`). */
  fitted: z
    .object({ data: z.string(), method: z.string(), figures: z.record(z.string(), z.number().nullable()) })
    .optional(),
  thresholds: z.object({
    momentEmotion: Intensity,
    /** Raw strength a phrase of gratitude, relief or satisfaction needs before anyone has answered: below it, it is a courtesy. */
    unpromptedPositive: Intensity.default(0.6),
    /** Words in capitals in a row that read as shouting, and the anger they show. */
    shoutWords: z.number().int().min(2).default(3),
    shoutIntensity: Intensity.default(0.55),
    /** A word valence (VADER scale) at or below which a word after "but" is a problem: "thanks, but it still crashes". */
    problemValence: z.number().min(-4).max(0).default(-1),
    /** Above this share of title-case words the writer capitalises everything, and no run of them is a product's name. */
    nameTitleShare: z.number().min(0).max(1).default(0.6),
    emotionalLoadIntensity: Intensity,
    emotionalLoadTurns: z.number().int().min(1),
    ambiguityDistinctCues: z.number().int().min(1),
    reflectionContextWeight: z.number().positive(),
    hurryBriefWords: z.number().int().positive(),
    hurryPreambleWords: z.number().int().nonnegative(),
    minStem: z.number().int().min(2),
    maxIntensity: Intensity,
    exclamationBoost: z.number().min(0),
    capsBoost: z.number().min(0),
    repetitionMinTokens: z.number().int().min(1),
    /** How many runs of agent turns after a moment count as the reply to it. */
    responseRuns: z.number().int().min(1),
  }),
  weights: z.object({
    moment: z.record(MomentOutcome, z.number()),
    /** What a reply adds to its moment's credit beyond the outcome: help, ownership, a question about the situation. */
    /**
     * What a moment's reply did besides acknowledging: helped (a fix, steps, an answer), owned, explored; `deferred` is
     * help that only starts (asks for details, points elsewhere, promises a look), worth `helped` when not given.
     */
    momentGrade: z.object({
      helped: z.number(),
      owned: z.number(),
      explored: z.number(),
      deferred: z.number().optional(),
    }),
    fixBeforeAckCredit: z.number(),
    empathyPenalty: z.partialRecord(BehaviourKind, z.number().max(0)),
    empathyPenaltyCap: z.number().max(0),
    hurryPreamble: z.number().max(0),
    /** The agent's voice behaviours in the empathy score: points per occurrence and the most they move it (talk-over costs, pacing adds). */
    voice: z.object({
      'talk-over': z.object({ each: z.number().max(0), cap: z.number().max(0) }),
      pacing: z.object({ each: z.number().min(0), cap: z.number().min(0) }),
    }),
    compassion: z.object({
      base: z.number(),
      ownership: z.number(),
      action: z.number(),
      /** Help that only starts (no fix, steps or answer anywhere): worth `action` where not given. */
      deferral: z.number().optional(),
      expectation: z.number(),
      resolution: z.number(),
      exploration: z.number(),
      reassurance: z.number(),
    }),
    compassionPenalty: z.object({
      'policy-hiding': z.number().max(0),
      blame: z.number().max(0),
      dismissal: z.number().max(0),
      unresolvedNegative: z.number().max(0),
    }),
    overall: z.object({ empathy: z.number().min(0), compassion: z.number().min(0), customerEnd: z.number().min(0) }),
    sentiment: z.object({
      lexiconScale: z.number().positive(),
      negationFlip: z.number(),
      emotionWeight: z.number(),
      sarcasm: z.number(),
      modelWeight: z.number().min(0).max(1),
      /** What a customer's cue says about their mood, read like an emotion of that signed strength (waiting, chasing, threats). */
      cueValence: z.partialRecord(CueKind, z.number().min(-1).max(1)).optional(),
      /**
       * The most the model's sentiment may add when the turn shows a problem (a negative emotion or a negative cue):
       * the model reads "thanks", "please" and "hi" as warmth, a customer in trouble means them as courtesy.
       */
      problemModelCeiling: z.number().min(-1).max(1).optional(),
      /** The most the model's sentiment may add when nothing in the turn earns warmth (no praise, solved problem or earned thanks): courtesy alone is mild. */
      courtesyModelCeiling: z.number().min(-1).max(1).optional(),
      /** VADER's "but" rule: the weight of the valences before and after a contrast word, in its sentence. */
      contrastBefore: z.number().min(0).optional(),
      contrastAfter: z.number().min(0).optional(),
    }),
  }),
});
export type Lexicon = z.infer<typeof Lexicon>;
