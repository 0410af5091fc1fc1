import { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { ServerEvent } from '../../core/live/events.ts';
import type { Conversation, Evidence } from '../../core/schema/index.ts';
import type { Api } from '../api.ts';
import { Chart } from '../components/Chart.tsx';
import type { ChartOption } from '../components/echarts.ts';
import { Status } from '../components/Status.tsx';
import { label, percent, signed } from '../format.ts';
import { useLoad } from '../load.ts';
import { href } from '../router.ts';
import { useSession } from '../session.ts';
import { IDLE, liveReducer, type LiveAction, type LiveView, type ShownCue } from './live-state.ts';

/** Milliseconds between replayed turns. */
const PACES = [
  { key: 'steady', label: 'Steady (1.5 s a turn)', ms: 1500 },
  { key: 'fast', label: 'Fast (0.3 s a turn)', ms: 300 },
] as const;
type Pace = (typeof PACES)[number]['key'];

/** Roles the API lets open a live session (`/v1/live`). */
const LIVE_ROLES = new Set(['admin', 'analyst', 'agent']);

/**
 * Agent assist, replayed: a stored conversation's turns are sent one by one through the real `/v1/live`
 * WebSocket, and everything shown here (cues, emotion, routing, open moments) is what the server sent back.
 */
export function Live({ query }: { query: URLSearchParams }) {
  const { api, me } = useSession();
  if (!LIVE_ROLES.has(me.role)) {
    return (
      <>
        <h1>Live</h1>
        <p className="notice">
          Live sessions are for admin, analyst and agent keys: the live API refuses a {me.role} key, so there is nothing
          to show here.
        </p>
      </>
    );
  }
  const initial = query.get('conversation') ?? '';
  // a link to another conversation starts afresh
  return <Replay key={initial} api={api} asAgent={me.role === 'agent'} initial={initial} />;
}

function Replay({ api, asAgent, initial }: { api: Api; asAgent: boolean; initial: string }) {
  const list = useLoad(() => api.conversations({ limit: 100 }), [api]);
  const [chosen, setChosen] = useState(initial);
  const [pace, setPace] = useState<Pace>('steady');
  const [view, dispatch] = useReducer(liveReducer, IDLE);
  const run = useRef<{ socket: WebSocket; timer: number | undefined } | null>(null);
  useEffect(() => () => stop(run.current), []);

  const start = async () => {
    stop(run.current);
    dispatch({ type: 'connect', conversationId: chosen });
    const detail = await api.conversation(chosen);
    if (!detail.ok)
      return dispatch({ type: 'failed', problem: `the conversation could not be read: ${detail.message}` });
    if (!detail.data.conversation)
      return dispatch({
        type: 'failed',
        problem: 'this conversation was opted out of analysis: it has no text to replay',
      });
    run.current = replay(api, detail.data.conversation, asAgent, PACES.find((p) => p.key === pace)!.ms, dispatch);
  };
  const end = () => {
    const socket = run.current?.socket;
    if (socket?.readyState !== WebSocket.OPEN) return;
    window.clearTimeout(run.current?.timer);
    dispatch({ type: 'closing' });
    socket.send(JSON.stringify({ type: 'close' }));
  };
  const busy =
    view.phase === 'connecting' || view.phase === 'replaying' || view.phase === 'replayed' || view.phase === 'closing';

  return (
    <>
      <h1>Live</h1>
      <p>
        Agent assist as it happens: a stored conversation is replayed turn by turn through the live API (
        <code>/v1/live</code>), and this panel shows only what the server sends back. Ending the session stores the
        replay as a new conversation, as any live session is stored.
      </p>
      <Status loaded={list}>
        {(page) => (
          <form
            className="filters"
            onSubmit={(e) => {
              e.preventDefault();
              void start();
            }}
            aria-label="Replay"
          >
            <label>
              Conversation{' '}
              <select
                name="conversation"
                value={chosen}
                onChange={(e) => setChosen(e.target.value)}
                disabled={busy}
                required
              >
                <option value="">Choose…</option>
                {[...new Set([...(initial ? [initial] : []), ...page.items.map((c) => c.id)])].map((id) => (
                  <option key={id} value={id}>
                    {id}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Pace{' '}
              <select name="pace" value={pace} onChange={(e) => setPace(e.target.value as Pace)} disabled={busy}>
                {PACES.map((p) => (
                  <option key={p.key} value={p.key}>
                    {p.label}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" disabled={busy || !chosen}>
              Replay
            </button>
            <button type="button" onClick={end} disabled={view.phase !== 'replaying' && view.phase !== 'replayed'}>
              End session
            </button>
          </form>
        )}
      </Status>
      <SessionState view={view} />
      {view.phase === 'idle' ? null : <Panel view={view} />}
    </>
  );
}

/** Opens a socket, opens the session, then sends one turn per `paceMs`; every event goes to `dispatch`. */
function replay(
  api: Api,
  conversation: Conversation,
  asAgent: boolean,
  paceMs: number,
  dispatch: (a: LiveAction) => void,
) {
  const socket = api.live();
  const handle: { socket: WebSocket; timer: number | undefined } = { socket, timer: undefined };
  const id = `replay-${Date.now().toString(36)}-${conversation.id}`.slice(0, 128);
  let lastEvent = 0;
  let closed = false;
  const sendTurn = (index: number) => {
    const turn = conversation.turns[index];
    if (!turn) return dispatch({ type: 'replayed' });
    const message = { type: 'turn', seq: index + 1, role: turn.role, text: turn.text, seen: lastEvent };
    socket.send(JSON.stringify(message));
    dispatch({ type: 'sent', turn: { seq: index + 1, role: turn.role, text: turn.text } });
    handle.timer = window.setTimeout(() => sendTurn(index + 1), paceMs);
  };
  socket.onopen = () => {
    // a replay is a new conversation: not the stored one's id, customer (it would count as a repeat contact) or time
    const agent = asAgent || !conversation.agent ? {} : { agent: conversation.agent };
    socket.send(
      JSON.stringify({
        type: 'open',
        conversation: {
          id,
          channel: conversation.channel,
          startedAt: new Date().toISOString(),
          ...agent,
          ...(conversation.queue ? { queue: conversation.queue } : {}),
          language: conversation.language,
          metadata: { replayOf: conversation.id },
        },
      }),
    );
  };
  socket.onmessage = (message) => {
    const event = JSON.parse(String(message.data)) as ServerEvent;
    lastEvent = Math.max(lastEvent, event.seq);
    dispatch({ type: 'event', event });
    if (event.type === 'opened') sendTurn(0);
    if (event.type === 'closed') closed = true;
  };
  socket.onclose = (e) => {
    window.clearTimeout(handle.timer);
    if (!closed)
      dispatch({
        type: 'failed',
        problem:
          e.code === 1006
            ? 'the server refused or dropped the live connection'
            : `the connection closed (${e.code}${e.reason ? `: ${e.reason}` : ''})`,
      });
  };
  return handle;
}

function stop(run: { socket: WebSocket; timer: number | undefined } | null): void {
  if (!run) return;
  window.clearTimeout(run.timer);
  // leaving the page ends the session (it is stored, as a live session closed by its client is)
  if (run.socket.readyState === WebSocket.OPEN) run.socket.send(JSON.stringify({ type: 'close' }));
  run.socket.onclose = null;
  run.socket.onmessage = null;
}

const PHASE: Record<LiveView['phase'], string> = {
  idle: 'Choose a conversation and replay it.',
  connecting: 'Connecting…',
  replaying: 'Replaying: turns are being sent.',
  replayed: 'Every turn has been sent; end the session to see what became of each cue.',
  closing: 'Ending the session…',
  closed: 'Session ended.',
  failed: 'The session failed.',
};

function SessionState({ view }: { view: LiveView }) {
  return (
    <div className="panel" data-phase={view.phase}>
      <p role="status">
        {PHASE[view.phase]}
        {view.sessionId ? (
          <>
            {' '}
            Session <span className="mono">{view.sessionId}</span>.
          </>
        ) : null}
      </p>
      {view.problem ? (
        <p className="error" role="alert">
          {view.problem}
        </p>
      ) : null}
      {view.errors.map((e) => (
        <p key={e.seq} className="error">
          Server error {e.code}: {e.message}
        </p>
      ))}
      {view.closed ? <Closed closed={view.closed} /> : null}
    </div>
  );
}

function Closed({ closed }: { closed: NonNullable<LiveView['closed']> }) {
  const a = closed.summary?.adoption;
  return (
    <p data-closed={closed.id}>
      {closed.stored ? (
        <>
          Stored as{' '}
          <a href={href(['conversations', closed.id])} className="mono">
            {closed.id}
          </a>
          .{' '}
        </>
      ) : (
        'Not stored (not analysed). '
      )}
      {a ? (
        <>
          Cues accepted <span data-adoption="accepted">{a.accepted}</span>, ignored{' '}
          <span data-adoption="ignored">{a.ignored}</span>, dismissed{' '}
          <span data-adoption="dismissed">{a.dismissed}</span>; adoption {percent(a.rate)}.
        </>
      ) : null}
    </p>
  );
}

function Panel({ view }: { view: LiveView }) {
  const current = view.cues.filter((c) => c.withdrawn === null);
  const decided = view.cues.filter((c) => c.withdrawn !== null);
  return (
    <div className="live">
      <section aria-labelledby="live-turns-h" className="live-turns">
        <h2 id="live-turns-h">Conversation</h2>
        <ol className="timeline">
          {view.turns.map((t) => (
            <li key={t.seq} className={`turn turn-${t.role}`} data-turn={t.seq - 1}>
              <div className="turn-head">
                <strong>{t.role}</strong>{' '}
                <span className="muted">
                  turn {t.seq}
                  {t.acked ? '' : ' · sending'}
                </span>
              </div>
              <p className="turn-text">{t.text}</p>
            </li>
          ))}
        </ol>
      </section>
      <div className="live-assist">
        <section aria-labelledby="cues-h">
          <h2 id="cues-h">Cues ({current.length})</h2>
          {current.length ? (
            <ul className="cues">
              {current.map((c) => (
                <CueCard key={c.cue.id} shown={c} />
              ))}
            </ul>
          ) : (
            <p className="muted">No cue showing.</p>
          )}
        </section>
        <EmotionSection emotion={view.emotion} />
        <section aria-labelledby="routing-h">
          <h2 id="routing-h">Routing</h2>
          {view.routing ? (
            <div data-routing={view.routing.decision}>
              <p>
                <strong>{label(view.routing.decision)}</strong>
                {view.routing.high.length ? ` · high: ${view.routing.high.map(label).join(', ')}` : ''}
                {view.routing.changed.length ? ` · changed: ${view.routing.changed.map(label).join(', ')}` : ''}
              </p>
              {view.routing.reasons.length ? (
                <ul>
                  {view.routing.reasons.map((r, i) => (
                    <li key={i}>{r}</li>
                  ))}
                </ul>
              ) : null}
            </div>
          ) : (
            <p className="muted">No routing decision yet.</p>
          )}
        </section>
        <section aria-labelledby="open-moments-h">
          <h2 id="open-moments-h">Open moments</h2>
          {view.moments?.open.length ? (
            <ul className="moments">
              {view.moments.open.map((m) => (
                <li key={m.turn}>
                  Turn {m.turn + 1}: {m.triggers.map(label).join(', ')}
                  <EvidenceList evidence={m.evidence} />
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">No moment waiting for a reply.</p>
          )}
        </section>
        <section aria-labelledby="decided-h">
          <h2 id="decided-h">Acted on or withdrawn ({decided.length})</h2>
          {decided.length ? (
            <ul className="cues">
              {decided.map((c) => (
                <CueCard key={c.cue.id} shown={c} />
              ))}
            </ul>
          ) : (
            <p className="muted">No cue decided yet.</p>
          )}
        </section>
      </div>
    </div>
  );
}

function CueCard({ shown: { cue, withdrawn } }: { shown: ShownCue }) {
  return (
    <li className={`cue cue-${cue.severity}`} data-cue={cue.kind} data-outcome={withdrawn?.outcome ?? ''}>
      <p>
        <span className={`chip severity-${cue.severity}`}>{cue.severity}</span> <strong>{label(cue.kind)}</strong>{' '}
        <span className="muted">after turn {cue.shownAfterTurn + 1}</span>
      </p>
      <p className="cue-message">{cue.message}</p>
      <p className="cue-suggestion">Try: {cue.suggestion}</p>
      <EvidenceList evidence={cue.evidence} />
      {withdrawn ? (
        <div className="cue-outcome">
          <p>
            <strong>{withdrawn.outcome}</strong>: {withdrawn.why}
          </p>
          <EvidenceList evidence={withdrawn.evidence.filter((e): e is Evidence => 'text' in e)} />
        </div>
      ) : null}
    </li>
  );
}

function EvidenceList({ evidence }: { evidence: Evidence[] }) {
  if (evidence.length === 0) return null;
  return (
    <ul className="cue-evidence">
      {evidence.map((e, i) => (
        <li key={i}>
          Turn {e.turn + 1}, characters {e.start}–{e.end}: <q>{e.text}</q>{' '}
          <span className="muted">
            {e.why} ({e.detector})
          </span>
        </li>
      ))}
    </ul>
  );
}

function EmotionSection({ emotion }: { emotion: LiveView['emotion'] }) {
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 40, right: 16, top: 16, bottom: 28 },
      xAxis: { type: 'category', name: 'turn', data: (emotion?.trajectory ?? []).map((p) => String(p.turn + 1)) },
      yAxis: { type: 'value', min: -1, max: 1 },
      series: [{ type: 'line', name: 'Customer sentiment', data: (emotion?.trajectory ?? []).map((p) => p.sentiment) }],
    }),
    [emotion],
  );
  return (
    <section aria-labelledby="emotion-h">
      <h2 id="emotion-h">Customer emotion</h2>
      {emotion ? (
        <>
          <p data-trend={emotion.trend}>
            Sentiment {signed(emotion.sentiment)} on turn {emotion.turn + 1}, {emotion.trend}
            {emotion.final ? '' : ' (interim)'}.
            {emotion.emotions.length
              ? ` Feeling: ${emotion.emotions.map((x) => `${x.label} ${percent(x.intensity)}`).join(', ')}.`
              : ''}
          </p>
          <Chart option={option} label="The customer's sentiment on each of their turns so far" height={180} />
        </>
      ) : (
        <p className="muted">No customer turn yet.</p>
      )}
    </section>
  );
}
