import { z } from 'zod';
import type { Analysis } from '../core/schema/index.ts';
import { Analysis as AnalysisSchema } from '../core/schema/index.ts';
import { ConversationRow } from '../api/index.ts';
import { SPEAKERS } from '../io/audio/channels.ts';

/**
 * Why a record was not stored: it could not be read or analysed, its id came earlier in the body, a different
 * conversation holds its id, or it (or its customer) was erased and is refused until an admin lifts the erasure.
 */
export const REJECTION_CODES = ['invalid', 'duplicate', 'conflict', 'erased'] as const;

export const Rejection = z.object({
  /** The record's 0-based index in the body. */
  index: z.number().int(),
  line: z.number().int().optional(),
  /** The conversation's id, when the record was read far enough to have one. */
  id: z.string().optional(),
  code: z.enum(REJECTION_CODES),
  problems: z.array(z.object({ path: z.string(), reason: z.string() })),
  message: z.string(),
  /** A record the readers rejected, exactly as it came in, when its bytes are valid UTF-8. */
  raw: z.string().optional(),
  /** The same, base64-encoded, when its bytes are not valid UTF-8 (invalid bytes, UTF-16). */
  rawBase64: z.string().optional(),
});
export type Rejection = z.infer<typeof Rejection>;

/** What the reply says of each stored conversation by default: its scores and flags; the full analysis is at GET /v1/conversations/:id. */
export const IngestSummary = ConversationRow.pick({
  id: true,
  skipped: true,
  tier: true,
  empathy: true,
  compassion: true,
  overall: true,
  sentimentShift: true,
  heardNotHelped: true,
  humanRequired: true,
  missedMoments: true,
  totalMoments: true,
});
export type IngestSummary = z.infer<typeof IngestSummary>;

/** A call's recording as heard (multipart uploads only), and whether it was kept. */
export const CallRecording = z.object({
  /** False unless the server is configured to keep recordings (ATTUNE_STORE_AUDIO): then it is kept beside the conversation, under its retention. */
  stored: z.boolean(),
  sampleRate: z.number().int(),
  /** Who is on each channel (`mixed`: both, told apart by the transcript's turn times). */
  channels: z.array(z.enum(SPEAKERS)),
  seconds: z.number(),
});
export type CallRecording = z.infer<typeof CallRecording>;

export const IngestResult = z.object({
  /** Summaries (the default), or `{id, analysis}` with `?detail=full`. */
  accepted: z.array(z.union([IngestSummary, z.object({ id: z.string(), analysis: AnalysisSchema })])),
  rejected: z.array(Rejection),
  /** With a recording attached (multipart/form-data): what was heard, and that it was not stored. */
  audio: CallRecording.optional(),
});
export type IngestResult = z.infer<typeof IngestResult>;

/** Nothing was stored: why (409 when every record collided with a stored id or an earlier one), and each record's rejection. */
export const IngestFailure = IngestResult.extend({
  error: z.object({ code: z.enum(['invalid_request', 'conflict']), message: z.string() }),
});

/** A conversation's scores and flags, from its analysis. */
export function summaryOf(analysis: Analysis): IngestSummary {
  if ('skipped' in analysis) {
    return {
      id: analysis.id,
      skipped: true,
      tier: null,
      empathy: null,
      compassion: null,
      overall: null,
      sentimentShift: null,
      heardNotHelped: null,
      humanRequired: null,
      missedMoments: null,
      totalMoments: null,
    };
  }
  return {
    id: analysis.id,
    skipped: false,
    tier: analysis.tier,
    empathy: analysis.scores.empathy,
    compassion: analysis.scores.compassion,
    overall: analysis.scores.overall,
    sentimentShift: analysis.scores.sentimentShift,
    heardNotHelped: analysis.scores.heardNotHelped,
    humanRequired: analysis.routing.decision === 'human-required',
    missedMoments: analysis.moments.filter((m) => m.outcome === 'missed').length,
    totalMoments: analysis.moments.length,
  };
}

/** An `IngestResult` with each analysis as its JSON, made once (on the analysis thread) for the database and the reply. */
export interface Ingested {
  accepted: Array<{ id: string; analysisJson: string; summary: IngestSummary }>;
  rejected: Rejection[];
}

/** Byte for byte `JSON.stringify` of the `IngestResult` (after `error`, when given); with `full`, reusing the analyses' JSON (the bulk of the reply). */
export function replyBody(
  { accepted, rejected }: Ingested,
  detail: 'summary' | 'full' = 'full',
  error?: z.infer<typeof IngestFailure>['error'],
  audio?: CallRecording,
): string {
  const items =
    detail === 'full'
      ? accepted.map(({ id, analysisJson }) => `{"id":${JSON.stringify(id)},"analysis":${analysisJson}}`)
      : accepted.map(({ summary }) => JSON.stringify(summary));
  return `{${error ? `"error":${JSON.stringify(error)},` : ''}"accepted":[${items.join(',')}],"rejected":${JSON.stringify(rejected)}${audio ? `,"audio":${JSON.stringify(audio)}` : ''}}`;
}
