import type { SpeakerVoice, TurnVoice, VoiceCue, VoiceEvent } from '../schema/voice.ts';
import { createActivityTracker, type ActivityTracker, type Span } from './activity.ts';
import { arousal } from './arousal.ts';
import { voiceCues } from './cues.ts';
import { createFrameTracker, type Frame, type FrameTracker } from './frames.ts';
import { measureWindow } from './measure-turn.ts';
import { overlaps } from './overlap.ts';
import type { ProsodySettings } from './settings.ts';

export const LIVE_VOICE_ROLES = ['agent', 'customer'] as const;
export type LiveVoiceRole = (typeof LIVE_VOICE_ROLES)[number];

/** What changed since the last audio: new voice events, cues that are new or have new evidence, and the stretches of speech that closed. */
export interface LiveVoiceUpdate {
  events: VoiceEvent[];
  cues: VoiceCue[];
  /** Utterances that ended with this audio (seconds from the call's start), by whom; `fast` when the agent's is faster than the slow-down cue allows. */
  spoken: Array<{ role: LiveVoiceRole; start: number; end: number; fast: boolean }>;
}

/** How much a live voice keeps: the last seconds of frames per channel, and the last utterances and events the cues read. */
export const LIVE_VOICE_LIMITS = { frameSeconds: 6, utterances: 24, events: 16, spansPerChannel: 4 } as const;

/** Levels kept in hundredths of a dB, in 16 bits: far finer than any threshold, half the memory of floats. */
const CENTI = 100;
const toCenti = (db: number) => Math.max(-32768, Math.min(32767, Math.round(db * CENTI)));

/**
 * The last `capacity` frames of one channel in typed arrays (18 bytes a frame at 20 ms), not as objects:
 * a live session holds seconds of them per channel and stays small.
 */
class FrameRing {
  private readonly level: Int16Array;
  private readonly hz: Float32Array;
  private readonly aperiodicity: Float32Array;
  private readonly sub: Int16Array;
  private readonly vowel: Int16Array;
  private count = 0;
  private first = 0;

  constructor(
    private readonly capacity: number,
    private readonly subs: number,
    private readonly frameSeconds: number,
  ) {
    this.level = new Int16Array(capacity);
    this.hz = new Float32Array(capacity);
    this.aperiodicity = new Float32Array(capacity);
    this.sub = new Int16Array(capacity * subs);
    this.vowel = new Int16Array(capacity * subs);
  }

  push(frame: Frame): void {
    const i = this.count % this.capacity;
    this.level[i] = toCenti(frame.levelDb);
    this.hz[i] = frame.hz ?? Number.NaN;
    this.aperiodicity[i] = frame.aperiodicity ?? Number.NaN;
    for (let k = 0; k < this.subs; k++) {
      this.sub[i * this.subs + k] = toCenti(frame.subLevelsDb[k] ?? -100);
      this.vowel[i * this.subs + k] = toCenti(frame.vowelLevelsDb[k] ?? -100);
    }
    this.count++;
    this.first = Math.max(0, this.count - this.capacity);
  }

  /** The kept frames overlapping [start, end), as frames starting at time 0 (what `measureWindow` expects), and their offset in seconds. */
  window(start: number, end: number): { frames: Frame[]; offset: number } {
    const from = Math.max(this.first, Math.floor(start / this.frameSeconds));
    const to = Math.min(this.count, Math.ceil(end / this.frameSeconds));
    const frames: Frame[] = [];
    for (let n = from; n < to; n++) {
      const i = n % this.capacity;
      const t = (n - from) * this.frameSeconds;
      frames.push({
        start: t,
        end: t + this.frameSeconds,
        levelDb: this.level[i]! / CENTI,
        hz: Number.isNaN(this.hz[i]!) ? null : this.hz[i]!,
        aperiodicity: Number.isNaN(this.aperiodicity[i]!) ? null : this.aperiodicity[i]!,
        subLevelsDb: Array.from(this.sub.subarray(i * this.subs, (i + 1) * this.subs), (v) => v / CENTI),
        vowelLevelsDb: Array.from(this.vowel.subarray(i * this.subs, (i + 1) * this.subs), (v) => v / CENTI),
      });
    }
    return { frames, offset: from * this.frameSeconds };
  }
}

interface Channel {
  role: LiveVoiceRole;
  frames: FrameTracker;
  activity: ActivityTracker;
  ring: FrameRing;
  /** Seconds of audio received. */
  time: number;
  /** The latest closed stretches of speech, oldest first. */
  spans: Span[];
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
const keyOf = (cue: VoiceCue) => cue.evidence.map((e) => `${cue.kind}:${e.start.toFixed(2)}`);

/**
 * Prosody as audio arrives, for a live session: each channel (one speaker each) is fed in chunks of any length
 * (20 ms frames, say); stretches of speech become utterances measured as a call's turns are, and the same cue rules
 * as the file path (`voiceCues`) run on what is kept. Memory is bounded by `LIVE_VOICE_LIMITS`, whatever the call's length.
 */
export function createLiveVoice(sampleRate: number, roles: readonly LiveVoiceRole[], settings: ProsodySettings) {
  const frameSeconds = settings.frameMs / 1000;
  const subs = Math.round(settings.frameMs / settings.syllables.subFrameMs);
  const capacity = Math.ceil(LIVE_VOICE_LIMITS.frameSeconds / frameSeconds);
  const channels = new Map<LiveVoiceRole, Channel>(
    roles.map((role) => [
      role,
      {
        role,
        frames: createFrameTracker(sampleRate, settings),
        activity: createActivityTracker(settings),
        ring: new FrameRing(capacity, subs, frameSeconds),
        time: 0,
        spans: [],
      },
    ]),
  );
  const utterances: TurnVoice[] = [];
  const events: VoiceEvent[] = [];
  const customerRate = { syllables: 0, seconds: 0 };
  const shown = new Set<string>();
  let lastSpeechEnd: number | null = null;
  let silenceReported: number | null = null;

  function keep<T>(list: T[], item: T, limit: number): void {
    list.push(item);
    if (list.length > limit) list.shift();
  }

  /** A stretch of speech closed: measure it as a turn, and find who cut in on whom. */
  function utterance(channel: Channel, span: Span, found: VoiceEvent[]): void {
    const { frames, offset } = channel.ring.window(span.start, span.end);
    const local = { start: Math.max(0, span.start - offset), end: span.end - offset };
    const m = measureWindow(frames, [local], local.start, local.end, settings);
    keep(
      utterances,
      {
        turn: null,
        role: channel.role,
        start: round3(span.start),
        end: round3(span.end),
        syllablesPerSecond: m.syllablesPerSecond,
        pitchHz: m.pitchHz,
        pitchRangeSemitones: m.pitchRangeSemitones,
        levelDb: m.levelDb,
        pauses: m.pauses.length,
        pauseSeconds: m.pauses.reduce((s, p) => s + p.end - p.start, 0),
        arousal: null,
      },
      LIVE_VOICE_LIMITS.utterances,
    );
    if (channel.role === 'customer' && m.syllablesPerSecond !== null) {
      customerRate.syllables += m.syllables;
      customerRate.seconds += m.speechSeconds;
    }
    for (const other of channels.values()) {
      if (other === channel) continue;
      for (const o of overlaps(
        { role: channel.role, spans: [span] },
        { role: other.role, spans: other.spans },
        settings.overlap.minOverlapMs / 1000,
        settings.overlap.backchannelMaxMs / 1000,
      )) {
        found.push({
          kind: o.interruption ? 'interruption' : 'overlap',
          start: round3(o.start),
          end: round3(o.end),
          by: o.by,
          on: o.on,
        });
      }
    }
    keep(channel.spans, span, LIVE_VOICE_LIMITS.spansPerChannel);
    lastSpeechEnd = Math.max(lastSpeechEnd ?? 0, span.end);
  }

  /** Dead air: every channel has heard nothing for the dead-air time since someone last spoke; reported once, as it happens. */
  function silence(found: VoiceEvent[]): void {
    const now = Math.min(...[...channels.values()].map((c) => c.time));
    if ([...channels.values()].some((c) => c.activity.open !== null)) return;
    if (lastSpeechEnd === null || silenceReported === lastSpeechEnd) return;
    if (now - lastSpeechEnd >= settings.pauses.deadAirMs / 1000) {
      found.push({ kind: 'dead-air', start: round3(lastSpeechEnd), end: round3(now) });
      silenceReported = lastSpeechEnd;
    }
  }

  /** Whether an agent's rate is over the slow-down cue's limit: the customer's own rate, once there is one to go by. */
  function tooFast(rate: number | null): boolean {
    const customer = customerRate.seconds > 0 ? customerRate.syllables / customerRate.seconds : null;
    return (
      rate !== null &&
      customer !== null &&
      customer >= settings.cues.minCustomerRate &&
      rate > customer * settings.cues.agentRateAboveCustomer
    );
  }

  function cues(): VoiceCue[] {
    const customer = utterances.filter((u) => u.role === 'customer');
    arousal(customer, settings);
    const speakers: SpeakerVoice[] =
      customerRate.seconds > 0
        ? [
            {
              role: 'customer',
              speechSeconds: customerRate.seconds,
              talkShare: 0,
              syllablesPerSecond: customerRate.syllables / customerRate.seconds,
              pitchHz: null,
              pitchRangeSemitones: null,
              levelDb: null,
            },
          ]
        : [];
    const fresh: VoiceCue[] = [];
    for (const cue of voiceCues(speakers, utterances, events, settings)) {
      const keys = keyOf(cue);
      if (keys.every((k) => shown.has(k))) continue;
      for (const k of keys) shown.add(k);
      fresh.push(cue);
    }
    // a cue's keys are its evidence's start times: older ones can be forgotten once that evidence is gone
    if (shown.size > 24) for (const k of [...shown].slice(0, shown.size - 24)) shown.delete(k);
    return fresh;
  }

  return {
    roles: [...channels.keys()],
    /** How much is kept now (for the memory bound's tests). */
    kept: () => ({
      utterances: utterances.length,
      events: events.length,
      cueKeys: shown.size,
      spans: Math.max(...[...channels.values()].map((c) => c.spans.length)),
    }),
    /** Seconds of audio received on `role`'s channel. */
    timeOf: (role: LiveVoiceRole) => channels.get(role)?.time ?? 0,
    /** Feeds `role`'s samples (-1..1); what changed. Throws for a role the session did not declare. */
    push(role: LiveVoiceRole, samples: Float32Array): LiveVoiceUpdate {
      const channel = channels.get(role);
      if (!channel) throw new Error(`no "${role}" channel was declared`);
      channel.time += samples.length / sampleRate;
      const frames = channel.frames.push(samples);
      for (const frame of frames) channel.ring.push(frame);
      const found: VoiceEvent[] = [];
      const closed = channel.activity.push(frames);
      for (const span of closed) utterance(channel, span, found);
      const open = channel.activity.open;
      if (open) lastSpeechEnd = Math.max(lastSpeechEnd ?? 0, open.end);
      silence(found);
      for (const e of found) keep(events, e, LIVE_VOICE_LIMITS.events);
      const grown = found.length > 0 || closed.length > 0 ? cues() : [];
      const spoken = utterances.slice(Math.max(0, utterances.length - closed.length)).map((u) => ({
        role,
        start: u.start,
        end: u.end,
        fast: role === 'agent' && tooFast(u.syllablesPerSecond),
      }));
      return { events: found, cues: grown, spoken };
    },
  };
}

export type LiveVoice = ReturnType<typeof createLiveVoice>;
