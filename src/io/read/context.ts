import type { ReadOptions } from './options.ts';
import type { Line } from './decode.ts';
import type { InputRecord, RecordProblem, Source } from './record.ts';

/** What every reader receives: the file name (or "-"), the options, and a counter for record indexes. */
export interface ReaderContext {
  file: string;
  options: ReadOptions;
  nextIndex(): number;
}

export type Reader = (lines: AsyncIterable<Line>, context: ReaderContext) => AsyncGenerator<InputRecord>;

export function createContext(file: string, options: ReadOptions): ReaderContext {
  let index = 0;
  return { file, options, nextIndex: () => index++ };
}

export function sourceAt(context: ReaderContext, line?: number): Source {
  return line === undefined
    ? { file: context.file, index: context.nextIndex() }
    : { file: context.file, line, index: context.nextIndex() };
}

/**
 * The id of a conversation whose content carries none: the one given (`?id=`), else one made from the
 * file name (the CLI), else undefined: the record is rejected with `noIdProblem`.
 */
export function fallbackId(context: ReaderContext, n?: number): string | undefined {
  if (context.options.conversationId !== undefined) return context.options.conversationId;
  return context.options.idFromFileName ? idFromFile(context.file, n) : undefined;
}

export function noIdProblem(): RecordProblem {
  return { path: 'id', reason: 'this format carries no conversation id: name the conversation with ?id=' };
}

const HINTS = {
  roles: { cli: (v: string) => `--roles "${v}"`, http: (v: string) => `?roles=${v}` },
  map: { cli: (v: string) => `--map ${v}`, http: (v: string) => `?map=${v}` },
  format: { cli: () => '--input-format', http: () => '?format= or a Content-Type' },
} as const;

/** How to set a reader option where this input came from: a command-line flag or a query parameter. */
export function hint(context: ReaderContext | ReadOptions, option: keyof typeof HINTS, value = ''): string {
  const options = 'options' in context ? context.options : context;
  return HINTS[option][options.hints](value);
}

/** A readable id for conversations of a file that carries none: "calls/0412.vtt" -> "0412", plus a counter. */
export function idFromFile(file: string, n?: number): string {
  const base = file === '-' ? 'stdin' : (file.split(/[\\/]/).pop() ?? file).replace(/\.[^.]*$/, '') || 'input';
  return n === undefined ? base : `${base}#${n}`;
}
