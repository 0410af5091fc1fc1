import { createReadStream } from 'node:fs';
import { decodeBytes, splitLineBatches, splitLines, type DecodeReport, type Line } from './decode.ts';
import { createContext, hint, type ReaderContext } from './context.ts';
import { detectFormat } from './detect.ts';
import { readCsv } from './csv.ts';
import { readJsonDocument, readJsonLineBatches, readJsonLines } from './json.ts';
import { readTranscript } from './transcript.ts';
import { readCaptions } from './captions.ts';
import { readEml, readMbox } from './email.ts';
import { ReadOptions, type InputFormat, type ReadOptionsInput } from './options.ts';
import type { InputRecord } from './record.ts';
import { withInvalidBytes } from './finish.ts';

export { ReadOptions, parseColumnMap, parseRoleNames, InputFormat, INPUT_FORMATS } from './options.ts';
export type { ReadOptionsInput } from './options.ts';
export type { InputRecord, Source, RecordProblem } from './record.ts';
export { describeRejection, rawBytes, rawForJson } from './record.ts';

const HEAD_CHARS = 64 * 1024;

/** Byte source for a path; "-" is stdin. Tests and the server pass their own. */
export type OpenBytes = (path: string) => AsyncIterable<Uint8Array>;

export const openFile: OpenBytes = (path) =>
  path === '-' ? process.stdin : createReadStream(path, { highWaterMark: 1024 * 1024 });

/**
 * Streams every record of every input, in constant memory: the encoding and format are detected per file
 * (or the format forced by options.inputFormat); bad records come out as `ok: false` values, never as exceptions.
 */
export async function* readInputs(
  paths: string[],
  options: ReadOptionsInput | ReadOptions = {},
  open: OpenBytes = openFile,
): AsyncGenerator<InputRecord> {
  const parsed = ReadOptions.parse(options);
  for (const path of paths) {
    const context = createContext(path, parsed);
    const report: DecodeReport = { encoding: 'utf-8', invalidLines: [] };
    const opened = await openReader(path, parsed, open, context, report);
    if (!('next' in opened)) {
      yield withEncoding(opened, report);
      continue;
    }
    try {
      for await (const record of opened) {
        yield withEncoding(report.invalidLines.length === 0 ? record : withDecodeWarnings(record, report), report);
      }
    } catch (error) {
      // Only I/O failures reach here (a file vanishing mid-read); readers return bad input as values.
      yield {
        ok: false,
        raw: '',
        source: { file: path, index: context.nextIndex() },
        problems: [{ path: '', reason: `reading stopped (${(error as Error).message})` }],
      };
    }
  }
}

/** Detects encoding and format and returns the reader's records, or one rejection when the file cannot be read or recognised. */
async function openReader(
  path: string,
  options: ReadOptions,
  open: OpenBytes,
  context: ReaderContext,
  report: DecodeReport,
): Promise<AsyncGenerator<InputRecord> | InputRecord> {
  try {
    const text = decodeBytes(open(path), report);
    const { head, rest, complete } = await peek(text, HEAD_CHARS);
    if (complete && head.replace(/^\uFEFF/, '').trim() === '') return (async function* () {})();
    const format = options.inputFormat ?? detectFormat(head, path);
    if (!format) {
      return {
        ok: false,
        raw: (report.bom ? '\uFEFF' : '') + head,
        source: { file: path, line: 1, index: context.nextIndex() },
        problems: [{ path: '', reason: `could not tell the format from the content (use ${hint(options, 'format')})` }],
      };
    }
    if (format === 'jsonl')
      return readJsonLineBatches(splitLineBatches(rest, report, options.limits.maxRecordChars), context, report);
    return readerFor(format)(splitLines(rest, report, options.limits.maxRecordChars), context);
  } catch (error) {
    return {
      ok: false,
      raw: '',
      source: { file: path, index: context.nextIndex() },
      problems: [{ path: '', reason: `cannot read the file (${(error as Error).message})` }],
    };
  }
}

function readerFor(
  format: InputFormat,
): (lines: AsyncIterable<Line>, context: ReaderContext) => AsyncGenerator<InputRecord> {
  switch (format) {
    case 'jsonl':
      return (lines, c) => readJsonLines(lines, c);
    case 'json':
      return (lines, c) => readJsonDocument(lines, c);
    case 'transcribe':
      return (lines, c) => readJsonDocument(lines, c, 'transcribe');
    case 'zendesk':
      return (lines, c) => readJsonDocument(lines, c, 'zendesk');
    case 'csv':
      return readCsv;
    case 'transcript':
      return readTranscript;
    case 'vtt':
      return (lines, c) => readCaptions(lines, c, 'vtt');
    case 'srt':
      return (lines, c) => readCaptions(lines, c, 'srt');
    case 'eml':
      return readEml;
    case 'mbox':
      return readMbox;
  }
}

/** A rejection from a UTF-16 input says so, for its bytes to be written back exactly. */
function withEncoding(record: InputRecord, report: DecodeReport): InputRecord {
  return record.ok || report.encoding === 'utf-8' ? record : { ...record, encoding: report.encoding };
}

/** Lines with undecodable bytes read since the last record belong to this one. */
function withDecodeWarnings(record: InputRecord, report: DecodeReport): InputRecord {
  return withInvalidBytes(record, report.invalidLines.splice(0), report.encoding);
}

async function peek(
  chunks: AsyncIterable<string>,
  size: number,
): Promise<{ head: string; rest: AsyncIterable<string>; complete: boolean }> {
  const iterator = chunks[Symbol.asyncIterator]();
  const buffered: string[] = [];
  let length = 0;
  let done = false;
  while (length < size) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    buffered.push(next.value);
    length += next.value.length;
  }
  const head = buffered.join('').slice(0, size);
  async function* rest(): AsyncGenerator<string> {
    yield* buffered;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { head, rest: rest(), complete: done };
}
