import type { Role } from '../schema/conversation.ts';
import type { SpeakerVoice, TurnVoice, VoiceAnalysis, VoiceEvent } from '../schema/voice.ts';
import { speechSpans, type Span } from './activity.ts';
import { arousal } from './arousal.ts';
import { voiceBehaviours } from './behaviours.ts';
import { voiceCues } from './cues.ts';
import { framesOf, type Frame } from './frames.ts';
import { measureWindow } from './measure-turn.ts';
import { overlaps, silences } from './overlap.ts';
import type { ProsodySettings } from './settings.ts';
import { timingSignals, type TimedTurn } from './timing.ts';

/** A recording: one channel per speaker, or one `mixed` channel whose speakers the transcript's timings tell. */
export interface VoiceInput {
  sampleRate: number;
  channels: { role: Role | 'mixed'; samples: Float32Array }[];
  /** Transcript turns with their times, when the platform gave them. */
  turns?: TimedTurn[];
}

interface Measured {
  frames: Frame[];
  spans: Span[];
}

function measureChannel(samples: Float32Array, sampleRate: number, settings: ProsodySettings): Measured {
  const frames = framesOf(samples, sampleRate, settings);
  return { frames, spans: speechSpans(frames, settings) };
}

function clip(spans: readonly Span[], windows: readonly Span[]): Span[] {
  const out: Span[] = [];
  for (const w of windows) {
    for (const s of spans) {
      const start = Math.max(s.start, w.start);
      const end = Math.min(s.end, w.end);
      if (end > start) out.push({ start, end });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Turns from who spoke when: a new turn when the floor changes hands; a short backchannel does not take it. */
function turnsFromSpans(bySpeaker: Map<Role, Span[]>, backchannelMax: number): TimedTurn[] {
  const all = [...bySpeaker]
    .flatMap(([role, spans]) => spans.map((s) => ({ role, ...s })))
    .sort((a, b) => a.start - b.start);
  const turns: TimedTurn[] = [];
  for (const span of all) {
    const last = turns[turns.length - 1];
    if (last && last.role === span.role) last.end = Math.max(last.end, span.end);
    else if (last && span.end <= last.end + 0.05 && span.end - span.start <= backchannelMax) continue;
    else turns.push({ ...span });
  }
  return turns;
}

/**
 * Prosody of a call: per speaker and per turn rate, pitch, loudness and pauses; overlaps, interruptions and dead
 * air; the customer's arousal against their own baseline; and the cues these raise, each with its times.
 */
export function analyzeVoice(input: VoiceInput, settings: ProsodySettings): VoiceAnalysis {
  const measured = input.channels.map((c) => ({
    role: c.role,
    ...measureChannel(c.samples, input.sampleRate, settings),
  }));
  const duration = Math.max(0, ...input.channels.map((c) => c.samples.length / input.sampleRate));
  const bySpeaker = new Map<Role, Span[]>();
  const source = new Map<Role, Measured>();
  for (const channel of measured) {
    if (channel.role === 'mixed') {
      for (const role of new Set((input.turns ?? []).map((t) => t.role))) {
        const windows = (input.turns ?? []).filter((t) => t.role === role);
        bySpeaker.set(role, clip(channel.spans, windows));
        source.set(role, channel);
      }
    } else {
      bySpeaker.set(channel.role, channel.spans);
      source.set(channel.role, channel);
    }
  }
  const timed = input.turns?.length ? input.turns : turnsFromSpans(bySpeaker, settings.overlap.backchannelMaxMs / 1000);
  const turns: TurnVoice[] = timed.map((t) => {
    const from = source.get(t.role);
    const m = from ? measureWindow(from.frames, bySpeaker.get(t.role) ?? [], t.start, t.end, settings) : null;
    return {
      turn: t.turn ?? null,
      role: t.role,
      start: t.start,
      end: t.end,
      syllablesPerSecond: m?.syllablesPerSecond ?? null,
      pitchHz: m?.pitchHz ?? null,
      pitchRangeSemitones: m?.pitchRangeSemitones ?? null,
      levelDb: m?.levelDb ?? null,
      pauses: m?.pauses.length ?? 0,
      pauseSeconds: m ? m.pauses.reduce((sum, p) => sum + p.end - p.start, 0) : 0,
      arousal: null,
    };
  });
  arousal(
    turns.filter((t) => t.role === 'customer'),
    settings,
  );

  const events: VoiceEvent[] = [];
  const agent = bySpeaker.get('agent');
  const customer = bySpeaker.get('customer');
  if (agent && customer) {
    for (const o of overlaps(
      { role: 'agent' as Role, spans: agent },
      { role: 'customer' as Role, spans: customer },
      settings.overlap.minOverlapMs / 1000,
      settings.overlap.backchannelMaxMs / 1000,
    )) {
      events.push({
        kind: o.interruption ? 'interruption' : 'overlap',
        start: o.start,
        end: o.end,
        by: o.by,
        on: o.on,
      });
    }
  }
  const everyone = [...bySpeaker.values()].flat();
  for (const gap of silences(everyone, duration, settings.pauses.minPauseMs / 1000)) {
    if (gap.start === 0 || gap.end === duration) continue;
    events.push({ kind: gap.end - gap.start >= settings.pauses.deadAirMs / 1000 ? 'dead-air' : 'pause', ...gap });
  }
  events.sort((a, b) => a.start - b.start);

  const talkTotal = [...bySpeaker.values()].reduce(
    (sum, spans) => sum + spans.reduce((s, x) => s + x.end - x.start, 0),
    0,
  );
  const speakers: SpeakerVoice[] = [...bySpeaker].map(([role, spans]) => {
    const from = source.get(role)!;
    const m = measureWindow(from.frames, spans, 0, duration, settings);
    return {
      role,
      speechSeconds: m.speechSeconds,
      talkShare: talkTotal > 0 ? m.speechSeconds / talkTotal : 0,
      syllablesPerSecond: m.syllablesPerSecond,
      pitchHz: m.pitchHz,
      pitchRangeSemitones: m.pitchRangeSemitones,
      levelDb: m.levelDb,
    };
  });
  return {
    source: 'audio',
    settings: settings.version,
    durationSeconds: duration,
    speakers,
    turns,
    events,
    cues: voiceCues(speakers, turns, events, settings),
    behaviours: voiceBehaviours(turns, events, settings),
    timing: timingSignals(timed, duration),
  };
}
