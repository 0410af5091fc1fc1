import { readdirSync } from 'node:fs';
import path from 'node:path';
import { run as analyze } from './analyze.ts';

export const summary = 'analyse the bundled example conversations and print a summary table';

const EXAMPLES = path.join(import.meta.dirname, '..', '..', '..', 'examples', 'conversations');

export async function run(argv: string[]): Promise<number> {
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.jsonl')).sort().map((f) => path.join(EXAMPLES, f));
  process.stdout.write(`Attune demo: analysing ${files.length} example files from examples/conversations\n\n`);
  return analyze([...files, '--format', 'table', ...argv]);
}
