import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { readInputs } from './index.ts';

const DIR = fileURLToPath(new URL('../../../examples/formats/', import.meta.url));

test('every sample in examples/formats reads without a rejection (with the documented options)', async () => {
  const files = (await readdir(DIR))
    .filter((f) => !f.endsWith('.md'))
    .sort()
    .map((f) => DIR + f);
  const ids: string[] = [];
  const rejected: string[] = [];
  for await (const record of readInputs(files, {
    agentDomains: ['acme-support.example'],
    roleNames: { sarah: 'agent', john: 'customer' },
  })) {
    if (record.ok) ids.push(record.conversation.id);
    else rejected.push(JSON.stringify(record.problems));
  }
  assert.deepEqual(rejected, []);
  assert.deepEqual(ids, [
    'call',
    'call',
    'c-1001',
    'c-1002',
    '8f1c2c4e-5a7b-4a8e-9c51-3f0e2d9b6a11',
    'reply',
    '<m1@example.org>',
    'call-2201',
    'chat-2202',
    't-501',
    't-502',
    '35436',
  ]);
});
