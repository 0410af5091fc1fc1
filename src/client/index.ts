// `attune/client`: a typed client of the HTTP API. Its request and response types are the server's own
// zod schemas (imported as types only, so nothing of the server runs here); client.test.ts checks every
// endpoint below against the served OpenAPI document.
import type { z } from 'zod';
import type { ConversationInput } from '../core/schema/index.ts';
import type {
  CalibrationReport,
  EraseResult,
  JobStatus,
  KeyInput,
  MetricsQuery,
  MetricsResult,
  Review,
  Settings,
  SettingsInput,
} from '../api/index.ts';
import type { JobAccepted } from '../server/jobs-ingest.ts';
import type { IngestQuery, IngestResult } from '../server/routes/conversations-ingest.ts';
import type { ConversationDetail, ConversationPage, ListQuery } from '../server/routes/conversations-read.ts';
import type { EvaluateRequest, ReplyEvaluation } from '../server/routes/evaluate.ts';
import type { AuditPage, AuditQuery, CreatedKey, KeyList } from '../server/routes/keys.ts';
import type { Lifted } from '../server/routes/customers.ts';
import type { Me } from '../server/routes/me.ts';
import type { Health } from '../server/routes/meta.ts';
import type { MomentPage, MomentsQuery } from '../server/routes/moments.ts';
import type { CalibrationQuery, ReviewBody } from '../server/routes/reviews.ts';
import type { TemplatesQuery, TemplatesResult } from '../server/routes/templates.ts';

/** Every endpoint the client calls; `:name` is a path parameter. */
export const ENDPOINTS = {
  health: { method: 'GET', path: '/healthz' },
  me: { method: 'GET', path: '/v1/me' },
  ingest: { method: 'POST', path: '/v1/conversations' },
  job: { method: 'GET', path: '/v1/jobs/:id' },
  listConversations: { method: 'GET', path: '/v1/conversations' },
  getConversation: { method: 'GET', path: '/v1/conversations/:id' },
  getRecording: { method: 'GET', path: '/v1/conversations/:id/audio' },
  metrics: { method: 'GET', path: '/v1/metrics' },
  moments: { method: 'GET', path: '/v1/moments' },
  templates: { method: 'GET', path: '/v1/templates' },
  evaluate: { method: 'POST', path: '/v1/evaluate' },
  addReview: { method: 'POST', path: '/v1/reviews' },
  calibration: { method: 'GET', path: '/v1/calibration' },
  eraseCustomer: { method: 'DELETE', path: '/v1/customers/:id' },
  liftErasure: { method: 'DELETE', path: '/v1/customers/:id/erasure' },
  createKey: { method: 'POST', path: '/v1/keys' },
  listKeys: { method: 'GET', path: '/v1/keys' },
  revokeKey: { method: 'DELETE', path: '/v1/keys/:id' },
  audit: { method: 'GET', path: '/v1/audit' },
  settings: { method: 'GET', path: '/v1/settings' },
  saveSettings: { method: 'PUT', path: '/v1/settings' },
} as const satisfies Record<string, { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; path: string }>;

type Endpoint = (typeof ENDPOINTS)[keyof typeof ENDPOINTS];
/** What a caller sends (before the server's defaults and transforms) and what it gets back. */
type In<S extends z.ZodType> = z.input<S>;
type Out<S extends z.ZodType> = z.output<S>;
type Query = Record<string, unknown>;

export interface ClientOptions {
  /** The server's address, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  /** An API key, sent as `Authorization: Bearer <key>`. */
  apiKey: string;
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
}

/** A reply outside 2xx: the API's `{error: {code, message}}`, with the HTTP status. */
export class AttuneApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(`${status} ${code}: ${message}`);
    this.name = 'AttuneApiError';
    this.status = status;
    this.code = code;
  }
}

function urlOf(baseUrl: string, endpoint: Endpoint, params: Record<string, string>, query: Query | undefined): string {
  const path = endpoint.path.replace(/:(\w+)/g, (_match, name: string) => encodeURIComponent(params[name] ?? ''));
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) if (value !== undefined) search.append(name, String(value));
  const qs = search.toString();
  return `${baseUrl.replace(/\/+$/, '')}${path}${qs ? `?${qs}` : ''}`;
}

/** A client of one Attune server; each method is one endpoint of `ENDPOINTS`, throwing `AttuneApiError` on a non-2xx reply. */
export function createClient(options: ClientOptions) {
  const send = options.fetch ?? fetch;
  async function call<T>(
    endpoint: Endpoint,
    request: {
      params?: Record<string, string>;
      query?: Query | undefined;
      body?: string | FormData;
      contentType?: string;
      bytes?: boolean;
    } = {},
  ): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${options.apiKey}` };
    // a form sets its own multipart content type, with its boundary
    if (typeof request.body === 'string') headers['content-type'] = request.contentType ?? 'application/json';
    const response = await send(urlOf(options.baseUrl, endpoint, request.params ?? {}, request.query), {
      method: endpoint.method,
      headers,
      ...(request.body !== undefined ? { body: request.body } : {}),
    });
    if (request.bytes && response.ok) return new Uint8Array(await response.arrayBuffer()) as T;
    const text = await response.text();
    let value: unknown;
    try {
      value = text === '' ? undefined : JSON.parse(text);
    } catch {
      // a proxy's error page, say: the status still tells what happened
      if (response.ok)
        throw new AttuneApiError(response.status, 'invalid_reply', `the reply is not JSON: ${text.slice(0, 200)}`);
    }
    if (!response.ok) {
      const error = (value as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new AttuneApiError(response.status, error?.code ?? 'http_error', error?.message ?? response.statusText);
    }
    return value as T;
  }
  const json = (value: unknown) => JSON.stringify(value);

  return {
    health: () => call<Out<typeof Health>>(ENDPOINTS.health),
    /** The presented key: its name, role, teams and agent id. */
    me: () => call<Out<typeof Me>>(ENDPOINTS.me),
    /**
     * Analyses and stores canonical conversations; bad ones come back in `rejected` (HTTP 207). Analysed at once even
     * on a server with the queue on (`mode: 'sync'` unless given); `ingestQueued` queues them.
     */
    ingest: (conversations: ConversationInput | ConversationInput[], query?: In<typeof IngestQuery>) =>
      call<Out<typeof IngestResult>>(ENDPOINTS.ingest, {
        query: { mode: 'sync', ...query },
        body: json(conversations),
      }),
    /** Sends a file's text in any format the readers accept (JSONL, CSV, e-mail, captions ...), named by its content type or `query.format`. */
    ingestText: (text: string, contentType: string, query?: In<typeof IngestQuery>) =>
      call<Out<typeof IngestResult>>(ENDPOINTS.ingest, { query: { mode: 'sync', ...query }, body: text, contentType }),
    /**
     * Sends a call: its transcript (any format the readers accept, named by `transcriptType`) and its WAV recording;
     * the recording's prosody joins the analysis. `query.audioChannels` names who is on each channel of a stereo recording.
     */
    ingestCall: (
      recorded: { transcript: string; transcriptType?: string; audio: Uint8Array },
      query?: In<typeof IngestQuery>,
    ) => {
      const form = new FormData();
      form.append(
        'transcript',
        new Blob([recorded.transcript], { type: recorded.transcriptType ?? 'application/json' }),
        'transcript',
      );
      form.append('audio', new Blob([recorded.audio as Uint8Array<ArrayBuffer>], { type: 'audio/wav' }), 'audio.wav');
      return call<Out<typeof IngestResult>>(ENDPOINTS.ingest, { query, body: form });
    },
    /** A call's kept recording (WAV bytes), when the server keeps them. */
    getRecording: (id: string) => call<Uint8Array>(ENDPOINTS.getRecording, { params: { id }, bytes: true }),
    /** Queues conversations for the workers (a server with `--queue`): the job to follow with `job(id)`, and the records refused on reading. */
    ingestQueued: (
      conversations: ConversationInput | ConversationInput[],
      query?: Omit<In<typeof IngestQuery>, 'mode'>,
    ) =>
      call<Out<typeof JobAccepted>>(ENDPOINTS.ingest, {
        query: { ...query, mode: 'queue' },
        body: json(conversations),
      }),
    /** A queued ingest's or backfill's progress: queued, processed and failed counts with the rejections. */
    job: (id: string) => call<Out<typeof JobStatus>>(ENDPOINTS.job, { params: { id } }),
    listConversations: (query?: In<typeof ListQuery>) =>
      call<Out<typeof ConversationPage>>(ENDPOINTS.listConversations, { query }),
    getConversation: (id: string) =>
      call<Out<typeof ConversationDetail>>(ENDPOINTS.getConversation, { params: { id } }),
    metrics: (query: In<typeof MetricsQuery>) => call<Out<typeof MetricsResult>>(ENDPOINTS.metrics, { query }),
    moments: (query?: In<typeof MomentsQuery>) => call<Out<typeof MomentPage>>(ENDPOINTS.moments, { query }),
    templates: (query?: In<typeof TemplatesQuery>) => call<Out<typeof TemplatesResult>>(ENDPOINTS.templates, { query }),
    /** Scores a candidate reply in its conversation; nothing is stored. */
    evaluate: (body: In<typeof EvaluateRequest>) =>
      call<Out<typeof ReplyEvaluation>>(ENDPOINTS.evaluate, { body: json(body) }),
    addReview: (body: In<typeof ReviewBody>) => call<Out<typeof Review>>(ENDPOINTS.addReview, { body: json(body) }),
    calibration: (query?: In<typeof CalibrationQuery>) =>
      call<Out<typeof CalibrationReport>>(ENDPOINTS.calibration, { query }),
    /** Erases a customer's data and leaves a tombstone that refuses it if sent again. */
    eraseCustomer: (id: string) => call<Out<typeof EraseResult>>(ENDPOINTS.eraseCustomer, { params: { id } }),
    /** Lifts a customer's erasure (admins), so their conversations are accepted again. */
    liftErasure: (id: string) => call<Out<typeof Lifted>>(ENDPOINTS.liftErasure, { params: { id } }),
    createKey: (body: In<typeof KeyInput>) => call<Out<typeof CreatedKey>>(ENDPOINTS.createKey, { body: json(body) }),
    listKeys: () => call<Out<typeof KeyList>>(ENDPOINTS.listKeys),
    revokeKey: (id: string) => call<void>(ENDPOINTS.revokeKey, { params: { id } }),
    audit: (query?: In<typeof AuditQuery>) => call<Out<typeof AuditPage>>(ENDPOINTS.audit, { query }),
    /** The settings in effect (retention, disclosure text, phrase-list overlay, redaction policy). */
    settings: () => call<Out<typeof Settings>>(ENDPOINTS.settings),
    /** Replaces the settings (admins); audited. */
    saveSettings: (body: In<typeof SettingsInput>) =>
      call<Out<typeof Settings>>(ENDPOINTS.saveSettings, { body: json(body) }),
  };
}

export type AttuneClient = ReturnType<typeof createClient>;
