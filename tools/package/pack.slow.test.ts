import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

// The package as a user gets it: packed, installed without dev dependencies into an empty folder,
// then imported from plain Node and from TypeScript, and its CLI run.
const ROOT = join(import.meta.dirname, '..', '..');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const NPM_CLI = process.env.npm_execpath?.endsWith('.js') ? process.env.npm_execpath : undefined;

let dir: string;
let consumer: string;
let packed: { filename: string; entryCount: number; files: Array<{ path: string }> };

/** Runs npm (the one running this test when there is one); returns its stdout. */
function npm(args: string[], cwd: string): string {
  const [command, prefix] = NPM_CLI ? [process.execPath, [NPM_CLI]] : ['npm', []];
  return execFileSync(command, [...prefix, ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function run(command: string, args: string[]): string {
  return execFileSync(command, args, { cwd: consumer, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'attune-pack-'));
  consumer = join(dir, 'consumer');
  // `npm pack` builds dist/ first (prepack)
  [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', dir], ROOT));
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  // @types/node is the consumer's own, as in any TypeScript project on Node
  npm(
    [
      'install',
      '--omit=dev',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      join(dir, packed.filename),
      '@types/node@20',
    ],
    consumer,
  );
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('the tarball ships the build, the bin, the model and the examples; no sources, tests or tools', () => {
  const tops = [...new Set(packed.files.map((f) => f.path.split('/')[0]))].sort();
  assert.deepEqual(tops, ['LICENSE', 'README.md', 'bin', 'dist', 'examples', 'models', 'package.json']);
  assert.deepEqual(
    packed.files.filter((f) =>
      /\.test\.|testing\.|\.tsbuildinfo|(^|\/)src\/|\.ts$/.test(f.path.replace(/\.d\.ts$/, '')),
    ),
    [],
  );
  for (const entry of [
    'dist/index.js',
    'dist/index.d.ts',
    'dist/index.js.map',
    'dist/server/index.js',
    'dist/client/index.js',
    'dist/server/analysis-worker.js',
    'models/goemotions-linear.json',
  ]) {
    assert.ok(
      packed.files.some((f) => f.path === entry),
      `${entry} is in the tarball`,
    );
  }
  // run-time dependencies only: the TypeScript loader stays behind
  assert.equal(existsSync(join(consumer, 'node_modules', 'tsx')), false);
});

test('plain Node imports attune, attune/server and attune/client: analyses, reads, redacts, serves and calls the API', () => {
  writeFileSync(
    join(consumer, 'use.mjs'),
    `
import { analyzeConversation, Conversation, loadEngine, readInputs, redactConversation } from 'attune';
import { configFrom, startServer } from 'attune/server';
import { createClient } from 'attune/client';

const examples = new URL('./node_modules/attune/examples/conversations/chat.jsonl', import.meta.url).pathname;
const records = [];
for await (const record of readInputs([examples])) records.push(record);
const first = records.find((r) => r.ok).conversation;
const engine = await loadEngine();
const analysis = analyzeConversation(redactConversation(first), engine);
const redacted = redactConversation(Conversation.parse({ id: 'r', channel: 'chat', turns: [{ role: 'customer', text: 'call me on 07700 900123' }] }));

const config = configFrom(['--port', '0', '--host', '127.0.0.1', '--db', new URL('./attune.sqlite', import.meta.url).pathname], { ATTUNE_ANALYSIS_WORKERS: '1' });
const server = await startServer(config);
const { secret } = await server.store.createKey({ name: 'consumer', role: 'admin' });
const client = createClient({ baseUrl: server.url, apiKey: secret });
const ingested = await client.ingest(first);
const stored = await client.getConversation(first.id);
await server.close();
console.log(JSON.stringify({
  records: records.length, models: analysis.engine.models.length > 0, scored: typeof analysis.scores.empathy,
  redacted: redacted.turns[0].text.includes('900123') ? 'no' : 'yes',
  ingested: ingested.accepted.map((a) => a.id), sameScore: stored.analysis.scores.empathy === analysis.scores.empathy,
}));
`,
  );
  const out = JSON.parse(run(process.execPath, ['use.mjs']));
  assert.deepEqual(out, {
    records: out.records,
    models: true,
    scored: 'number',
    redacted: 'yes',
    ingested: [out.ingested[0]],
    sameScore: true,
  });
  assert.ok(out.records > 1);
});

test("TypeScript type-checks a program against the package's own types, and rejects a wrong one", () => {
  writeFileSync(
    join(consumer, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: ['node'],
      },
      files: ['use.ts'],
    }),
  );
  writeFileSync(
    join(consumer, 'use.ts'),
    `
import { analyzeConversation, Conversation, loadEngine, type Analysis, type InputRecord } from 'attune';
import { buildApp, type AppDeps } from 'attune/server';
import { createClient, type AttuneClient } from 'attune/client';

const engine = await loadEngine({ noModel: true });
const conversation = Conversation.parse({ id: 'x', channel: 'chat', turns: [{ role: 'customer', text: 'hi' }] });
const analysis: Analysis = analyzeConversation(conversation, engine);
const records: InputRecord[] = [];
const client: AttuneClient = createClient({ baseUrl: 'http://127.0.0.1:1', apiKey: 'k' });
export const empathy: Promise<number | null> = client.listConversations({ tier: '1' }).then((page) => page.items[0]?.empathy ?? null);
export const build: typeof buildApp = buildApp;
export type Deps = AppDeps<typeof engine>;
// @ts-expect-error: a tier is '1', '2' or '3' in a query string
export const wrong = client.listConversations({ tier: 'high' });
// @ts-expect-error: the engine is required
analyzeConversation(conversation);
export { analysis, records };
`,
  );
  assert.equal(run(process.execPath, [TSC, '-p', 'tsconfig.json']), '');
  writeFileSync(
    join(consumer, 'use.ts'),
    "import { analyzeConversation } from 'attune';\nexport const score: string = analyzeConversation;\n",
  );
  assert.throws(
    () => run(process.execPath, [TSC, '-p', 'tsconfig.json']),
    (error: { stdout: string }) => error.stdout.includes("error TS2322: Type '(conversation:"),
  );
});

test('the installed CLI runs: npx attune --help, and an analysis of an example', () => {
  assert.match(
    run('npx', ['--no', '--', 'attune', '--help']),
    /^attune — empathy intelligence for customer conversations\n/,
  );
  const table = run('npx', [
    '--no',
    '--',
    'attune',
    'analyze',
    'node_modules/attune/examples/conversations/ticket.jsonl',
    '--format',
    'table',
  ]);
  assert.match(table, /^channel +agent +empathy .* id$/m);
  assert.match(table, /\d+ analysed — mean empathy \d+/);
});
