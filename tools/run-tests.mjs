#!/usr/bin/env node
// Runs every *.test.ts beside the code with node's test runner through tsx; `--slow` runs the
// *.slow.test.ts instead (they spawn processes or install the package: `npm run test:slow`, which CI runs).
// Node 20 does not expand test globs itself, so the files are listed here.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const ROOTS = ['src', 'tools', 'examples'];
const SKIP = new Set(['node_modules', '.attune', '.git']);

function find(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return SKIP.has(e.name) ? [] : find(full);
    return e.name.endsWith('.test.ts') ? [full] : [];
  });
}

const slow = process.argv.includes('--slow');
const only = process.argv.slice(2).filter((arg) => arg !== '--slow');
const files = (
  only.length ? only : ROOTS.flatMap(find).filter((file) => file.endsWith('.slow.test.ts') === slow)
).sort();
if (!process.env.ATTUNE_TEST_DATABASE_URL) {
  const note = process.env.CI
    ? 'CI is set, so the PostgreSQL suite will FAIL rather than skip.'
    : 'the PostgreSQL store suite is skipped (set ATTUNE_TEST_DATABASE_URL to run it).';
  console.log(`note: ATTUNE_TEST_DATABASE_URL is not set: ${note}`);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
