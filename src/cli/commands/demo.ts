import { readdirSync } from 'node:fs';
import path from 'node:path';
import { startDemo } from '../../server/demo.ts';
import { run as analyze } from './analyze.ts';

export const summary = 'analyse the bundled examples (summary table), then serve them on the embedded database (--no-serve to stop after the table)';

const EXAMPLES = path.join(import.meta.dirname, '..', '..', '..', 'examples', 'conversations');

export async function run(argv: string[]): Promise<number> {
  const serve = !argv.includes('--no-serve');
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.jsonl')).sort().map((f) => path.join(EXAMPLES, f));
  process.stdout.write(`Attune demo: analysing the ${files.length} example files in examples/conversations\n\n`);
  const code = await analyze([...files, '--format', 'table']);
  if (!serve || code !== 0) return code;
  process.stdout.write('\n');
  const server = await startDemo(argv.filter((a) => a !== '--no-serve'));
  await new Promise<void>((resolve) => process.once('SIGINT', resolve).once('SIGTERM', resolve));
  await server.close();
  return 0;
}
