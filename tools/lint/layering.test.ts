import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { ESLint } from 'eslint';

const ROOT = join(import.meta.dirname, '..', '..');
let eslint: ESLint;

before(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** The rule and message of every problem the project's lint config finds in `code`, as if it were the file `file`. */
async function problems(file: string, code: string): Promise<Array<{ rule: string | null; message: string }>> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  return result!.messages.map((m) => ({ rule: m.ruleId, message: m.message }));
}

const PURE = 'src/core is pure: no Node APIs (receive I/O as arguments).';
const ALONE = 'src/core must not import outside src/core (pure core, I/O passed in).';
const imported = (name: string, message: string) => ({
  rule: 'no-restricted-imports',
  message: `'${name}' import is restricted from being used by a pattern. ${message}`,
});
const syntax = (message: string) => ({ rule: 'no-restricted-syntax', message });
const property = (object: string, name: string) => ({
  rule: 'no-restricted-properties',
  message: `'${object}.${name}' is restricted from being used. ${PURE}`,
});

test('core: a dynamic import of anything, even of core, fails lint', async () => {
  assert.deepEqual(await problems('src/core/planted.ts', "export const io = await import('../io/engine.ts');\n"), [
    syntax(PURE),
  ]);
  assert.deepEqual(await problems('src/core/planted.ts', "export const fs = await import('node:fs');\n"), [
    syntax(PURE),
  ]);
  assert.deepEqual(
    await problems('src/core/planted.ts', "const name = './engine.ts';\nexport const engine = await import(name);\n"),
    [syntax(PURE)],
  );
});

test('core: .mts and .cts files are held to the same rules as .ts', async () => {
  assert.deepEqual(
    await problems(
      'src/core/text/planted.mts',
      "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
    ),
    [imported('node:fs', PURE)],
  );
  assert.deepEqual(
    await problems(
      'src/core/text/planted.cts',
      "import { openStore } from '../../server/main.ts';\nexport const open = openStore;\n",
    ),
    [imported('../../server/main.ts', ALONE)],
  );
  assert.deepEqual(await problems('src/core/planted.test.mts', "import '../store/index.ts';\n"), [
    imported('../store/index.ts', ALONE),
  ]);
});

test('core: process, Buffer and require reached through globalThis or global fail lint', async () => {
  assert.deepEqual(await problems('src/core/planted.ts', 'export const env = globalThis.process.env;\n'), [
    property('globalThis', 'process'),
  ]);
  assert.deepEqual(await problems('src/core/planted.ts', "export const env = globalThis['process'].env;\n"), [
    property('globalThis', 'process'),
  ]);
  assert.deepEqual(await problems('src/core/planted.ts', 'export const bytes = globalThis.Buffer.from("x");\n'), [
    property('globalThis', 'Buffer'),
  ]);
  assert.deepEqual(await problems('src/core/planted.ts', 'export const env = process.env;\n'), [
    { rule: 'no-restricted-globals', message: "Unexpected use of 'process'." },
  ]);
});

test('core tests may use node:test but not import outside core, statically or dynamically', async () => {
  const clean =
    "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { chat } from './testing.ts';\ntest('x', () => assert.ok(chat));\n";
  assert.deepEqual(await problems('src/core/planted.test.ts', clean), []);
  assert.deepEqual(
    await problems(
      'src/core/detectors/planted.test.ts',
      "import { loadEngine } from '../../io/engine.ts';\nexport const load = loadEngine;\n",
    ),
    [imported('../../io/engine.ts', ALONE)],
  );
  assert.deepEqual(
    await problems('src/core/planted.test.ts', "export const tools = await import('../../tools/bench/corpus.ts');\n"),
    [syntax(ALONE)],
  );
});

test('the layers above core: a dynamic import up the stack fails like a static one', async () => {
  assert.deepEqual(await problems('src/io/planted.ts', "export const store = await import('../store/index.ts');\n"), [
    syntax('src/io sits below store, server and cli.'),
  ]);
  assert.deepEqual(await problems('src/store/planted.mts', "export const app = await import('../server/app.ts');\n"), [
    syntax('src/store sits below server and cli.'),
  ]);
  assert.deepEqual(await problems('src/io/planted.ts', "export const core = await import('../core/engine.ts');\n"), []);
});

test('the HTTP client takes types from the server, never its code', async () => {
  assert.deepEqual(
    await problems(
      'src/client/planted.ts',
      "import type { IngestResult } from '../server/routes/conversations-ingest.ts';\nexport type R = typeof IngestResult;\n",
    ),
    [],
  );
  assert.deepEqual(
    await problems(
      'src/client/planted.ts',
      "import { buildApp } from '../server/app.ts';\nexport const app = buildApp;\n",
    ),
    [
      {
        rule: '@typescript-eslint/no-restricted-imports',
        message:
          "'../server/app.ts' import is restricted from being used by a pattern. src/client imports types only from the rest of Attune.",
      },
    ],
  );
});
