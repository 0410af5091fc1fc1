import type { FastifyInstance, FastifyRequest } from 'fastify';
import websocket from '@fastify/websocket';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import { ClientMessage, ServerEvent, type Unnumbered } from '../../core/live/events.ts';
import { openSession } from '../../core/live/session.ts';
import type { ApiKey, KeyRole } from '../../api/index.ts';
import { authenticate, LIVE_PROTOCOL, scopeOf } from '../auth.ts';
import type { AppContext } from '../context.ts';
import type { LiveHub, Send } from '../live/hub.ts';
import { jsonSchema } from '../route.ts';
import { decodeContacts } from '../../store/contacts.ts';

const ROLES: readonly KeyRole[] = ['admin', 'analyst', 'agent'];
/** Largest client message; a bigger one closes the connection (1009), and the session waits for a resume. */
const MAX_MESSAGE_BYTES = 64 * 1024;

type ErrorCode = Extract<Unnumbered, { type: 'error' }>['code'];

/** Why a message is not a valid client message, path by path. */
function problemsOf(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`).join('; ');
}

/** Whether `key` may open this conversation: agents only as themselves, and never over another agent's stored conversation. */
async function mayOpen(
  ctx: AppContext,
  key: ApiKey,
  conversation: { id: string; agent?: { id: string }; customer?: { id: string } },
): Promise<string | null> {
  // an erased customer's data sent again is refused until an admin lifts the erasure, a live call's as a batch's
  const erased = conversation.customer ? await ctx.store.erasedAt(conversation.customer.id) : null;
  if (erased) return `its customer was erased on request at ${erased}; it is refused until an admin lifts the erasure`;
  if (key.role !== 'agent') return null;
  if (!key.agentId) return 'this agent key has no agent id, so it may open no session';
  if (conversation.agent?.id !== key.agentId)
    return `an agent key may open sessions only as itself (agent.id "${key.agentId}")`;
  const existing = await ctx.store.getConversation({ kind: 'all' }, conversation.id);
  if (existing && existing.row.agentId !== key.agentId)
    return `conversation "${conversation.id}" belongs to another agent`;
  return null;
}

/** One client connection: parses each message, drives the hub, and answers every bad message with a typed error. */
function connection(socket: WebSocket, request: FastifyRequest, ctx: AppContext, hub: LiveHub, key: ApiKey): void {
  let id: string | null = null;
  // ws writes each frame on its own; corking its TCP socket across one batch makes a turn's events one write (one syscall)
  const tcp = (socket as unknown as { _socket?: { cork(): void; uncork(): void } })._socket;
  const send: Send = (events) => {
    if (socket.readyState !== socket.OPEN) return;
    tcp?.cork();
    for (const event of events) socket.send(JSON.stringify(event));
    tcp?.uncork();
  };
  const emit = (events: Unnumbered[]) => {
    // a session this node let go (erased, or taken over by another node) numbers nothing more
    if (id && hub.session(id)) hub.emit(id, events);
    else send(events.map((e) => ({ ...e, seq: 0 }) as ServerEvent));
  };
  const fail = (code: ErrorCode, message: string) => emit([{ type: 'error', code, message }]);
  // messages are handled one at a time, in order, even where one waits on the database
  let queue = Promise.resolve();

  const handle = async (raw: string) => {
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      return fail('malformed', 'the message is not JSON');
    }
    const parsed = ClientMessage.safeParse(value);
    if (!parsed.success) return fail('invalid_message', problemsOf(parsed.error));
    const message = parsed.data;
    switch (message.type) {
      case 'open': {
        if (id) return fail('already_open', 'this connection already has a session');
        const meta =
          key.role === 'agent' && !message.conversation.agent && key.agentId
            ? { ...message.conversation, agent: { id: key.agentId } }
            : message.conversation;
        // a node whose stored sessions back up takes no more until they are stored: its memory stays bounded
        if (!(await hub.room()))
          return fail(
            'busy',
            `this server has ${hub.storing} closed sessions still to store; open the session again in a few seconds`,
          );
        const refused = await mayOpen(ctx, key, meta);
        if (refused) return fail('forbidden', refused);
        // the customer's earlier contacts, so the chase is known while the customer is still there (an opted-out session reads none)
        const earlier = meta.consent?.analysis === false ? [] : await hub.earlierContacts(meta.customer?.id);
        // the session, and its journal, keep only what the stored conversation would (redacted, pseudonymised)
        const kept = hub.keep(meta);
        // held as the store encodes them (a few KB), decoded only while the session looks for the chase
        const opened = openSession(kept, hub.options.engine(), () => decodeContacts(earlier), message.audio);
        if (!opened.ok) return fail('invalid_message', opened.problems.join('; '));
        // the client went away while the open waited (for room, or the database): no session would ever be closed
        if (socket.readyState !== socket.OPEN) return;
        id = hub.add(opened.session, key, send, { conversation: kept, audio: message.audio }, earlier);
        return hub.emit(id, [
          {
            type: 'opened',
            sessionId: id,
            analysing: opened.session.analysing,
            resumeWithinMs: hub.options.graceMs,
            nextTurnSeq: 1,
          },
        ]);
      }
      case 'resume': {
        if (id) return fail('already_open', 'this connection already has a session');
        const resumed = await hub.resume(message.sessionId, key, message.lastEvent, send);
        if (resumed === null)
          return fail(
            'unknown_session',
            'no session with that id is waiting for this key (closed, expired, or too far behind to resume)',
          );
        id = message.sessionId;
        const session = hub.session(id)!;
        return hub.emit(id, [
          {
            type: 'opened',
            sessionId: id,
            analysing: session.analysing,
            resumeWithinMs: hub.options.graceMs,
            nextTurnSeq: session.nextTurnSeq,
            ...(resumed.stored !== undefined ? { lastEvent: resumed.stored } : {}),
          },
        ]);
      }
      case 'turn': {
        const session = id ? hub.session(id) : null;
        if (!id || !session) return fail('not_open', 'open a session (or resume one) before sending turns');
        hub.confirm(id, message.seen);
        return hub.turn(id, message);
      }
      case 'audio': {
        const session = id ? hub.session(id) : null;
        if (!id || !session) return fail('not_open', 'open a session (or resume one) before sending audio');
        const bytes = Buffer.from(message.pcm, 'base64');
        if (bytes.length % 2 !== 0)
          return fail('invalid_message', `pcm: ${bytes.length} bytes is not whole 16-bit samples`);
        const samples = new Float32Array(bytes.length / 2);
        for (let i = 0; i < samples.length; i++) samples[i] = bytes.readInt16LE(i * 2) / 32768;
        return hub.emit(id, session.audio(message.channel, samples, hub.options.now()));
      }
      case 'close': {
        if (!id) return fail('not_open', 'there is no session to close');
        const sessionId = id;
        id = null;
        await hub.close(sessionId);
        socket.close(1000, 'closed');
        return;
      }
    }
  };

  socket.on('message', (data, isBinary) => {
    const raw = isBinary ? null : data.toString();
    queue = queue
      .then(() => (raw === null ? fail('malformed', 'binary messages are not accepted; send JSON text') : handle(raw)))
      .catch((error: Error) => {
        request.log.error({ err: error }, 'live message failed');
        fail('invalid_message', 'the message could not be handled');
      });
  });
  socket.on('close', () => {
    if (id) hub.detach(id, send);
  });
}

const DOC = [
  'A live session over WebSocket (`ws://host/v1/live`, with `Authorization: Bearer <key>` or `x-api-key` on the upgrade request).',
  "Browsers cannot set headers on a WebSocket: they offer the key as a subprotocol beside `attune.v1`, `new WebSocket(url, ['attune.v1', 'attune.key.<key>'])`; the server answers with `attune.v1` only (the key is never echoed nor logged). The same keys, roles and rules apply; a proxy in front must not log the `Sec-WebSocket-Protocol` header.",
  'Roles: admin, analyst, agent. An agent key opens sessions only as its own agent.',
  '',
  'Client → server (JSON text, one per message): `open` {conversation without turns, audio?}; `turn` {seq (1, 2, …), role, text, final (default true), segment, at/start/end, seen}; an interim voice segment (`final: false`) is replaced by later messages with the same `segment`; `audio` {channel, pcm}; `resume` {sessionId, lastEvent}; `close`.',
  'Interim prosody: open with `audio: {sampleRate: 8000 | 16000, channels: ["agent", "customer"]}` (one speaker a channel), then stream each channel as `audio` messages, `pcm` being base64 of 16-bit little-endian samples (20 ms frames, or longer chunks up to the message limit), continuously from the call\'s start, silence included. The session answers with `voice` events: interruptions (who cut in on whom), overlaps and dead air as they happen, and the cues `slow-down`, `stop-talking-over`, `long-silence`, `agitation-rising` when they first hold or gain evidence, all with evidence in seconds from the call\'s start. Audio is measured as it comes and never kept (the session holds the last 6 s of 20 ms frame measures per channel, not the samples); audio sent while disconnected is not resent. What it showed (the voice events, the first 200, the voice cues shown with their outcomes, and seconds per channel) is stored with the analysis under `live.voice`. Voice cues (with `id`, `severity`, `shownAfterTurn`) share the pacing of text cues (one new cue per interval, most severe first) and are withdrawn with `cue-withdrawn` once decided: the voice of the agent doing it again after the cue (cutting in, racing the customer, another silence) is ignored, with when; the next utterances of the agent without it accepted; the agitation of the customer is decided by the words of the agent, as the text slow-down cue is. Their outcomes and adoption are stored under `live.voice`.',
  'Server → client (each with `seq`, 1, 2, …): `opened`, `ack` (every turn), `cue`, `cue-withdrawn` (acted on, ignored or dismissed, with evidence), `emotion`, `routing`, `moments`, `voice`, `error` (the session goes on), `closed`.',
  'A server whose closed sessions back up (their analysis behind, on a loaded machine) holds an `open` until they are stored, and after 10 s refuses it with the error `busy`: open again a few seconds later.',
  'Turns are redacted before any cue quotes them. An opted-out session (`consent.analysis: false`) is acknowledged only and stores nothing.',
  'A lost connection resumes with `resume` within `resumeWithinMs`: the events after `lastEvent` are sent again, then `opened` with `nextTurnSeq`; resent turns are acknowledged (`duplicate: true`), never applied twice.',
  "With PostgreSQL a session is journaled, and a resume may reach any API node, also after the session's node went away: a turn is acknowledged once it is stored. The events that came after the last acknowledgement are provisional: when the node went away before storing them, `opened` carries `lastEvent` (the last event kept), the client drops the events it holds after it, and resends its turns from `nextTurnSeq`: they bring those events again.",
  "Closing stores the conversation and its analysis as POST /v1/conversations does, with `analysis.live` holding each cue and its outcome. The message schemas are in this document's components (LiveClientMessage, LiveServerEvent).",
].join('\n');

/** Registers `GET /v1/live` (WebSocket), the sessions held by `hub`, with the same keys and roles as the REST API. */
export function registerLive(app: FastifyInstance, ctx: AppContext, hub: LiveHub): void {
  app.addHook('onClose', async () => hub.closeAll());
  app.register(async (scope) => {
    // only `attune.v1` is ever chosen: a key offered as a subprotocol is never echoed back
    await scope.register(websocket, {
      options: {
        maxPayload: MAX_MESSAGE_BYTES,
        handleProtocols: (offered) => (offered.has(LIVE_PROTOCOL) ? LIVE_PROTOCOL : false),
      },
    });
    scope.get(
      '/v1/live',
      {
        websocket: true,
        onRequest: async (request) => {
          const key = await authenticate(request, (secret) => ctx.store.findKey(secret), ROLES);
          request.caller = { key, scope: scopeOf(key) };
        },
      },
      (socket, request) => connection(socket, request, ctx, hub, request.caller!.key),
    );
  });
}

/** The live message schemas, for the OpenAPI document's components. */
export const LIVE_SCHEMAS = {
  LiveClientMessage: jsonSchema(ClientMessage),
  LiveServerEvent: jsonSchema(ServerEvent, 'output'),
};

/** The OpenAPI entry of `/v1/live` (the WebSocket plugin hides its routes from the generated document). */
export const LIVE_PATH = {
  get: {
    summary: 'Live agent assist: stream turns, receive cues (WebSocket)',
    description: DOC,
    tags: ['live'],
    security: [{ bearer: [] }, { apiKey: [] }],
    responses: {
      101: {
        description: 'switching to WebSocket; then events',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/LiveServerEvent' } } },
      },
      401: { description: 'missing or unknown API key' },
      403: { description: "the key's role may not open live sessions" },
    },
  },
};
