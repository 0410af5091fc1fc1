import type { Behaviour, Cue, Emotion, Evidence, Moment, MomentOutcome } from '../schema/index.ts';
import type { CompiledLexicon } from '../lexicon/compile.ts';
import { firstPosition } from '../analysis/evidence.ts';
import { isAgentSide, type PreparedTurn } from '../analysis/prepare.ts';
import { STOCK_EMPATHY } from '../detectors/scripted.ts';
import { onlyDefers } from '../detectors/behaviours.ts';
import { tookWell } from './customer-end.ts';

/** What the detectors found in one turn, as the scorers read it. */
export interface TurnFindings {
  turn: PreparedTurn;
  emotions: Emotion[];
  cues: Cue[];
  behaviours: Behaviour[];
  sentiment: number;
  /** The phrases that moved a customer turn's sentiment beyond its emotions (problem reports, stated resolution). */
  sentimentEvidence?: Evidence[];
  sarcastic: boolean;
  /** Set when the customer's voice in this turn was well above their own baseline (calls with audio only). */
  agitatedVoice?: Evidence;
}

export const HEARD = new Set(['acknowledgement', 'validation', 'reflection', 'de-escalation', 'apology']);
export const HELPED = new Set(['action', 'ownership', 'expectation']);

/** The agent side's behaviours grouped by kind, in conversation order. */
export function agentBehaviours(findings: readonly TurnFindings[]): Map<string, Behaviour[]> {
  const byKind = new Map<string, Behaviour[]>();
  for (const f of findings) {
    if (!isAgentSide(f.turn.role)) continue;
    for (const b of f.behaviours) {
      const list = byKind.get(b.kind);
      if (list) list.push(b);
      else byKind.set(b.kind, [b]);
    }
  }
  return byKind;
}

/** Behaviours that undo a reply altogether: the moment is missed whatever else was said. */
const UNDOING = new Set(['blame', 'dismissal', 'policy-hiding']);

/** A moment with what the scorers need beyond the published fields. */
export interface ResolvedMoment extends Moment {
  /** The agent's reply made a hurrying customer wade through a preamble. */
  longPreamble: boolean;
  /** What else the reply did, for grading the moment's credit. */
  reply: { helped: Behaviour[]; owned: Behaviour[]; explored: Behaviour[]; vetoed: Behaviour[] };
  /** The reply acknowledged only with stock formulas: met generically, and the formula earns nothing. */
  stockOnly: boolean;
  /** The reply's only acknowledgement is a bare apology that would fit anyone ("we're so sorry"): met generically, worth no more than a formula. */
  bareApology: boolean;
  /**
   * The customer's next turn after the reply thanked it or said the problem was solved, raising nothing new:
   * their word that the reply helped, whether or not its help was seen in the agent's words. Empty otherwise.
   */
  resolved: Evidence[];
}

function triggersOf(f: TurnFindings, lexicon: CompiledLexicon) {
  const threshold = lexicon.emotionThresholds.moment;
  const emotions = f.emotions.filter((e) => !lexicon.positiveEmotions.has(e.label) && e.intensity >= threshold);
  const voice = f.agitatedVoice ? [f.agitatedVoice] : [];
  return {
    names: [
      ...emotions.map((e) => `emotion:${e.label}`),
      ...f.cues.map((c) => `cue:${c.kind}`),
      ...voice.map(() => 'voice:agitated'),
    ],
    evidence: [...emotions.map((e) => e.evidence[0]!), ...f.cues.map((c) => c.evidence[0]!), ...voice],
  };
}

function wordsBefore(reply: TurnFindings[], position: number): number {
  let words = 0;
  for (const r of reply) {
    for (const t of r.turn.tokens) {
      if (r.turn.index * 1e9 + t.start >= position) return words;
      if (t.kind === 'word' || t.kind === 'number') words++;
    }
  }
  return words;
}

/** The agent or bot turns answering customer turn `i`: the next `runs` runs of agent-side turns. */
function replyTo(findings: readonly TurnFindings[], i: number, runs: number): TurnFindings[] {
  const reply: TurnFindings[] = [];
  let run = 0;
  let inRun = false;
  for (let j = i + 1; j < findings.length; j++) {
    const agentSide = isAgentSide(findings[j]!.turn.role);
    if (agentSide && !inRun && ++run > runs) break;
    inRun = agentSide || (inRun && findings[j]!.turn.role === 'system');
    if (agentSide) reply.push(findings[j]!);
  }
  return reply;
}

/** What the customer's first turn after the reply starting at `from` says of it: took it well, and called for nothing new. */
function answerTo(findings: readonly TurnFindings[], from: number, lexicon: CompiledLexicon): Evidence[] {
  const next = findings.find((f, j) => j > from && f.turn.role === 'customer');
  if (!next || triggersOf(next, lexicon).names.length) return [];
  return tookWell(next, lexicon);
}

/** Resolves every customer turn that calls for empathy by what the agent side did next. */
export function resolveMoments(findings: readonly TurnFindings[], lexicon: CompiledLexicon): ResolvedMoment[] {
  const { hurryBriefWords, hurryPreambleWords } = lexicon.data.thresholds;
  const moments: ResolvedMoment[] = [];
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i]!;
    if (f.turn.role !== 'customer') continue;
    const triggers = triggersOf(f, lexicon);
    if (triggers.names.length === 0) continue;
    const reply = replyTo(findings, i, lexicon.data.thresholds.responseRuns);
    const heard: Behaviour[] = [];
    const helped: Behaviour[] = [];
    const owned: Behaviour[] = [];
    const explored: Behaviour[] = [];
    const vetoed: Behaviour[] = [];
    // timing is about the emotional acknowledgement, not about echoing the customer's words
    let heardAt = Infinity;
    let helpedAt = Infinity;
    for (const r of reply) {
      for (const b of r.behaviours) {
        if (HEARD.has(b.kind)) {
          heard.push(b);
          if (b.kind !== 'reflection') heardAt = Math.min(heardAt, firstPosition(b.evidence));
        }
        if (HELPED.has(b.kind)) {
          helped.push(b);
          helpedAt = Math.min(helpedAt, firstPosition(b.evidence));
        }
        if (b.kind === 'ownership' || (b.kind === 'apology' && b.specific)) owned.push(b);
        if (b.kind === 'exploration') explored.push(b);
        // a stock empathy formula vetoes specific; a courtesy one ("thanks for reaching out") does not
        if (UNDOING.has(b.kind) || (b.kind === 'scripted' && b.evidence.some((e) => e.detector === STOCK_EMPATHY)))
          vetoed.push(b);
      }
    }
    // a stock formula, blame, dismissal or policy in the same reply undoes any claim to be specific
    const specific = heard.some((b) => b.specific) && vetoed.length === 0;
    const hurry = triggers.names.includes('cue:hurry');
    const preamble = hurry && helped.length ? wordsBefore(reply, helpedAt) : 0;
    // what a hurrying customer asked for is the answer, not a request for their details
    const helpingTurn = reply.find((r) => r.behaviours.some((b) => HELPED.has(b.kind) && !onlyDefers(b)));
    const longPreamble = hurry && helped.length > 0 && preamble > hurryPreambleWords;
    const adapted = hurry && !longPreamble && helpingTurn !== undefined && helpingTurn.turn.words <= hurryBriefWords;
    const undone = vetoed.filter((b) => UNDOING.has(b.kind));
    const stock = vetoed.filter((b) => b.kind === 'scripted');
    const resolved = reply.length && !undone.length ? answerTo(findings, reply[0]!.turn.index, lexicon) : [];
    let outcome: MomentOutcome;
    // a reply that blames, dismisses or hides behind policy misses the moment, whatever else it says
    if (undone.length) outcome = 'missed';
    else if ((heard.length && specific && !longPreamble) || adapted) outcome = 'met-specific';
    else if (heard.length || stock.length) outcome = 'met-generic';
    else if (helped.length || resolved.length) outcome = 'helped-not-heard';
    else outcome = 'missed';
    const answer: Evidence[] = [
      ...[...undone, ...heard, ...(heard.length ? [] : stock), ...helped].slice(0, 4).map((b) => b.evidence[0]!),
      ...resolved.slice(0, 1),
    ];
    moments.push({
      turn: f.turn.index,
      triggers: triggers.names,
      outcome,
      responseTurn: reply[0]?.turn.index ?? null,
      ackBeforeFix: heardAt !== Infinity && helped.length ? heardAt < helpedAt : null,
      evidence: [...triggers.evidence, ...answer],
      longPreamble,
      reply: { helped, owned, explored, vetoed },
      stockOnly: !undone.length && !heard.length && stock.length > 0,
      bareApology: !undone.length && heard.length > 0 && heard.every((b) => b.kind === 'apology' && !b.specific),
      resolved,
    });
  }
  return moments;
}

/** The published shape of a moment. */
export const publicMoment = ({
  longPreamble: _long,
  reply: _reply,
  stockOnly: _stock,
  bareApology: _bare,
  resolved: _resolved,
  ...moment
}: ResolvedMoment): Moment => moment;
