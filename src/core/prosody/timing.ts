import type { Role } from '../schema/conversation.ts';
import type { TimingSignals } from '../schema/voice.ts';

/** A turn placed in time (seconds from the start of the call). */
export interface TimedTurn {
  role: Role;
  start: number;
  end: number;
  /** Its index in the conversation's turns, when it came from one. */
  turn?: number;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Talk/listen ratio, interruptions, non-talk time and response latency from turn timings alone. */
export function timingSignals(turns: readonly TimedTurn[], duration?: number): TimingSignals {
  const sorted = [...turns].sort((a, b) => a.start - b.start);
  const talk = (role: Role) =>
    sorted.filter((t) => t.role === role).reduce((sum, t) => sum + Math.max(0, t.end - t.start), 0);
  const interruptions = { agent: 0, customer: 0 };
  const latencies: number[] = [];
  let covered = 0;
  let cursor = sorted[0]?.start ?? 0;
  const end = Math.max(duration ?? 0, ...sorted.map((t) => t.end));
  let lastOther: Partial<Record<Role, TimedTurn>> = {};
  for (const turn of sorted) {
    const other: Role | null = turn.role === 'agent' ? 'customer' : turn.role === 'customer' ? 'agent' : null;
    const previous = other ? lastOther[other] : undefined;
    if (previous && turn.start < previous.end && (turn.role === 'agent' || turn.role === 'customer'))
      interruptions[turn.role]++;
    if (turn.role === 'agent' && previous && turn.start >= previous.end) latencies.push(turn.start - previous.end);
    covered += Math.max(0, turn.end - Math.max(turn.start, cursor));
    cursor = Math.max(cursor, turn.end);
    lastOther = { ...lastOther, [turn.role]: turn };
  }
  const agentSeconds = talk('agent');
  const customerSeconds = talk('customer');
  const first = sorted[0]?.start ?? 0;
  return {
    talkListenRatio: customerSeconds > 0 ? agentSeconds / customerSeconds : null,
    agentSeconds,
    customerSeconds,
    nonTalkSeconds: Math.max(0, end - (duration === undefined ? first : 0) - covered),
    interruptions,
    responseLatencySeconds: median(latencies),
  };
}

export { median };
