import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const GROUPINGS = ['original', 'ekman', 'group'] as const;
export type Grouping = (typeof GROUPINGS)[number];

export interface GoEmotionsSet {
  labels: string[];
  texts: string[];
  ids: string[];
  /** Per text, a 0/1 row over `labels`. */
  targets: Uint8Array[];
  /** Lines skipped as malformed, with line number and reason. */
  skipped: string[];
}

/** Where a split lives: `{split}.tsv`, so `--split test` reads test.tsv where it exists. */
export const goEmotionsFile = (dir: string, grouping: Grouping, split: string) =>
  join(dir, 'goemotions', grouping, `${split}.tsv`);

/** Reads one GoEmotions split of one grouping, or an error naming the missing file. */
export async function readGoEmotions(
  dir: string,
  grouping: Grouping,
  split: string,
): Promise<GoEmotionsSet | { error: string }> {
  const file = goEmotionsFile(dir, grouping, split);
  const labelFile = join(dir, 'goemotions', grouping, 'labels.txt');
  let raw: string, labelsRaw: string;
  try {
    [raw, labelsRaw] = await Promise.all([readFile(file, 'utf8'), readFile(labelFile, 'utf8')]);
  } catch (err) {
    return {
      error: `cannot read GoEmotions ${grouping}/${split}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? `${(err as NodeJS.ErrnoException).path} does not exist` : String(err)}`,
    };
  }
  const labels = labelsRaw
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const set: GoEmotionsSet = { labels, texts: [], ids: [], targets: [], skipped: [] };
  raw.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const [text, ids, id] = line.split('\t');
    const row = new Uint8Array(labels.length);
    const parsed = (ids ?? '').split(',').map(Number);
    if (
      text === undefined ||
      ids === undefined ||
      parsed.some((n) => !Number.isInteger(n) || n < 0 || n >= labels.length)
    ) {
      set.skipped.push(`${file}:${i + 1}: expected text<TAB>label ids<TAB>id`);
      return;
    }
    for (const n of parsed) row[n] = 1;
    set.texts.push(text);
    set.ids.push(id ?? String(i + 1));
    set.targets.push(row);
  });
  return set;
}
