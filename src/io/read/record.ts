import type { Conversation } from '../../core/schema/index.ts';

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

/** One record read from an input: a conversation, or a rejection that keeps the raw text unchanged. */
export type InputRecord =
  | { ok: true; conversation: Conversation; source: Source }
  | { ok: false; problems: RecordProblem[]; raw: string; source: Source };

/** "file.jsonl line 3: turns.0.role: Invalid option ..." */
export function describeRejection(record: Extract<InputRecord, { ok: false }>): string {
  const where = `${record.source.file}${record.source.line ? ` line ${record.source.line}` : ` record ${record.source.index + 1}`}`;
  return `${where}: ${record.problems.map((p) => `${p.path || '(record)'}: ${p.reason}`).join('; ')}`;
}
