import { readInputs, type OpenBytes } from './index.ts';
import type { ReadOptionsInput } from './options.ts';
import type { InputRecord } from './record.ts';

/** Reads in-memory files (text or bytes, keyed by name) through readInputs; for tests. */
export async function readFixtures(
  files: Record<string, string | Uint8Array>,
  options: ReadOptionsInput = {},
  chunkSize = 7,
): Promise<InputRecord[]> {
  const open: OpenBytes = async function* (path) {
    const content = files[path];
    if (content === undefined) throw new Error(`ENOENT: no such file '${path}'`);
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize);
  };
  const records: InputRecord[] = [];
  for await (const record of readInputs(Object.keys(files), options, open)) records.push(record);
  return records;
}

/** The accepted conversations only. */
export function accepted(records: InputRecord[]) {
  return records.flatMap((r) => (r.ok ? [r.conversation] : []));
}

/** The rejections as "line: path: reason" strings, short to compare. */
export function rejections(records: InputRecord[]): string[] {
  return records.flatMap((r) =>
    r.ok ? [] : r.problems.map((p) => `${r.source.line ?? `#${r.source.index}`}: ${p.path}: ${p.reason}`),
  );
}
