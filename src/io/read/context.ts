import type { ReadOptions } from './options.ts';
import type { Line } from './decode.ts';
import type { InputRecord, Source } from './record.ts';

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
  return line === undefined ? { file: context.file, index: context.nextIndex() } : { file: context.file, line, index: context.nextIndex() };
}

/** A readable id for conversations of a file that carries none: "calls/0412.vtt" -> "0412", plus a counter. */
export function idFromFile(file: string, n?: number): string {
  const base = file === '-' ? 'stdin' : (file.split(/[\\/]/).pop() ?? file).replace(/\.[^.]*$/, '') || 'input';
  return n === undefined ? base : `${base}#${n}`;
}
