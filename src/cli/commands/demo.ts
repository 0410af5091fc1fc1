import { readdirSync } from 'node:fs';
import path from 'node:path';
import { startDemo } from '../../server/demo.ts';
import { parseFlags } from '../args.ts';
import { run as analyze } from './analyze.ts';

const HELP = `usage: attune demo [options]

  --port N      port to serve on (default 8080; 0 picks a free one)
  --host HOST   address to listen on (default 127.0.0.1)
  --no-serve    print the examples' table and stop

The demo database is .attune/demo.sqlite, emptied and reloaded with the examples at each start.`;

const FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'no-serve': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

const EXAMPLES = path.join(import.meta.dirname, '..', '..', '..', 'examples', 'conversations');

export async function run(argv: string[]): Promise<number> {
  const parsed = parseFlags(argv, FLAGS);
  if (!parsed.ok || parsed.positionals.length) {
    process.stderr.write(
      `attune demo: ${parsed.ok ? `unexpected argument ${parsed.positionals[0]}` : parsed.message}\n\n${HELP}\n`,
    );
    return 64;
  }
  const { values: flags } = parsed;
  if (flags.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const files = readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .map((f) => path.join(EXAMPLES, f));
  process.stdout.write(`Attune demo: analysing the ${files.length} example files in examples/conversations\n\n`);
  const code = await analyze([...files, '--format', 'table']);
  if (flags['no-serve'] || code !== 0) return code;
  process.stdout.write('\n');
  const serveFlags = [
    ...(flags.port !== undefined ? ['--port', flags.port] : []),
    ...(flags.host !== undefined ? ['--host', flags.host] : []),
  ];
  const server = await startDemo(serveFlags);
  await new Promise<void>((resolve) => process.once('SIGINT', resolve).once('SIGTERM', resolve));
  await server.close();
  return 0;
}
