import type { z } from 'zod';
import type { Conversation, Moment, Routing, RoutingDimensionName, Turn } from '../schema/index.ts';
import { Conversation as ConversationSchema } from '../schema/conversation.ts';
import type { Engine } from '../engine.ts';
import { FindingsReader, mergeCues } from '../analyze.ts';
import { isAgentSide } from '../analysis/prepare.ts';
import { questionBefore, redactText } from '../privacy/redact.ts';
import { publicMoment, resolveMoments, type TurnFindings } from '../scoring/moments.ts';
import { route } from '../scoring/routing.ts';
import { vulnerabilityOf } from '../scoring/tier.ts';
import { decide, type Decision } from './adoption.ts';
import type { ContactSummary } from '../journeys/index.ts';
import { journeyChase } from './chase.ts';
import { candidates, journeyChaseCue, JOURNEY_CHASE_KEY, stillOpen, type Candidate, type View } from './cues.ts';
import type { LiveAudioSpec, LiveCue, LiveSummary, OpenMessage, TurnMessage, Unnumbered } from './events.ts';
import { createLiveVoice, type LiveVoice, type LiveVoiceRole } from '../prosody/live.ts';
import { DEFAULT_PROSODY_SETTINGS } from '../prosody/settings.ts';
import { summarize, type Shown } from './summary.ts';
import { compact } from './compact.ts';
import type { Severity } from '../schema/index.ts';
import type { VoiceCue } from '../schema/voice.ts';
import { adoptionOf } from './summary.ts';
import { decideVoice, voiceResult, watch, type ShownVoice } from './voice-cues.ts';

type TurnIn = z.output<typeof TurnMessage>;
type LiveAudio = z.output<typeof LiveAudioSpec>;
type Event = Unnumbered;

const MET = new Set(['met-specific', 'met-generic']);
/** Turns one session may hold: each turn re-reads the conversation so far, so a session without end would slow without end. */
export const MAX_LIVE_TURNS = 2_000;
const RANK = { high: 0, medium: 1, low: 2 } as const;

export type OpenResult = { ok: true; session: LiveSession } | { ok: false; problems: string[] };

/** Checks the open message's conversation metadata: the conversation without turns, or what is wrong with it. */
export function parseMeta(
  meta: z.input<typeof OpenMessage>['conversation'],
): { ok: true; meta: Conversation } | { ok: false; problems: string[] } {
  const parsed = ConversationSchema.safeParse({ ...meta, turns: [] });
  if (!parsed.success)
    return { ok: false, problems: parsed.error.issues.map((i) => `conversation.${i.path.join('.')}: ${i.message}`) };
  return { ok: true, meta: parsed.data };
}

/** The customer's earlier contacts (newest first), or how to read them when needed (a session holds them only so). */
export type Earlier = readonly ContactSummary[] | (() => readonly ContactSummary[]);

/** Starts a session from the open message's conversation metadata, the customer's earlier contacts and the audio it will stream. */
export function openSession(
  meta: z.input<typeof OpenMessage>['conversation'],
  engine: Engine,
  earlier: Earlier = [],
  audio?: LiveAudio,
): OpenResult {
  const parsed = parseMeta(meta);
  return parsed.ok ? { ok: true, session: new LiveSession(parsed.meta, engine, earlier, audio) } : parsed;
}

/**
 * One live conversation: takes turns as they come (interim voice segments replaced by their final one), re-reads
 * only the new turn, and says what changed: cues, the customer's emotions, routing, open moments, and whether the
 * agent acted on earlier cues. Pure: the caller passes the time and sends the events.
 */
export class LiveSession {
  readonly analysing: boolean;
  private readonly reader: FindingsReader;
  private readonly findings: TurnFindings[] = [];
  private readonly turns: Turn[] = [];
  private interim: { segment: string; turn: Turn; findings: TurnFindings } | null = null;
  /** The turn index each applied message went to, by client seq - 1. */
  private readonly turnOfSeq: number[] = [];
  private finalCount = 0;
  /** The last applied turn's text as the session keeps it (redacted; empty when opted out), for the session's journal. */
  private appliedText = '';
  private routing: Routing | null = null;
  private openMoments = '';
  private readonly queued = new Set<string>();
  private queue: Candidate[] = [];
  private readonly shown: Shown[] = [];
  private lastShownAt = -Infinity;
  private view: View | null = null;
  private cueCount = 0;
  /** The customer's earlier contacts, until the conversation is found to repeat one (then the chase is cued and they are let go). */
  private earlier: (() => readonly ContactSummary[]) | null;

  /** The call's audio as it streams, made on its first chunk (a session without audio holds none of it). */
  private voice: LiveVoice | null = null;
  /** What the audio showed (for the stored analysis), its cues waiting for the pacing and those shown; made with `voice`. */
  private voiceShown: VoiceShown | null = null;

  constructor(
    private readonly meta: Conversation,
    private readonly engine: Engine,
    earlier: Earlier = [],
    private readonly audioSpec?: LiveAudio,
  ) {
    this.analysing = meta.consent.analysis !== false;
    this.reader = new FindingsReader(engine);
    const read = typeof earlier === 'function' ? earlier : () => earlier;
    this.earlier =
      this.analysing && meta.customer?.id && (typeof earlier === 'function' || earlier.length) ? read : null;
  }

  get id(): string {
    return this.meta.id;
  }

  get agentId(): string | undefined {
    return this.meta.agent?.id;
  }

  /** The client seq the session expects next. */
  get nextTurnSeq(): number {
    return this.turnOfSeq.length + 1;
  }

  /** The text of the last turn applied, redacted (empty for an opted-out session): what a journal may keep to replay it. */
  get lastAppliedText(): string {
    return this.appliedText;
  }

  /** Applies one turn message at time `now` (ms); a seq applied before is acknowledged again and not applied. */
  turn(message: TurnIn, now: number): Event[] {
    const ack = (turn: number, duplicate: boolean): Event => ({
      type: 'ack',
      turnSeq: message.seq,
      turn,
      final: message.final,
      duplicate,
    });
    if (message.seq <= this.turnOfSeq.length) return [ack(this.turnOfSeq[message.seq - 1]!, true)];
    if (message.seq > this.nextTurnSeq)
      return [
        {
          type: 'error',
          code: 'out_of_order',
          message: `turn seq ${message.seq} arrived before ${this.nextTurnSeq}: send from ${this.nextTurnSeq}`,
        },
      ];
    if (message.final && this.finalCount >= MAX_LIVE_TURNS) {
      return [
        {
          type: 'error',
          code: 'too_large',
          message: `a live session holds at most ${MAX_LIVE_TURNS} turns; close it and open another`,
        },
      ];
    }
    if (!this.analysing) {
      // opted out: nothing is read or kept, only counted so resends stay idempotent
      const index = this.finalCount;
      if (message.final) this.finalCount++;
      this.turnOfSeq.push(index);
      this.appliedText = '';
      return [ack(index, false)];
    }
    const turn: Turn = {
      role: message.role,
      text: redactText(message.text, questionBefore(this.turns, this.turns.length, message.role)).text,
      ...(message.at !== undefined ? { at: message.at } : {}),
      ...(message.start !== undefined ? { start: message.start } : {}),
      ...(message.end !== undefined ? { end: message.end } : {}),
    };
    this.appliedText = turn.text;
    const segment = message.segment ?? '';
    // a new utterance while another is still interim: the old one stands as said
    if (this.interim && this.interim.segment !== segment) this.commit(this.interim.turn);
    let events: Event[];
    if (message.final) {
      this.interim = null;
      this.commit(turn);
      events = this.analyse(now, null);
    } else {
      const findings = this.reader.read(turn, this.findings.length, true);
      this.interim = { segment, turn, findings };
      events = this.analyse(now, findings);
    }
    const index = message.final ? this.findings.length - 1 : this.findings.length;
    this.turnOfSeq.push(index);
    return [...events, ack(index, false)];
  }

  /**
   * Applies a chunk of one channel's audio (samples -1..1) at time `now` (ms): a `voice` event when it showed something
   * new; its cues wait their turn with the text cues (one new cue per interval, most severe first) and are withdrawn once
   * decided, as text cues are.
   */
  audio(channel: LiveVoiceRole, samples: Float32Array, now: number): Event[] {
    if (!this.audioSpec)
      return [
        {
          type: 'error',
          code: 'invalid_message',
          message: 'this session declared no audio: open it with audio {sampleRate, channels}',
        },
      ];
    if (!this.audioSpec.channels.includes(channel))
      return [
        {
          type: 'error',
          code: 'invalid_message',
          message: `channel "${channel}" was not declared at open (declared: ${this.audioSpec.channels.join(', ')})`,
        },
      ];
    // opted out: nothing is read
    if (!this.analysing) return [];
    this.voice ??= createLiveVoice(this.audioSpec.sampleRate, this.audioSpec.channels, DEFAULT_PROSODY_SETTINGS);
    const update = this.voice.push(channel, samples);
    const state = (this.voiceShown ??= { events: [], cues: [], waiting: [], dropped: { events: 0, cues: 0 } });
    keepSome(state.events, update.events, state.dropped, 'events');
    for (const s of state.cues) if (!s.decision) watch(s, update);
    const withdrawn = this.adoptVoice(false);
    for (const cue of update.cues) this.waitVoice(state, cue);
    return [
      ...(update.events.length ? [{ type: 'voice' as const, events: update.events, cues: [] }] : []),
      ...withdrawn,
      ...this.release(now, this.view),
    ];
  }

  /** Shows a waiting cue once the pacing interval allows; call at `nextCueAt()`. */
  tick(now: number): Event[] {
    return this.release(now, this.view);
  }

  /** When a waiting cue may be shown, or null when none waits. */
  nextCueAt(): number | null {
    return this.queue.length || this.voiceShown?.waiting.length
      ? this.lastShownAt + this.engine.lexicon.data.live.cueIntervalMs
      : null;
  }

  /** Cues on screen now (shown, not yet acted on or ignored), most severe first. */
  activeCues(): LiveCue[] {
    return this.shown
      .filter((s) => !s.decision)
      .map((s) => s.cue)
      .sort((a, b) => RANK[a.severity] - RANK[b.severity]);
  }

  /** Ends the session: the conversation as heard (redacted) and its cues' outcomes; nothing for an opted-out one. */
  close(): { conversation: Conversation; summary: ReturnType<typeof summarize> | null; events: Event[] } {
    if (!this.analysing) return { conversation: { ...this.meta, turns: [] }, summary: null, events: [] };
    if (this.interim) {
      this.commit(this.interim.turn);
      this.interim = null;
    }
    const events = [...this.adopt(true), ...this.adoptVoice(true)];
    const summary = summarize(this.shown);
    if (this.voice && this.voiceShown) {
      const cues = this.voiceShown.cues.map(voiceResult);
      summary.voice = {
        seconds: Object.fromEntries(this.voice.roles.map((role) => [role, round(this.voice!.timeOf(role))])),
        events: this.voiceShown.events,
        cues,
        adoption: adoptionOf(cues),
        dropped: this.voiceShown.dropped,
      };
    }
    return { conversation: { ...this.meta, turns: this.turns }, summary, events };
  }

  private commit(turn: Turn): void {
    this.findings.push(compact(this.reader.read(turn, this.findings.length), this.engine.lexicon.vocabulary));
    this.turns.push(turn);
    this.finalCount++;
  }

  private analyse(now: number, tentative: TurnFindings | null): Event[] {
    const lexicon = this.engine.lexicon;
    const customerInterim = tentative?.turn.role === 'customer' ? tentative : null;
    const all = customerInterim ? [...this.findings, customerInterim] : this.findings;
    const cues = mergeCues(all);
    const moments = resolveMoments(all, lexicon);
    const routing = route(all, cues, vulnerabilityOf(cues, lexicon), lexicon);
    const view: View = {
      findings: all,
      moments,
      routing,
      previousRouting: this.routing,
      lexicon,
      known: (key) => this.queued.has(key),
    };
    const events: Event[] = [];
    const last = customerInterim ?? (tentative === null ? this.findings.at(-1) : undefined);
    if (last?.turn.role === 'customer') events.push(this.emotion(last, customerInterim !== null));
    events.push(...this.routingChange(routing));
    const open = moments.filter((m) => !MET.has(m.outcome) && stillOpen(view, m)).map(publicMoment);
    const openKey = open.map((m) => `${m.turn}:${m.outcome}`).join(',');
    if (openKey !== this.openMoments) events.push({ type: 'moments', open: open as Moment[] });
    this.openMoments = openKey;
    if (tentative === null) events.push(...this.adopt(false), ...this.adoptVoice(false));
    const agentInterim = tentative && isAgentSide(tentative.turn.role) ? tentative : null;
    const onScreen = new Set(this.activeCues().map((c) => c.kind));
    for (const c of [...this.chaseFromJourney(view, cues), ...candidates(view, agentInterim)]) {
      if (this.queued.has(c.key) || onScreen.has(c.kind)) continue;
      // the chase is cued once, whether the earlier contacts or the customer's own words showed it first
      if (c.kind === 'own-the-chase' && this.queued.has(JOURNEY_CHASE_KEY)) continue;
      // a moment already cued (its deadline, its vulnerability) is not cued again as merely open
      if (
        c.kind === 'open-moment' &&
        this.shown.some((s) => s.momentTurn === c.momentTurn || s.cue.evidence.some((e) => e.turn === c.momentTurn))
      )
        continue;
      this.queued.add(c.key);
      this.queue.push(c);
    }
    this.routing = routing;
    this.view = view;
    return [...events, ...this.release(now, view)];
  }

  /** Shows the most severe waiting cue once the interval allows; the view is kept only while a text cue waits (a tick shows it). */
  private release(now: number, view: View | null): Event[] {
    const shown = this.releaseOne(now, view);
    if (!this.queue.length) this.view = null;
    return shown;
  }

  /** The chase cue once a final customer turn shows the conversation repeats an earlier contact. */
  private chaseFromJourney(view: View, cues: ReturnType<typeof mergeCues>): Candidate[] {
    const customer = this.meta.customer?.id;
    if (!this.earlier || !customer || view.findings !== this.findings || this.findings.at(-1)?.turn.role !== 'customer')
      return [];
    if ([...this.queued].some((key) => key.startsWith('own-the-chase:'))) {
      this.earlier = null;
      return [];
    }
    // the store keeps a customer under its keyed pseudonym when the id is personal data: these are this customer's all the same
    const earlier = this.earlier().map((c) => ({ ...c, customerId: customer }));
    const chase = journeyChase({ ...this.meta, turns: this.turns }, this.findings, cues, earlier, this.engine.lexicon);
    if (!chase) return [];
    this.earlier = null;
    return journeyChaseCue(view, chase);
  }

  private emotion(f: TurnFindings, interim: boolean): Event {
    const trajectory = this.findings
      .filter((x) => x.turn.role === 'customer')
      .map((x) => ({ turn: x.turn.index, sentiment: round(x.sentiment) }));
    const earlier = trajectory.filter((p) => p.turn < f.turn.index).slice(-2);
    const base = earlier.length ? earlier.reduce((s, p) => s + p.sentiment, 0) / earlier.length : f.sentiment;
    const delta = f.sentiment - base;
    return {
      type: 'emotion',
      turn: f.turn.index,
      final: !interim,
      sentiment: round(f.sentiment),
      emotions: f.emotions.map((e) => ({ label: e.label, intensity: round(e.intensity) })),
      trajectory,
      trend: delta > 0.1 ? 'rising' : delta < -0.1 ? 'falling' : 'steady',
    };
  }

  private routingChange(routing: Routing): Event[] {
    const names = Object.keys(routing.dimensions) as RoutingDimensionName[];
    const high = names.filter((n) => routing.dimensions[n].level === 'high');
    const before = this.routing;
    const changed = names.filter((n) => (before?.dimensions[n].level ?? 'low') !== routing.dimensions[n].level);
    if (before && before.decision === routing.decision && changed.length === 0) return [];
    return [{ type: 'routing', decision: routing.decision, reasons: routing.reasons, high, changed }];
  }

  /** Decides shown cues from the agent turns since; an acted-on (or lapsed) cue is withdrawn. */
  private adopt(ended: boolean): Event[] {
    const events: Event[] = [];
    const lastTurn = this.findings.length - 1;
    for (const s of this.shown) {
      if (s.decision) {
        if (s.sentimentAfter === undefined) {
          const next = this.findings.find((f) => f.turn.index > s.decidedAt! && f.turn.role === 'customer');
          if (next) s.sentimentAfter = next.sentiment;
        }
        continue;
      }
      const agentTurns = this.findings.filter((f) => f.turn.index > s.cue.shownAfterTurn && isAgentSide(f.turn.role));
      const decision: Decision | null = decide(s.cue.kind, agentTurns, this.engine.lexicon, ended);
      if (!decision) continue;
      s.decision = decision;
      s.decidedAt = lastTurn;
      events.push({
        type: 'cue-withdrawn',
        id: s.cue.id,
        outcome: decision.outcome,
        why: decision.why,
        evidence: decision.evidence,
      });
    }
    return events;
  }

  /** A voice cue waits for the pacing: after any more severe one, in place of an older one of its kind (it has more evidence). */
  private waitVoice(state: VoiceShown, cue: VoiceCue): void {
    const severity = this.engine.lexicon.data.live.voiceSeverity[cue.kind];
    const waiting = state.waiting.filter((w) => w.cue.kind !== cue.kind);
    waiting.push({ cue, severity });
    state.waiting = waiting.sort((a, b) => RANK[a.severity] - RANK[b.severity]);
  }

  private showVoice(now: number): Event[] {
    const state = this.voiceShown!;
    const next = state.waiting.shift()!;
    this.lastShownAt = now;
    const cue = {
      ...next.cue,
      id: `cue-${++this.cueCount}`,
      severity: next.severity,
      shownAfterTurn: Math.max(0, this.findings.length - 1),
    };
    // beyond the bound a cue is still shown, but no longer kept nor followed
    if (state.cues.length < MAX_VOICE_KEPT) {
      const shownAt = Math.max(...this.voice!.roles.map((role) => this.voice!.timeOf(role)));
      state.cues.push({ cue, shownAt, turnsBefore: this.findings.length, agentSince: [], again: [], decision: null });
    } else state.dropped.cues++;
    return [{ type: 'voice', events: [], cues: [cue] }];
  }

  /** Decides shown voice cues from the agent's voice (or words) since; a decided one is withdrawn. */
  private adoptVoice(ended: boolean): Event[] {
    const events: Event[] = [];
    for (const s of this.voiceShown?.cues ?? []) {
      if (s.decision) continue;
      const agentTurns = this.findings.filter((f) => f.turn.index >= s.turnsBefore && isAgentSide(f.turn.role));
      s.decision = decideVoice(s, agentTurns, this.engine.lexicon, ended);
      if (s.decision)
        events.push({
          type: 'cue-withdrawn',
          id: s.cue.id,
          outcome: s.decision.outcome,
          why: s.decision.why,
          evidence: s.decision.evidence,
        });
    }
    return events;
  }

  /** Shows the most severe waiting cue, text or voice, once the pacing interval allows. */
  private releaseOne(now: number, view: View | null): Event[] {
    if (view) this.queue = this.queue.filter((c) => !moot(c, view));
    const voice = this.voiceShown?.waiting[0];
    if ((!this.queue.length && !voice) || now - this.lastShownAt < this.engine.lexicon.data.live.cueIntervalMs)
      return [];
    const text = this.queue[0];
    if (voice && (!text || !view || RANK[voice.severity] < RANK[text.severity])) return this.showVoice(now);
    if (!view) return [];
    const next = this.queue.shift()!;
    this.lastShownAt = now;
    const cue: LiveCue = {
      id: `cue-${++this.cueCount}`,
      kind: next.kind,
      severity: next.severity,
      message: next.message,
      suggestion: next.suggestion,
      shownAfterTurn: Math.max(0, view.findings.length - 1),
      evidence: next.evidence,
    };
    const before = [...this.findings]
      .reverse()
      .find((f) => f.turn.role === 'customer' && f.turn.index <= cue.shownAfterTurn);
    this.shown.push({
      cue,
      momentTurn: next.momentTurn,
      decision: null,
      decidedAt: null,
      sentimentBefore: before?.sentiment ?? null,
      sentimentAfter: undefined,
    });
    return [{ type: 'cue', cue }];
  }
}

/** A waiting cue the conversation has moved past: its moment answered, its evidence gone, routing back to safe. */
function moot(c: Candidate, view: View): boolean {
  for (const e of c.evidence) {
    if (e.conversation !== undefined) continue;
    const f = view.findings[e.turn];
    if (!f || f.turn.text.slice(e.start, e.end) !== e.text) return true;
  }
  if (c.kind === 'consider-human') return view.routing.decision !== 'human-required';
  if (c.momentTurn === null) return false;
  const moment = view.moments.find((m) => m.turn === c.momentTurn);
  if (!moment) return true;
  if (c.kind === 'open-moment') return MET.has(moment.outcome) || !stillOpen(view, moment);
  return moment.responseTurn !== null;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Voice events a session kept for its stored analysis (the first `MAX_VOICE_KEPT`), its voice cues waiting and shown, and how many more. */
interface VoiceShown extends Pick<NonNullable<LiveSummary['voice']>, 'events' | 'dropped'> {
  waiting: Array<{ cue: VoiceCue; severity: Severity }>;
  cues: ShownVoice[];
}
/** Bounds what a long call's voice findings hold in an open session. */
const MAX_VOICE_KEPT = 200;

function keepSome<T>(kept: T[], fresh: readonly T[], dropped: VoiceShown['dropped'], which: 'events' | 'cues'): void {
  const room = Math.max(0, MAX_VOICE_KEPT - kept.length);
  kept.push(...fresh.slice(0, room));
  dropped[which] += Math.max(0, fresh.length - room);
}
