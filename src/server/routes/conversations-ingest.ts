import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { EncodedContact } from '../../store/contacts.ts';
import { Channel, Conversation, Role } from '../../core/schema/index.ts';
import { CsvField, InputFormat, parseColumnMap, parseRoleNames, type ReadOptionsInput } from '../../io/read/options.ts';
import { describeRejection, rawForJson, type InputRecord } from '../../io/read/record.ts';
import type { AppContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import {
  IngestFailure,
  IngestResult,
  replyBody,
  type CallRecording,
  type Ingested,
  type Rejection,
} from '../ingest-result.ts';
import { readCallUpload, withRecording } from './conversations-call.ts';
import type { IngestJob, Processed } from '../process.ts';
import type { Refusal } from '../../store/store.ts';
import { route } from '../route.ts';
import { enqueueIngest, JobAccepted, queues } from '../jobs-ingest.ts';

export { replyBody, type IngestSummary, IngestResult } from '../ingest-result.ts';

const FORMAT_BY_TYPE: Record<string, InputFormat> = {
  'application/json': 'json',
  'application/x-ndjson': 'jsonl',
  'application/jsonl': 'jsonl',
  'application/x-jsonlines': 'jsonl',
  'text/csv': 'csv',
  'message/rfc822': 'eml',
  'application/mbox': 'mbox',
  'text/vtt': 'vtt',
  'application/x-subrip': 'srt',
  'text/plain': 'transcript',
};

/** `a=b,c=d` pairs, as the CLI's --roles and --map take them. */
const pairs = (what: string) =>
  z
    .string()
    .max(4_000)
    .refine(
      (spec) =>
        spec
          .split(',')
          .every((pair) => pair.split('=').length === 2 && pair.split('=').every((side) => side.trim() !== '')),
      `expected ${what} pairs separated by commas`,
    );

export const IngestQuery = z.object({
  /** The input format (overrides the content type; JSON formats included): jsonl, json, csv, transcript, vtt, srt, transcribe, zendesk, eml, mbox. */
  format: InputFormat.optional(),
  /** The conversation's id when its format carries none (captions, e-mail, transcripts and CSV without one): required for those. */
  id: z.string().min(1).max(128).optional(),
  /** Speaker names to roles, as the CLI's --roles: `Sarah=agent,John=customer`. */
  roles: pairs('NAME=ROLE').transform(parseRoleNames).pipe(z.record(z.string(), Role)).optional(),
  /** CSV columns, as the CLI's --map: `conversation=ticket_id,role=speaker,text=message`. */
  map: pairs('FIELD=COLUMN').transform(parseColumnMap).pipe(z.partialRecord(CsvField, z.string())).optional(),
  /** E-mail domains of agents, comma-separated: `example.com,help.example.com`. */
  agentDomains: z
    .string()
    .max(4_000)
    .transform((list) =>
      list
        .split(',')
        .map((d) => d.trim())
        .filter(Boolean),
    )
    .optional(),
  /** The channel when the source does not say. */
  channel: Channel.optional(),
  /** A source field or CSV column whose truthy value means "do not analyse" (default opt_out). */
  optOutField: z.string().min(1).max(200).optional(),
  /** With a recording attached (multipart/form-data): who is on each of its channels, e.g. `agent,customer`; a mono recording needs none. */
  audioChannels: z.string().min(1).max(100).optional(),
  /** `summary` (default): scores and flags per conversation, a reply that stays small; `full`: every analysis. */
  detail: z.enum(['summary', 'full']).default('summary'),
  /**
   * With the queue on (`attune serve --queue`, PostgreSQL): `auto` (default) analyses bodies of up to the sync limit
   * (ATTUNE_QUEUE_SYNC_MAX, default 100 conversations) at once and queues larger ones (202 and a job); `queue` always queues;
   * `sync` never does. Without the queue every body is analysed at once.
   */
  mode: z.enum(['auto', 'queue', 'sync']).default('auto'),
});
type IngestQuery = z.infer<typeof IngestQuery>;

/** The reader options of a request: the query's, with ids never made from a file name and hints in query-parameter words. */
function readOptions(query: IngestQuery, mediaType: string): ReadOptionsInput {
  const format = query.format ?? FORMAT_BY_TYPE[mediaType];
  return {
    idFromFileName: false,
    hints: 'http',
    ...(format ? { inputFormat: format } : {}),
    ...(query.id ? { conversationId: query.id } : {}),
    ...(query.roles ? { roleNames: query.roles } : {}),
    ...(query.map ? { columnMap: query.map } : {}),
    ...(query.agentDomains ? { agentDomains: query.agentDomains } : {}),
    ...(query.channel ? { channel: query.channel } : {}),
    ...(query.optOutField ? { optOutField: query.optOutField } : {}),
  };
}

const mediaTypeOf = (request: FastifyRequest) =>
  (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();

function bodyOf(request: FastifyRequest): Uint8Array {
  const body = request.body;
  if (!(body instanceof Uint8Array) || body.length === 0) throw new ApiError('invalid_request', 'the body is empty');
  return body;
}

function recordsOf(request: FastifyRequest, ctx: AppContext, query: IngestQuery): AsyncIterable<InputRecord> {
  // Without a known type or ?format=, the readers detect the format from the content, as the CLI does.
  return ctx.readInputs({ bytes: bodyOf(request), options: readOptions(query, mediaTypeOf(request)) });
}

/** A call: its transcript part read as one conversation (a voice call unless it says otherwise), and the pipeline run with its recording. */
async function ingestCall(
  request: FastifyRequest,
  ctx: AppContext,
  query: IngestQuery,
): Promise<{ result: Ingested; recording: CallRecording }> {
  if (query.audioChannels !== undefined && mediaTypeOf(request) !== 'multipart/form-data')
    throw new ApiError('invalid_request', 'query.audioChannels: goes with a recording attached (multipart/form-data)');
  const call = await readCallUpload(bodyOf(request), request.headers['content-type']!, query.audioChannels);
  const records: InputRecord[] = [];
  for await (const record of ctx.readInputs({
    bytes: call.transcript.bytes,
    options: { channel: 'voice', ...readOptions(query, call.transcript.mediaType) },
  }))
    records.push(record);
  if (records.length !== 1)
    throw new ApiError(
      'invalid_request',
      `multipart part "transcript": holds ${records.length} conversations; a call's transcript must hold exactly one`,
    );
  const [record] = records;
  if (!record!.ok) throw new ApiError('invalid_request', `multipart part "transcript": ${describeRejection(record!)}`);
  const result = await ingest(records, withRecording(ctx, call.audio));
  const stored = result.accepted[0];
  // kept only when configured, and only beside a conversation that was stored (an opted-out one keeps nothing)
  if (!ctx.config.storeAudio || !stored || stored.summary.skipped) return { result, recording: call.recording };
  await ctx.store.saveRecording({ conversationId: stored.id, mediaType: 'audio/wav', bytes: call.bytes });
  return { result, recording: { ...call.recording, stored: true } };
}

/** A record the readers rejected, with what came in (as text, or base64 where it is not UTF-8). */
function invalid(record: Extract<InputRecord, { ok: false }>): Rejection {
  return {
    ...where(record),
    code: 'invalid',
    problems: record.problems,
    message: describeRejection(record),
    ...rawForJson(record),
  };
}

function where(record: InputRecord): Pick<Rejection, 'index' | 'line'> {
  return { index: record.source.index, ...(record.source.line !== undefined ? { line: record.source.line } : {}) };
}

/** A read record refused later (a duplicate id, a failed analysis, a stored conflict). */
function refused(
  record: Extract<InputRecord, { ok: true }>,
  code: Rejection['code'],
  path: string,
  reason: string,
): Rejection {
  const problems = [{ path, reason }];
  return {
    ...where(record),
    id: record.conversation.id,
    code,
    problems,
    message: describeRejection({ ok: false, raw: '', source: record.source, problems }),
  };
}

/** How many turns one analysis job may carry. */
const TURNS_PER_JOB = 2_000;
/** How much analysis JSON one write may carry before the next waits for the event loop. */
const SLICE_BYTES = 4 * 1024 * 1024;
/** Turns read between two yields to the event loop, so a health check answers while a huge body is read. */
const TURNS_PER_READ_SLICE = 20_000;

/** Consecutive runs of items whose weights add up to about `limit` each (at least one item a run). */
function chunks<T>(items: readonly T[], weight: (item: T) => number, limit: number): T[][] {
  const out: T[][] = [];
  let size = Infinity;
  for (const item of items) {
    if (size + weight(item) > limit) {
      out.push([]);
      size = 0;
    }
    out.at(-1)!.push(item);
    size += weight(item);
  }
  return out;
}

const nextTick = () => new Promise((resolve) => setImmediate(resolve));

/** The good records of a body, each id once: a later record with an id already read is refused, the first kept. */
export async function readAll(
  records: AsyncIterable<InputRecord>,
  rejected: Rejection[],
): Promise<Array<Extract<InputRecord, { ok: true }>>> {
  const good: Array<Extract<InputRecord, { ok: true }>> = [];
  const firstLine = new Map<string, string>();
  let turns = 0;
  for await (const record of records) {
    if (!record.ok) rejected.push(invalid(record));
    else if (firstLine.has(record.conversation.id)) {
      rejected.push(
        refused(
          record,
          'duplicate',
          'id',
          `another conversation with id "${record.conversation.id}" came earlier in this body (${firstLine.get(record.conversation.id)}); only the first is stored`,
        ),
      );
    } else {
      firstLine.set(
        record.conversation.id,
        record.source.line !== undefined ? `line ${record.source.line}` : `record ${record.source.index + 1}`,
      );
      good.push(record);
      turns += record.conversation.turns.length;
    }
    if (turns > TURNS_PER_READ_SLICE) {
      turns = 0;
      await nextTick();
    }
  }
  return good;
}

/**
 * Runs the good records through the pipeline, a customer's contacts in body order: the first contact of each
 * customer in one round, the second in the next, and so on, so each sees the customer's stored contacts and the
 * ones before it in the body.
 */
export async function processAll(
  conversations: Conversation[],
  ctx: Pick<AppContext, 'store' | 'processBatch'>,
  fingerprints?: string[],
): Promise<Processed[]> {
  const customers = [...new Set(conversations.flatMap((c) => (c.customer?.id ? [c.customer.id] : [])))];
  const earlier =
    customers.length > 0 ? await ctx.store.recentContacts(customers) : new Map<string, EncodedContact[]>();
  const rounds: number[][] = [];
  const seen = new Map<string, number>();
  conversations.forEach((conversation, i) => {
    const customer = conversation.customer?.id;
    const round = customer === undefined ? 0 : (seen.get(customer) ?? 0);
    if (customer !== undefined) seen.set(customer, round + 1);
    (rounds[round] ??= []).push(i);
  });
  const processed: Processed[] = new Array(conversations.length);
  for (const round of rounds) {
    const jobs = round.map((i): IngestJob & { i: number } => {
      const conversation = conversations[i]!;
      const fingerprint = fingerprints?.[i];
      return {
        i,
        conversation,
        earlier: conversation.customer ? (earlier.get(conversation.customer.id) ?? []) : [],
        ...(fingerprint ? { fingerprint } : {}),
      };
    });
    // analysed in groups of about TURNS_PER_JOB turns, so no single result coming back from an analysis thread
    // is large enough to hold the HTTP thread while it is read
    for (const group of chunks(jobs, (job) => job.conversation.turns.length, TURNS_PER_JOB)) {
      const results = await ctx.processBatch(group.map(({ i: _i, ...job }) => job));
      results.forEach((result, k) => {
        const { i, conversation } = group[k]!;
        processed[i] = result;
        if (result.ok && result.contact && conversation.customer)
          earlier.set(conversation.customer.id, [result.contact, ...(earlier.get(conversation.customer.id) ?? [])]);
      });
    }
  }
  return processed;
}

/**
 * Stores analysed conversations in slices of a few megabytes, yielding between them, so one huge body never holds
 * the HTTP thread (a health check waits at most one slice); writes are idempotent, so a retry after a failure is safe.
 * Returns the refused ones by id.
 */
export async function saveInSlices(
  items: ReadonlyArray<{ analysisJson: string; stored: Extract<Processed, { ok: true }>['stored'] }>,
  store: AppContext['store'],
): Promise<Map<string, Refusal>> {
  const conflicts = new Map<string, Refusal>();
  for (const slice of chunks(items, (item) => item.analysisJson.length, SLICE_BYTES)) {
    const saved = await store.saveAnalysed(slice.map((item) => ({ prepared: item.stored })));
    for (const refusal of saved.refused) conflicts.set(refusal.id, refusal);
    await nextTick();
  }
  return conflicts;
}

/** Reads, analyses and stores the good records of one body; bad ones, and ids that collide, are reported, not fatal. */
export async function ingest(records: AsyncIterable<InputRecord> | InputRecord[], ctx: AppContext): Promise<Ingested> {
  const rejected: Rejection[] = [];
  return ingestRead(await readAll(records as AsyncIterable<InputRecord>, rejected), rejected, ctx);
}

/** Analyses and stores records already read (`readAll`), adding to `rejected` the ones refused. */
async function ingestRead(
  good: Array<Extract<InputRecord, { ok: true }>>,
  rejected: Rejection[],
  ctx: AppContext,
): Promise<Ingested> {
  const processed = await processAll(
    good.map((record) => record.conversation),
    ctx,
  );
  const accepted: Array<
    Ingested['accepted'][number] & { record: (typeof good)[number]; stored: Extract<Processed, { ok: true }>['stored'] }
  > = [];
  processed.forEach((result, i) => {
    const record = good[i]!;
    if (result.ok)
      accepted.push({
        id: result.id,
        analysisJson: result.analysisJson,
        summary: result.summary,
        record,
        stored: result.stored,
      });
    else rejected.push(refused(record, 'invalid', '', result.reason));
  });
  const conflicts = await saveInSlices(accepted, ctx.store);
  for (const item of accepted) {
    const refusal = conflicts.get(item.id);
    if (refusal) rejected.push(refused(item.record, refusal.code, refusal.field, refusal.reason));
  }
  rejected.sort((x, y) => x.index - y.index);
  return {
    accepted: accepted
      .filter((item) => !conflicts.has(item.id))
      .map(({ id, analysisJson, summary }) => ({ id, analysisJson, summary })),
    rejected,
  };
}

export function registerConversationIngest(app: FastifyInstance, ctx: AppContext): void {
  app.register(async (scope) => {
    // every body reaches the readers as the bytes that came, whatever its type: nothing is decoded or parsed before them
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    route(scope, ctx, {
      method: 'POST',
      url: '/v1/conversations',
      summary: 'Analyse and store one conversation or a batch',
      tag: 'conversations',
      roles: ['admin', 'analyst'],
      query: IngestQuery,
      bodyDoc: {
        description:
          'A canonical conversation or an array of them (application/json), or any format the ingestion readers accept ' +
          '(JSONL, CSV, transcripts, captions, e-mail, Zendesk, Transcribe/Contact Lens), read from ?format=, the content type, or detected from the content. ' +
          'Ids come from the content; formats that carry none (captions, e-mail, transcripts and CSV without an id) need ?id=. ' +
          'A conversation re-sent unchanged is stored again (a retry is safe); a different one under a stored id, or a second record with an id earlier in the body, is refused. ' +
          'A call with its recording: multipart/form-data with a `transcript` part (one conversation, any format above, with turn start/end times) and an `audio` part ' +
          '(WAV: PCM or 32-bit float, 8 or 16 kHz, mono or one channel per speaker, named by ?audioChannels=agent,customer); its prosody (rate, pitch, energy, pauses, overtalk) ' +
          'feeds the analysis exactly as `attune analyze call.wav --transcript` does. The recording is NOT stored unless the server is configured to keep recordings (ATTUNE_STORE_AUDIO=true); ' +
          'the reply says which (`audio.stored`). A kept recording is served at GET /v1/conversations/{id}/audio and purged or erased with its conversation. A bad part is a 400 naming the part and why.',
        schema: z.union([Conversation, z.array(Conversation)]),
        consumes: [...Object.keys(FORMAT_BY_TYPE), 'multipart/form-data'],
      },
      responses: {
        200: { description: 'every record was analysed and stored', schema: IngestResult },
        202: {
          description:
            'queued (the queue is on and the body is over the sync limit, or ?mode=queue): GET /v1/jobs/{id} reports progress; records refused on reading are in `rejected`',
          schema: JobAccepted,
        },
        429: {
          description: "the queue is over its limit: nothing was queued; retry after the Retry-After header's seconds",
        },
        207: {
          description: 'the good records were stored; the others are listed in `rejected` with their code and reason',
          schema: IngestResult,
        },
        400: {
          description:
            'nothing was stored: the body is empty, or no record could be read (each is listed in `rejected`)',
          schema: IngestFailure,
        },
        409: {
          description:
            'nothing was stored: every record was refused for its id (taken by a different stored conversation or an earlier record of the body) or an erasure',
          schema: IngestFailure,
        },
      },
      handler: async ({ query, request, reply, caller }) => {
        // a call with its recording is one conversation: analysed at once, never queued
        const call =
          mediaTypeOf(request) === 'multipart/form-data' || query.audioChannels !== undefined
            ? await ingestCall(request, ctx, query)
            : null;
        let result: Ingested;
        if (call) result = call.result;
        else {
          const rejected: Rejection[] = [];
          const good = await readAll(recordsOf(request, ctx, query), rejected);
          if (ctx.queue && good.length > 0 && queues(ctx.queue, good.length, query.mode))
            return enqueueIngest(good, rejected, ctx, ctx.queue, caller, reply);
          result = await ingestRead(good, rejected, ctx);
        }
        const recording = call?.recording;
        if (result.accepted.length === 0 && result.rejected.length === 0)
          throw new ApiError('invalid_request', 'the body holds no conversation');
        const send = (status: number, body: string) =>
          reply.status(status).type('application/json; charset=utf-8').send(Buffer.from(body));
        if (result.accepted.length > 0)
          return send(result.rejected.length > 0 ? 207 : 200, replyBody(result, query.detail, undefined, recording));
        const conflict = result.rejected.every((r) => r.code !== 'invalid');
        const more =
          result.rejected.length > 1 ? ` (and ${result.rejected.length - 1} more, listed in "rejected")` : '';
        const error = {
          code: conflict ? ('conflict' as const) : ('invalid_request' as const),
          message: `nothing stored: ${result.rejected[0]!.message}${more}`,
        };
        return send(conflict ? 409 : 400, replyBody(result, query.detail, error, recording));
      },
    });
  });
}
