import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Analysis, Conversation } from '../../core/schema/index.ts';
import { canonicalFromValue } from '../../io/read/canonical.ts';
import { InputFormat } from '../../io/read/options.ts';
import { describeRejection, type InputRecord } from '../../io/read/record.ts';
import { ConversationRow } from '../../api/index.ts';
import type { Prepared } from '../../store/flatten.ts';
import type { AppContext, Processed } from '../context.ts';
import { ApiError } from '../errors.ts';
import { route } from '../route.ts';

const Rejection = z.object({
  index: z.number().int(),
  line: z.number().int().optional(),
  problems: z.array(z.object({ path: z.string(), reason: z.string() })),
  message: z.string(),
});

/** What the reply says of each stored conversation by default: the scores and flags of its row; the full analysis is at GET /v1/conversations/:id. */
export const IngestSummary = ConversationRow.pick({
  id: true, skipped: true, tier: true, empathy: true, compassion: true, overall: true, sentimentShift: true,
  heardNotHelped: true, humanRequired: true, missedMoments: true, totalMoments: true,
});
export type IngestSummary = z.infer<typeof IngestSummary>;

export const IngestResult = z.object({
  /** Summaries (the default), or `{id, analysis}` with `?detail=full`. */
  accepted: z.array(z.union([IngestSummary, z.object({ id: z.string(), analysis: Analysis })])),
  rejected: z.array(Rejection),
});
export type IngestResult = z.infer<typeof IngestResult>;

const FORMAT_BY_TYPE: Record<string, InputFormat> = {
  'application/x-ndjson': 'jsonl', 'application/jsonl': 'jsonl', 'application/x-jsonlines': 'jsonl',
  'text/csv': 'csv', 'message/rfc822': 'eml', 'application/mbox': 'mbox', 'text/vtt': 'vtt',
  'application/x-subrip': 'srt', 'text/plain': 'transcript',
};

export const IngestQuery = z.object({
  /** Overrides the content type, e.g. `format=jsonl`. */
  format: InputFormat.optional(),
  /** `summary` (default): scores and flags per conversation, a reply that stays small; `full`: every analysis. */
  detail: z.enum(['summary', 'full']).default('summary'),
});

/** JSON bodies: one conversation or an array of them, checked exactly as the file readers check a record. */
function recordsOfJson(body: unknown): InputRecord[] {
  const values = Array.isArray(body) ? body : [body];
  return values.map((value, index) => canonicalFromValue(value, '', { file: 'body', index }));
}

async function recordsOf(request: FastifyRequest, ctx: AppContext, format: InputFormat | undefined): Promise<AsyncIterable<InputRecord> | InputRecord[]> {
  if (request.body === undefined || request.body === null || request.body === '') throw new ApiError('invalid_request', 'the body is empty');
  const mediaType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType === 'application/json') return recordsOfJson(request.body);
  if (typeof request.body !== 'string') throw new ApiError('invalid_request', 'the body could not be read as text');
  // Without a known type or ?format=, the readers detect the format from the content, as the CLI does.
  const chosen = format ?? FORMAT_BY_TYPE[mediaType];
  return ctx.readInputs({ text: request.body, ...(chosen ? { format: chosen } : {}) });
}

function rejectionOf(record: Extract<InputRecord, { ok: false }>): z.infer<typeof Rejection> {
  return {
    index: record.source.index,
    ...(record.source.line !== undefined ? { line: record.source.line } : {}),
    problems: record.problems,
    message: describeRejection(record),
  };
}

/** An `IngestResult` with each analysis as its JSON, made once (on the analysis thread) for the database and the reply. */
export interface Ingested {
  accepted: Array<{ id: string; analysisJson: string; summary: IngestSummary }>;
  rejected: IngestResult['rejected'];
}

const bool = (flag: number | null | undefined) => (flag === null || flag === undefined ? null : flag === 1);

/** A stored row's scores and flags, as the reply's summary of it. */
function summaryOf(row: Prepared['row']): IngestSummary {
  return {
    id: row.id, skipped: row.skipped === 1, tier: (row.tier ?? null) as IngestSummary['tier'], empathy: row.empathy ?? null, compassion: row.compassion ?? null,
    overall: row.overall ?? null, sentimentShift: row.sentiment_shift ?? null, heardNotHelped: bool(row.heard_not_helped),
    humanRequired: bool(row.human_required), missedMoments: row.missed_moments ?? null, totalMoments: row.total_moments ?? null,
  };
}

/** Byte for byte `JSON.stringify` of the `IngestResult`; with `full`, reusing the analyses' JSON (the bulk of the reply). */
export function replyBody({ accepted, rejected }: Ingested, detail: 'summary' | 'full' = 'full'): string {
  const items = detail === 'full'
    ? accepted.map(({ id, analysisJson }) => `{"id":${JSON.stringify(id)},"analysis":${analysisJson}}`)
    : accepted.map(({ summary }) => JSON.stringify(summary));
  return `{"accepted":[${items.join(',')}],"rejected":${JSON.stringify(rejected)}}`;
}

/** How many turns one analysis job may carry. */
const TURNS_PER_JOB = 2_000;
/** How much analysis JSON one write may carry before the next waits for the event loop. */
const SLICE_BYTES = 4 * 1024 * 1024;

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

/** Redacts, analyses and stores the good records of one body; bad ones are reported, not fatal. */
export async function ingest(records: AsyncIterable<InputRecord> | InputRecord[], ctx: AppContext): Promise<Ingested> {
  const good: Array<Extract<InputRecord, { ok: true }>> = [];
  const rejected: IngestResult['rejected'] = [];
  for await (const record of records) {
    if (record.ok) good.push(record);
    else rejected.push(rejectionOf(record));
  }
  // analysed in groups of about TURNS_PER_JOB turns, so no single result coming back from an analysis thread
  // is large enough to hold the HTTP thread while it is read
  const processed: Processed[] = [];
  for (const group of chunks(good.map((record) => record.conversation), (c) => c.turns.length, TURNS_PER_JOB)) processed.push(...(await ctx.processBatch(group)));
  const accepted: Ingested['accepted'] = [];
  const items: { prepared: Prepared }[] = [];
  const sourceOf = new Map<string, Extract<InputRecord, { ok: true }>['source']>();
  processed.forEach((result, i) => {
    if (result.ok) {
      accepted.push({ id: result.prepared.row.id, analysisJson: result.prepared.row.analysis_json, summary: summaryOf(result.prepared.row) });
      items.push({ prepared: result.prepared });
      sourceOf.set(result.prepared.row.id, good[i]!.source);
    } else rejected.push(rejectionOf({ ok: false, raw: '', source: good[i]!.source, problems: [{ path: '', reason: result.reason }] }));
  });
  // stored in slices of a few megabytes, yielding between them, so one huge body never holds the HTTP
  // thread (a health check waits at most one slice); writes are idempotent, so a retry after a failure is safe
  const refused = new Set<string>();
  for (const slice of chunks(items, (item) => item.prepared.row.analysis_json.length, SLICE_BYTES)) {
    for (const { id, field, reason } of (await ctx.store.saveAnalysed(slice)).refused) {
      refused.add(id);
      rejected.push(rejectionOf({ ok: false, raw: '', source: sourceOf.get(id)!, problems: [{ path: field, reason }] }));
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  rejected.sort((x, y) => x.index - y.index);
  return { accepted: refused.size === 0 ? accepted : accepted.filter((a) => !refused.has(a.id)), rejected };
}

export function registerConversationIngest(app: FastifyInstance, ctx: AppContext): void {
  route(app, ctx, {
    method: 'POST',
    url: '/v1/conversations',
    summary: 'Analyse and store one conversation or a batch',
    tag: 'conversations',
    roles: ['admin', 'analyst'],
    query: IngestQuery,
    bodyDoc: {
      description: 'A canonical conversation or an array of them (application/json); any format the ingestion readers accept (JSONL, CSV, transcripts, captions, e-mail, Zendesk, Transcribe) is read from its content type, ?format=, or detected from the content.',
      schema: z.union([Conversation, z.array(Conversation)]),
      consumes: ['application/json', ...Object.keys(FORMAT_BY_TYPE)],
    },
    responses: {
      200: { description: 'every record was analysed and stored', schema: IngestResult },
      207: { description: 'the good records were stored; the others are listed in `rejected`', schema: IngestResult },
    },
    handler: async ({ query, request, reply }) => {
      const result = await ingest(await recordsOf(request, ctx, query.format), ctx);
      if (result.accepted.length === 0 && result.rejected.length === 0) throw new ApiError('invalid_request', 'the body holds no conversation');
      return reply.status(result.rejected.length > 0 ? 207 : 200).type('application/json; charset=utf-8').send(Buffer.from(replyBody(result, query.detail)));
    },
  });
}
