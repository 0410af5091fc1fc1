import type { Conversation } from '../../src/core/schema/index.ts';
import { exampleConversations } from '../../src/server/testing.ts';

export { exampleConversations };

/**
 * `count` chats of exactly `turns` turns, each cycling one example's turns, ids made unique. Each repeat of the
 * turns is shifted past the last, so times stay in order as in a real chat (not 15 "earlier than the turn before" warnings).
 */
export function replicate(examples: Conversation[], count: number, turns: number): Conversation[] {
  const cycled = examples.map((source) =>
    Array.from({ length: turns }, (_, t) =>
      later(source.turns, source.turns[t % source.turns.length]!, Math.floor(t / source.turns.length)),
    ),
  );
  return Array.from({ length: count }, (_, i) => {
    const k = i % examples.length;
    return { ...examples[k]!, id: `${examples[k]!.id}#${i}`, turns: cycled[k]! };
  });
}

type Turn = Conversation['turns'][number];

/** A turn moved `cycles` whole conversation-lengths later (a minute apart for chat times, a second for call offsets). */
function later(all: readonly Turn[], turn: Turn, cycles: number): Turn {
  if (cycles === 0) return turn;
  const times = all.map((t) => (t.at === undefined ? NaN : Date.parse(t.at))).filter((n) => !Number.isNaN(n));
  const span = times.length ? Math.max(...times) - Math.min(...times) + 60_000 : 0;
  const seconds = Math.max(0, ...all.map((t) => t.end ?? t.start ?? 0)) + 1;
  return {
    ...turn,
    ...(turn.at !== undefined ? { at: new Date(Date.parse(turn.at) + cycles * span).toISOString() } : {}),
    ...(turn.start !== undefined ? { start: turn.start + cycles * seconds } : {}),
    ...(turn.end !== undefined ? { end: turn.end + cycles * seconds } : {}),
  };
}
