import type { CallAudio } from '../core/analyze.ts';
import { runPipeline, type PipelineSteps } from '../core/pipeline.ts';
import type { Conversation, LiveSummary } from '../core/schema/index.ts';
import { decodeContacts, encodeContact, type EncodedContact } from '../store/contacts.ts';
import { prepare, type Prepared } from '../store/flatten.ts';
import { summaryOf, type IngestSummary } from './ingest-result.ts';

/** One conversation to ingest, with the customer's earlier contacts for journey linking, as the store encodes them. */
export interface IngestJob {
  conversation: Conversation;
  earlier: EncodedContact[];
  /** The fingerprint of the conversation as it came, when it arrives already redacted (from the queue). */
  fingerprint?: string;
  /** The call's recording, whose prosody feeds the analysis (a multipart call upload). */
  audio?: CallAudio;
  /** A closed live session's cues and their outcomes, kept in the analysis as `live`. */
  live?: LiveSummary;
  /** Redacted under the database's key already (a live session keeps only that): redacting again would re-key pseudonyms. */
  redacted?: boolean;
}

/**
 * One conversation through the pipeline: what the reply says of it, its journey summary, and `stored`, the
 * store's own encoding of it, which the route hands to the store unread. Or why it could not be analysed.
 * Strings and flat values, cheaper to pass between threads than the analysis's object graph.
 */
export type Processed =
  | {
      ok: true;
      id: string;
      summary: IngestSummary;
      analysisJson: string;
      contact: EncodedContact | undefined;
      stored: Prepared;
    }
  | { ok: false; reason: string };

/** Runs the pipeline on one job (on an analysis thread, or inline) and encodes the result for the store and the reply. */
export function processOne(
  { conversation, earlier, fingerprint, audio, live, redacted }: IngestJob,
  given: PipelineSteps,
): Processed {
  const { redact, ...steps } = given;
  try {
    const analyze: PipelineSteps['analyze'] = (input, options) => {
      const analysis = steps.analyze(input, audio ? { ...options, audio } : options);
      return live && !('skipped' in analysis) ? { ...analysis, live } : analysis;
    };
    const result = runPipeline(
      conversation,
      { ...steps, analyze, ...(redact && !redacted ? { redact } : {}) },
      decodeContacts(earlier),
    );
    const analysisJson = JSON.stringify(result.analysis);
    const contact = result.contact && encodeContact(result.contact);
    return {
      ok: true,
      id: result.conversation.id,
      summary: summaryOf(result.analysis),
      analysisJson,
      contact,
      stored: prepare(result.conversation, result.analysis, {
        received: conversation,
        analysisJson,
        ...(fingerprint ? { receivedFingerprint: fingerprint } : {}),
        ...(contact ? { contact } : {}),
      }),
    };
  } catch (error) {
    return { ok: false, reason: `analysis failed (${(error as Error).message})` };
  }
}
