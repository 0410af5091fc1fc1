import type { ServerEvent } from '../../core/live/events.ts';
import type { LiveCue, Role } from '../../core/schema/index.ts';

type Of<T extends ServerEvent['type']> = Extract<ServerEvent, { type: T }>;

export interface SentTurn {
  seq: number;
  role: Role;
  text: string;
  acked: boolean;
}
export interface ShownCue {
  cue: LiveCue;
  withdrawn: Omit<Of<'cue-withdrawn'>, 'type' | 'seq' | 'id'> | null;
}

/** What the agent-assist panel shows, built only from what the server sent over /v1/live. */
export interface LiveView {
  phase: 'idle' | 'connecting' | 'replaying' | 'replayed' | 'closing' | 'closed' | 'failed';
  sessionId: string | null;
  conversationId: string | null;
  turns: SentTurn[];
  cues: ShownCue[];
  emotion: Of<'emotion'> | null;
  routing: Of<'routing'> | null;
  moments: Of<'moments'> | null;
  errors: Of<'error'>[];
  closed: Of<'closed'> | null;
  /** Why the connection failed or ended early. */
  problem: string | null;
  lastEvent: number;
}

export const IDLE: LiveView = {
  phase: 'idle',
  sessionId: null,
  conversationId: null,
  turns: [],
  cues: [],
  emotion: null,
  routing: null,
  moments: null,
  errors: [],
  closed: null,
  problem: null,
  lastEvent: 0,
};

export type LiveAction =
  | { type: 'connect'; conversationId: string }
  | { type: 'event'; event: ServerEvent }
  | { type: 'sent'; turn: Omit<SentTurn, 'acked'> }
  | { type: 'replayed' }
  | { type: 'closing' }
  | { type: 'failed'; problem: string };

/** Applies one server event (or a step of the replay) to the view. */
export function liveReducer(view: LiveView, action: LiveAction): LiveView {
  switch (action.type) {
    case 'connect':
      return { ...IDLE, phase: 'connecting', conversationId: action.conversationId };
    case 'sent':
      return { ...view, turns: [...view.turns, { ...action.turn, acked: false }] };
    case 'replayed':
      return view.phase === 'replaying' ? { ...view, phase: 'replayed' } : view;
    case 'closing':
      return { ...view, phase: 'closing' };
    case 'failed':
      return view.phase === 'closed' ? view : { ...view, phase: 'failed', problem: action.problem };
    case 'event':
      break;
  }
  const e = action.event;
  const next = { ...view, lastEvent: Math.max(view.lastEvent, e.seq) };
  switch (e.type) {
    case 'opened':
      return { ...next, phase: 'replaying', sessionId: e.sessionId };
    case 'ack':
      return { ...next, turns: next.turns.map((t) => (t.seq === e.turnSeq ? { ...t, acked: true } : t)) };
    case 'cue':
      return { ...next, cues: [...next.cues.filter((c) => c.cue.id !== e.cue.id), { cue: e.cue, withdrawn: null }] };
    case 'cue-withdrawn': {
      const { type: _t, seq: _s, id, ...withdrawn } = e;
      return { ...next, cues: next.cues.map((c) => (c.cue.id === id ? { ...c, withdrawn } : c)) };
    }
    case 'emotion':
      return { ...next, emotion: e };
    case 'routing':
      return { ...next, routing: e };
    case 'moments':
      return { ...next, moments: e };
    case 'error':
      return { ...next, errors: [...next.errors, e] };
    case 'closed':
      return { ...next, phase: 'closed', closed: e };
    // voice events come only from sessions streaming audio, which a replay of stored text never does
    default:
      return next;
  }
}
