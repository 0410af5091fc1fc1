import { Conversation } from '../../core/schema/index.ts';
import type { InputRecord, RecordProblem, Source } from './record.ts';
import { finishConversation } from './finish.ts';
import { Limits } from './options.ts';
import type { Line } from './decode.ts';

const DEFAULT_LIMITS = Limits.parse({});

/** Parses one canonical JSON conversation (a JSONL line or a whole JSON document). */
export function parseCanonical(raw: string, source: Source, limits: Limits = DEFAULT_LIMITS): InputRecord {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return { ok: false, raw, source, problems: [{ path: '', reason: `not valid JSON (${(error as Error).message})` }] };
  }
  return canonicalFromValue(value, raw, source, limits);
}

/** Validates an already parsed canonical value. */
export function canonicalFromValue(
  value: unknown,
  raw: string,
  source: Source,
  limits: Limits = DEFAULT_LIMITS,
): InputRecord {
  return finishConversation(value, raw, source, limits);
}

/** Reads JSONL lines as they stream in; blank lines are skipped, every other line yields a record. */
export async function* readJsonl(
  lines: AsyncIterable<string | Line>,
  file: string,
  limits: Limits = DEFAULT_LIMITS,
): AsyncGenerator<InputRecord> {
  let line = 0;
  let index = 0;
  for await (const item of lines) {
    const text = typeof item === 'string' ? item : item.text;
    line = typeof item === 'string' ? line + 1 : item.no;
    if (text.trim() === '') continue;
    const source = { file, line, index: index++ };
    if (typeof item !== 'string' && item.overflow) {
      yield {
        ok: false,
        raw: text,
        source,
        problems: [
          { path: '', reason: `record longer than ${limits.maxRecordChars} characters (only its start is kept here)` },
        ],
      };
      continue;
    }
    yield parseCanonical(text.replace(/^\uFEFF/, ''), source, limits);
  }
}

export type { Conversation, RecordProblem };
