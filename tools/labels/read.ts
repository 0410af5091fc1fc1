import { readFileSync } from 'node:fs';
import { ConversationLabel, GoldLabel } from '../../src/core/training/labels.ts';

/** Reads a JSONL label file; each bad line is reported with its number and field, never dropped silently. */
export function readLabels<T extends typeof ConversationLabel | typeof GoldLabel>(
  file: string,
  schema: T,
): { labels: import('zod').infer<T>[]; errors: string[] } {
  const labels: import('zod').infer<T>[] = [];
  const errors: string[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch (err) {
        errors.push(`${file}:${i + 1}: not JSON (${(err as Error).message})`);
        return;
      }
      const parsed = schema.safeParse(raw);
      if (parsed.success) labels.push(parsed.data as import('zod').infer<T>);
      else
        errors.push(
          `${file}:${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`,
        );
    });
  return { labels, errors };
}
