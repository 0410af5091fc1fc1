import type { InputFormat } from './options.ts';
import { lineRaw, type DecodeReport, type Line } from './decode.ts';
import type { ReaderContext } from './context.ts';
import { canonicalFromValue } from './canonical.ts';
import { jsonValues } from './json-values.ts';
import { isOptOut, withInvalidBytes } from './finish.ts';
import type { InputRecord, Source } from './record.ts';
import { fromTranscribe, isTranscribe } from './transcribe.ts';
import { fromZendesk, isZendesk } from './zendesk.ts';

type JsonShape = Extract<InputFormat, 'json' | 'transcribe' | 'zendesk'>;

/** JSONL: one value per line; each value is canonical, Zendesk or Transcribe (by shape, unless forced). */
export async function* readJsonLines(
  lines: AsyncIterable<Line>,
  context: ReaderContext,
  forced?: JsonShape,
): AsyncGenerator<InputRecord> {
  for await (const line of lines) for (const record of jsonLine(line, context, forced)) yield record;
}

/** JSONL from batches of lines (see splitLineBatches); a line with invalid bytes warns on its own record. */
export async function* readJsonLineBatches(
  batches: AsyncIterable<Line[]>,
  context: ReaderContext,
  report: DecodeReport,
): AsyncGenerator<InputRecord> {
  for await (const batch of batches) {
    for (const line of batch) {
      for (const record of jsonLine(line, context))
        yield line.invalid ? withInvalidBytes(record, [line.no], report.encoding) : record;
    }
  }
}

function jsonLine(line: Line, context: ReaderContext, forced?: JsonShape): InputRecord[] {
  if (line.text.trim() === '') return [];
  const source = { file: context.file, line: line.no, index: context.nextIndex() };
  if (line.overflow) return [tooLong(line.text, source, context)];
  const records = fromJsonText(line.text, source, context, forced);
  // a rejected line keeps its byte order mark and terminator (several tickets on one line keep their own text)
  return records.length === 1 && !records[0]!.ok ? [{ ...records[0]!, raw: lineRaw(line) }] : records;
}

/** A whole JSON document (an object, or an array streamed element by element). */
export async function* readJsonDocument(
  lines: AsyncIterable<Line>,
  context: ReaderContext,
  forced?: JsonShape,
): AsyncGenerator<InputRecord> {
  for await (const value of jsonValues(lines, context.options.limits.maxRecordChars)) {
    const source = { file: context.file, line: value.line, index: context.nextIndex() };
    if (value.overflow) {
      yield tooLong(value.text, source, context);
      continue;
    }
    yield* fromJsonText(value.text, source, context, forced);
  }
}

function tooLong(text: string, source: Source, context: ReaderContext): InputRecord {
  return {
    ok: false,
    raw: text,
    source,
    problems: [
      {
        path: '',
        reason: `record longer than ${context.options.limits.maxRecordChars} characters (only its start is kept here)`,
      },
    ],
  };
}

function fromJsonText(raw: string, source: Source, context: ReaderContext, forced?: JsonShape): InputRecord[] {
  let value: unknown;
  try {
    value = JSON.parse(raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw);
  } catch (error) {
    return [
      { ok: false, raw, source, problems: [{ path: '', reason: `not valid JSON (${(error as Error).message})` }] },
    ];
  }
  const shape = forced ?? (isTranscribe(value) ? 'transcribe' : isZendesk(value) ? 'zendesk' : 'json');
  if (shape === 'transcribe') return [fromTranscribe(value, raw, source, context)];
  if (shape === 'zendesk') return fromZendesk(value, raw, source, context);
  return [canonicalFromValue(withOptOut(value, context), raw, source, context.options.limits)];
}

/** Canonical records may also carry the configured opt-out field at the top level. */
function withOptOut(value: unknown, context: ReaderContext): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  const flag = record[context.options.optOutField];
  if (flag === undefined) return value;
  return isOptOut(flag)
    ? { ...record, consent: { ...(record.consent as object | undefined), analysis: false } }
    : value;
}
