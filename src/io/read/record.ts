import type { Conversation } from '../../core/schema/index.ts';
import type { Encoding } from './decode.ts';
import { encodeRaw, isWellFormed } from './raw.ts';

/** Where a record came from: the file (or "-" for stdin), its 1-based line and its 0-based index in that file. */
export interface Source {
  file: string;
  line?: number;
  index: number;
}

/** Why a record was rejected: field path (dot-joined, "" for the whole record) and reason. */
export interface RecordProblem {
  path: string;
  reason: string;
}

/**
 * One record read from an input: a conversation, or a rejection that keeps what came in unchanged —
 * `raw` is the decoded text with invalid bytes kept (see raw.ts), `encoding` the input's when not UTF-8.
 */
export type InputRecord =
  | { ok: true; conversation: Conversation; source: Source }
  | { ok: false; problems: RecordProblem[]; raw: string; source: Source; encoding?: Encoding };

/** A rejected record's bytes, exactly as they came in (only the start of one over the record limit). */
export function rawBytes(record: Extract<InputRecord, { ok: false }>): Uint8Array {
  return encodeRaw(record.raw, record.encoding);
}

/** A rejected record as it came in, for a JSON reply: its text when its bytes are valid UTF-8, else base64 of the bytes. */
export function rawForJson(record: Extract<InputRecord, { ok: false }>): { raw: string } | { rawBase64: string } {
  if ((record.encoding ?? 'utf-8') === 'utf-8' && isWellFormed(record.raw)) return { raw: record.raw };
  return { rawBase64: Buffer.from(rawBytes(record)).toString('base64') };
}

/** "file.jsonl line 3: turns.0.role: Invalid option ..." */
export function describeRejection(record: Extract<InputRecord, { ok: false }>): string {
  const where = `${record.source.file}${record.source.line ? ` line ${record.source.line}` : ` record ${record.source.index + 1}`}`;
  return `${where}: ${record.problems.map((p) => `${p.path || '(record)'}: ${p.reason}`).join('; ')}`;
}
