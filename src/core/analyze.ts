import type {
  Analysis,
  Behaviour,
  BehaviourKind,
  Cue,
  CueKind,
  Evidence,
  Factor,
  TurnAnalysis,
} from './schema/index.ts';
import type { Conversation, Turn } from './schema/index.ts';
import type { Engine } from './engine.ts';
import { isAgentSide, prepareTurn } from './analysis/prepare.ts';
import { detectBehaviours, onlyDefers } from './detectors/behaviours.ts';
import { detectCues } from './detectors/cues.ts';
import { calibrated, detectEmotions, earnedOnly, reported } from './detectors/emotions.ts';
import { CustomerTerms, detectReflection } from './detectors/reflection.ts';
import { RepetitionTracker } from './detectors/repetition.ts';
import { detectSarcasm } from './detectors/sarcasm.ts';
import { detectScripted } from './detectors/scripted.ts';
import { turnSentiment } from './detectors/sentiment.ts';
import { compassionScore, compassionTerms, helpAsked, type CompassionTerm } from './scoring/compassion.ts';
import { empathyScore, momentTerms, type MomentTerms } from './scoring/empathy.ts';
import {
  agentBehaviours,
  publicMoment,
  resolveMoments,
  type ResolvedMoment,
  type TurnFindings,
} from './scoring/moments.ts';
import { customerEnd, customerLast } from './scoring/customer-end.ts';
import { overallScore, type OverallParts } from './scoring/overall.ts';
import { route } from './scoring/routing.ts';
import { sentimentShift } from './scoring/sentiment-shift.ts';
import { tierOf, vulnerabilityOf } from './scoring/tier.ts';
import { timedTurns, voiceFromTimings } from './prosody/from-timings.ts';
import { DEFAULT_PROSODY_SETTINGS } from './prosody/settings.ts';
import { rounded } from './prosody/round.ts';
import { markAgitatedVoice } from './prosody/agitated.ts';
import type { VoiceAnalysis } from './schema/voice.ts';
import { analyzeVoice, type VoiceInput } from './prosody/voice.ts';
import { voiceFactors } from './scoring/voice-factors.ts';
import { clampScore, total } from './scoring/factor.ts';
import type { CompiledLexicon } from './lexicon/compile.ts';

/**
 * Runs every detector over turns one at a time, in order, so agent turns can be read against what the
 * customer said before. Live sessions keep one and feed it turns as they arrive.
 */
export class FindingsReader {
  private readonly terms: CustomerTerms;
  private readonly repetition: RepetitionTracker;
  private answered = false;

  constructor(private readonly engine: Engine) {
    this.terms = new CustomerTerms(engine.lexicon);
    this.repetition = new RepetitionTracker(engine.lexicon.data.thresholds.repetitionMinTokens);
  }

  /**
   * The findings of turn `index`. A `tentative` turn (an interim voice segment a final one will replace) is
   * read without being remembered; an agent-side one gets only its stock formulas.
   */
  read(raw: Turn, index: number, tentative = false): TurnFindings {
    const { lexicon, model, valences } = this.engine;
    const turn = prepareTurn(raw, index, lexicon);
    if (turn.role === 'customer') {
      const sarcasm = detectSarcasm(turn, lexicon);
      const emotions = earnedOnly(
        detectEmotions(turn, lexicon, sarcasm, model, valences),
        turn,
        lexicon,
        this.answered,
        valences,
      );
      const cues = detectCues(turn, lexicon);
      if (!tentative)
        this.terms.add(turn, [...cues.flatMap((c) => c.evidence), ...emotions.flatMap((e) => e.evidence)]);
      const sentimentEvidence: Evidence[] = [];
      const sentiment = turnSentiment(turn, lexicon, valences, emotions, sarcasm, model, cues, sentimentEvidence);
      return {
        turn,
        emotions: calibrated(reported(emotions, turn, lexicon, this.answered), lexicon),
        cues,
        behaviours: [],
        sentiment,
        sentimentEvidence,
        sarcastic: sarcasm !== null,
      };
    }
    if (isAgentSide(turn.role)) {
      const scripted = detectScripted(turn);
      if (tentative)
        return { turn, emotions: [], cues: [], behaviours: scripted.behaviours, sentiment: 0, sarcastic: false };
      this.answered = true;
      const behaviours: Behaviour[] = detectBehaviours(turn, lexicon, scripted);
      const reflection = detectReflection(turn, this.terms, scripted, lexicon);
      if (reflection) {
        // a reflecting phrase ("it sounds like you") and the measured echo are one behaviour, specific
        const phrased = behaviours.find((b) => b.kind === 'reflection');
        if (phrased)
          Object.assign(phrased, { specific: true, evidence: [...phrased.evidence, ...reflection.evidence] });
        else behaviours.push(reflection);
        // an acknowledgement that names the customer's situation is specific
        for (const b of behaviours) if (b.kind === 'acknowledgement' || b.kind === 'validation') b.specific = true;
      }
      const repeated = this.repetition.check(turn);
      if (repeated) behaviours.push(repeated);
      const sentiment = turnSentiment(turn, lexicon, valences, [], null);
      return { turn, emotions: [], cues: [], behaviours, sentiment, sarcastic: false };
    }
    return { turn, emotions: [], cues: [], behaviours: [], sentiment: 0, sarcastic: false };
  }
}

function detect(conversation: Conversation, engine: Engine): TurnFindings[] {
  const reader = new FindingsReader(engine);
  return conversation.turns.map((turn, index) => reader.read(turn, index));
}

/** The conversation's context cues, one per kind, with up to eight pieces of evidence each. */
export function mergeCues(findings: readonly TurnFindings[]): Cue[] {
  const byKind = new Map<CueKind, Evidence[]>();
  for (const f of findings)
    for (const c of f.cues) byKind.set(c.kind, [...(byKind.get(c.kind) ?? []), ...c.evidence].slice(0, 8));
  return [...byKind].map(([kind, evidence]) => ({ kind, evidence }));
}

/** What the scores are weighted sums of, for fitting their weights to people's ratings (src/core/training/score-weights.ts). */
export interface ScoreInputs {
  /** Terms of each answered moment; empty when no moment was answered (empathy is then null). */
  moments: MomentTerms[];
  /** How many times the agent side showed each behaviour that costs empathy. */
  penalties: Partial<Record<BehaviourKind, number>>;
  compassion: CompassionTerm[];
}

export function scoreInputs(conversation: Conversation, engine: Engine): ScoreInputs {
  const findings = detect(conversation, engine);
  const agent = agentBehaviours(findings);
  const penalties: Partial<Record<BehaviourKind, number>> = {};
  for (const kind of Object.keys(engine.lexicon.data.weights.empathyPenalty) as BehaviourKind[]) {
    const hits = agent.get(kind)?.length ?? 0;
    if (hits) penalties[kind] = hits;
  }
  return {
    moments: resolveMoments(findings, engine.lexicon)
      .filter((m) => m.responseTurn !== null)
      .map(momentTerms),
    penalties,
    compassion: [...compassionTerms(findings, engine.lexicon).keys()],
  };
}

/** The parts the overall score combines, each with why it applies or not. */
function overallParts(
  findings: readonly TurnFindings[],
  moments: readonly ResolvedMoment[],
  empathy: number | null,
  compassion: number,
  lexicon: CompiledLexicon,
): OverallParts {
  const asked = helpAsked(findings, new Set(moments.map((m) => m.turn)));
  return {
    empathy: {
      score: empathy,
      why: empathy === null ? 'no customer turn called for empathy' : 'how the moments were met',
    },
    compassion: asked
      ? { score: compassion, why: `ownership, action and resolution (${asked.why})`, evidence: [asked] }
      : { score: null, why: 'the customer asked nothing and raised no problem' },
    customerEnd: customerEnd(findings, lexicon),
  };
}

/** The parts of the overall score, for fitting its weights (src/core/training/score-weights.ts). */
export function scoreParts(conversation: Conversation, engine: Engine): OverallParts {
  const findings = detect(conversation, engine);
  const moments = resolveMoments(findings, engine.lexicon);
  return overallParts(
    findings,
    moments,
    empathyScore(findings, moments, engine.lexicon).score,
    compassionScore(findings, engine.lexicon).score,
    engine.lexicon,
  );
}

/** The call's recording, when there is one: its channels; the transcript's turn times place each turn in it. */
export type CallAudio = Omit<VoiceInput, 'turns'>;

export interface AnalyzeOptions {
  /** The call's audio, for its prosody. */
  audio?: CallAudio;
  /**
   * Cues found outside the conversation (a journey's repeat contact), asked for once its topic is known
   * and before it is scored, so tier, vulnerability and routing count them.
   */
  outsideCues?: (topic: string) => Cue[];
}

/** Analyses one conversation: signals, behaviours, moments, explained scores, routing and tier; with the call's audio, its prosody. */
export function analyzeConversation(
  conversation: Conversation,
  engine: Engine,
  options: AnalyzeOptions = {},
): Analysis {
  if (!conversation.consent.analysis) return { id: conversation.id, skipped: 'opted-out' };
  const { lexicon } = engine;
  const findings = detect(conversation, engine);
  const voice = voiceOf(conversation, options.audio);
  if (voice) markAgitatedVoice(findings, voice, DEFAULT_PROSODY_SETTINGS);
  const cues = mergeCues(findings);
  if (options.outsideCues) {
    for (const cue of options.outsideCues(tierOf(findings, cues, lexicon).reason.topic)) {
      // joins the conversation's own cue of that kind, if any
      const same = cues.find((c) => c.kind === cue.kind);
      if (same) same.evidence.push(...cue.evidence);
      else cues.push(cue);
    }
  }
  const moments = resolveMoments(findings, lexicon);
  const empathy = withVoice(empathyScore(findings, moments, lexicon), voice, conversation, lexicon);
  const compassion = compassionScore(findings, lexicon);
  const shift = sentimentShift(findings);
  const overall = overallScore(
    overallParts(findings, moments, empathy.score, compassion.score, lexicon),
    lexicon,
    customerLast(findings),
  );
  const vulnerability = vulnerabilityOf(cues, lexicon);
  const { tier, reason } = tierOf(findings, cues, lexicon);
  const agentKinds = agentBehaviours(findings);
  const spokeEmpathy = [...lexicon.data.emptyEmpathyBehaviours, 'scripted' as const].some((k) => agentKinds.has(k));
  // help that only starts (a request for details, "it has been logged") is not yet help for heard-not-helped
  const acted = agentKinds.has('ownership') || (agentKinds.get('action') ?? []).some((b) => !onlyDefers(b));
  const turns: TurnAnalysis[] = findings.map((f) => ({
    index: f.turn.index,
    role: f.turn.role,
    sentiment: f.sentiment,
    emotions: f.emotions,
    behaviours: f.behaviours,
    ...(f.turn.text.length < f.turn.length ? { analysedChars: f.turn.text.length } : {}),
  }));
  return {
    id: conversation.id,
    engine: { version: engine.version, lexicon: lexicon.data.version, models: engine.model ? [engine.model.id] : [] },
    turns,
    cues,
    moments: moments.map(publicMoment),
    scores: {
      empathy: empathy.score,
      compassion: compassion.score,
      overall: overall.score,
      sentimentShift: shift.score,
      heardNotHelped: spokeEmpathy && !acted && moments.length > 0,
    },
    explanation: {
      empathy: empathy.factors,
      compassion: compassion.factors,
      overall: overall.factors,
      sentimentShift: shift.factors,
    },
    routing: route(findings, cues, vulnerability, lexicon),
    tier,
    tierReason: reason,
    vulnerability,
    ...(voice ? { voice } : {}),
  };
}

/** The empathy score with the agent's voice behaviours (talk-over, pacing) as signed factors; unchanged without a score or a voice. */
function withVoice(
  empathy: { score: number | null; factors: Factor[] },
  voice: VoiceAnalysis | null,
  conversation: Conversation,
  lexicon: CompiledLexicon,
) {
  if (empathy.score === null || !voice) return empathy;
  const extra = voiceFactors(voice, conversation, lexicon);
  if (!extra.length) return empathy;
  const factors = [...empathy.factors, ...extra];
  return { score: clampScore(total(factors)), factors };
}

function voiceOf(conversation: Conversation, audio: CallAudio | undefined): VoiceAnalysis | null {
  const voice = audio
    ? analyzeVoice({ ...audio, turns: timedTurns(conversation) }, DEFAULT_PROSODY_SETTINGS)
    : conversation.channel === 'voice'
      ? voiceFromTimings(conversation, DEFAULT_PROSODY_SETTINGS)
      : null;
  return voice && rounded(voice);
}
