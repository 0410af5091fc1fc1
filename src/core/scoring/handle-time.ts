import type { Channel, Conversation } from '../schema/index.ts';

/** How the handle time was measured: talk time from voice turn timings, or active time from message times. */
export const HANDLE_TIME_BASES = ['talk', 'active'] as const;
export type HandleTimeBasis = (typeof HANDLE_TIME_BASES)[number];

/** Seconds of handling, how they were measured, and in words why (or why there is no figure). */
export interface HandleTime {
  seconds: number | null;
  basis: HandleTimeBasis | null;
  reason: string;
}

/** A wait between two chat messages longer than this is idle time (the customer away), not handling. */
export const IDLE_CAP_SECONDS = 300;

/** Channels where the parties write back and forth in one sitting, so the gaps between messages are time spent. */
const LIVE_TEXT: ReadonlySet<Channel> = new Set(['chat', 'messaging', 'social']);

/** Total length of the union of [start, end] intervals: overlapping speech counts once. */
function covered(intervals: Array<[number, number]>): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let [from, to] = [-Infinity, -Infinity];
  for (const [start, end] of sorted) {
    if (start > to) {
      if (to > from) total += to - from;
      [from, to] = [start, end];
    } else to = Math.max(to, end);
  }
  if (to > from) total += to - from;
  return total;
}

const round = (seconds: number) => Math.round(seconds * 1000) / 1000;

/**
 * Talk time where turns carry voice timings (`start`/`end`): the time someone was speaking. Active time for
 * live text channels with message times (`at`): the gaps between messages, each counted up to IDLE_CAP_SECONDS.
 * Otherwise no figure, with the reason: e-mail and ticket times say when a message was sent, not how long
 * anyone worked on it, and the first-to-last span of a thread can be days.
 */
export function handleTime(conversation: Conversation): HandleTime {
  const spoken = conversation.turns.flatMap((t): Array<[number, number]> =>
    t.start !== undefined && t.end !== undefined && t.end >= t.start ? [[t.start, t.end]] : [],
  );
  if (spoken.length > 0) {
    return {
      seconds: round(covered(spoken)),
      basis: 'talk',
      reason: `talk time: ${spoken.length} timed turn${spoken.length === 1 ? '' : 's'}, overlapping speech counted once`,
    };
  }
  const stamps = conversation.turns.flatMap((t) => (t.at ? [Date.parse(t.at) / 1000] : [])).sort((a, b) => a - b);
  if (stamps.length === 0)
    return {
      seconds: null,
      basis: null,
      reason: 'no turn timings: turns have neither voice start/end nor message times',
    };
  if (!LIVE_TEXT.has(conversation.channel)) {
    return {
      seconds: null,
      basis: null,
      reason: `${conversation.channel}: message times say when each was sent, not how long it took to handle`,
    };
  }
  if (stamps.length < 2)
    return { seconds: null, basis: null, reason: 'one timed message: no time between messages to measure' };
  let active = 0;
  for (let i = 1; i < stamps.length; i++) active += Math.min(stamps[i]! - stamps[i - 1]!, IDLE_CAP_SECONDS);
  return {
    seconds: round(active),
    basis: 'active',
    reason: `active time: the gaps between ${stamps.length} timed messages, each counted up to ${IDLE_CAP_SECONDS / 60} minutes (a longer wait is idle)`,
  };
}
