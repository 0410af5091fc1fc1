import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { configFrom, startServer, type RunningServer } from './main.ts';

const ROOT = path.join(import.meta.dirname, '..', '..');
const EXAMPLES = path.join(ROOT, 'examples', 'conversations');

/** The one demo database: emptied at each start, so runs never pile up files and the examples load cleanly. */
export const DEMO_DATABASE = path.join(ROOT, '.attune', 'demo.sqlite');

/**
 * Starts the server (argv: serve's flags, e.g. --port) on the demo database under `.attune/`, emptied first,
 * loads the example conversations through the API, creates a demo admin key, and prints the URL and the key.
 */
export async function startDemo(
  argv: string[] = [],
  { file = DEMO_DATABASE, out = process.stdout }: { file?: string; out?: NodeJS.WritableStream } = {},
): Promise<RunningServer & { key: string }> {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  const config = configFrom([...argv, '--db', file], { ...process.env, DATABASE_URL: undefined });
  if (Array.isArray(config)) throw new Error(`invalid configuration:\n  ${config.join('\n  ')}`);
  const server = await startServer(config);
  const { secret } = await server.store.createKey({ name: 'demo admin', role: 'admin' });
  let accepted = 0;
  let rejected = 0;
  for (const name of readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()) {
    const response = await server.app.inject({
      method: 'POST',
      url: '/v1/conversations',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/x-ndjson' },
      payload: readFileSync(path.join(EXAMPLES, name), 'utf8'),
    });
    const body = response.json() as { accepted?: unknown[]; rejected?: unknown[] };
    accepted += body.accepted?.length ?? 0;
    rejected += body.rejected?.length ?? 0;
  }
  out.write(
    [
      `Attune demo server: ${server.url}`,
      `  dashboard: ${server.url}/#key=${secret}  (open this: it signs in as the demo admin)`,
      `  docs:      ${server.url}/docs`,
      `  database:  ${path.relative(process.cwd(), file)} (${accepted} example conversations loaded${rejected ? `, ${rejected} rejected` : ''})`,
      `  admin key: ${secret}`,
      `  try:       curl -H 'Authorization: Bearer ${secret}' '${server.url}/v1/metrics?groupBy=team'`,
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  return { ...server, key: secret };
}
