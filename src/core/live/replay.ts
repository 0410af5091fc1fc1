import type { Conversation } from '../schema/index.ts';
import type { Engine } from '../engine.ts';
import type { ServerEvent, TurnMessage } from './events.ts';
import { EventLog } from './event-log.ts';
import { openSession } from './session.ts';

/** Seconds between turns when a conversation carries no times. */
const UNTIMED_GAP_S = 5;

/** A conversation's turns as live messages, each with when it was said (ms from the start). */
export function timedTurns(conversation: Conversation): Array<{ at: number; message: TurnMessage }> {
  const first = conversation.turns.find((t) => t.at)?.at;
  const origin = first ? Date.parse(first) : 0;
  let last = 0;
  return conversation.turns.map((turn, i) => {
    const said =
      turn.start !== undefined ? turn.start * 1000 : turn.at ? Date.parse(turn.at) - origin : i * UNTIMED_GAP_S * 1000;
    last = Math.max(last, said);
    const message: TurnMessage = {
      type: 'turn',
      seq: i + 1,
      role: turn.role,
      text: turn.text,
      ...(turn.at ? { at: turn.at } : {}),
      ...(turn.start !== undefined ? { start: turn.start } : {}),
      ...(turn.end !== undefined ? { end: turn.end } : {}),
    };
    return { at: last, message };
  });
}

/** Replays a conversation through a live session in virtual time: every event, as a client would receive it. */
export function replay(conversation: Conversation, engine: Engine): ServerEvent[] {
  const { turns: _turns, ...meta } = conversation;
  const opened = openSession(meta, engine);
  if (!opened.ok) throw new Error(opened.problems.join('; '));
  const session = opened.session;
  const log = new EventLog(Infinity);
  const out: ServerEvent[] = [];
  for (const { at, message } of timedTurns(conversation)) {
    // waiting cues due before this turn are shown first
    for (let due = session.nextCueAt(); due !== null && due <= at; due = session.nextCueAt()) {
      const shown = session.tick(due);
      if (!shown.length) break;
      out.push(...log.number(shown));
    }
    out.push(...log.number(session.turn({ ...message, final: message.final ?? true }, at)));
  }
  out.push(...log.number(session.close().events));
  return out;
}
