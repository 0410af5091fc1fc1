import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeConversation, fakeItem } from './fixtures.ts';
import { openSqliteStore } from './sqlite.ts';
import { ALL } from './scope.ts';

const PLANTED = 'planted-customer-7f3a9c';

test('after erasure, the SQLite file and its write-ahead log hold no trace of the customer, tombstones included', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'attune-erase-'));
  const file = join(dir, 'attune.sqlite');
  try {
    const store = openSqliteStore(file);
    await store.migrate();
    const items = Array.from({ length: 40 }, (_, i) =>
      fakeItem(
        fakeConversation({
          id: i % 2 ? `${PLANTED}-${i}` : `conv-${i}`,
          channel: 'chat',
          customer: { id: i % 2 ? PLANTED : `other-${i}` },
          turns: [
            { role: 'customer', text: `${i % 2 ? PLANTED : 'someone'} writes: my order is late!` },
            { role: 'agent', text: 'I will chase it now.' },
          ],
        }),
        { empathy: 50, compassion: 50, overall: 50, sentimentShift: 0, moments: ['missed'] },
      ),
    );
    await store.saveAnalysed(items);
    await store.recordAudit({
      keyId: null,
      action: 'erase-customer',
      target: await store.customerToken(PLANTED),
      at: new Date().toISOString(),
    });
    assert.deepEqual(await store.eraseCustomer(PLANTED), { conversations: 20, moments: 20, reviews: 0 });
    assert.equal((await store.listConversations(ALL, {}, { limit: 100 })).items.length, 20);
    await store.close();
    for (const name of readdirSync(dir)) {
      assert.equal(readFileSync(join(dir, name)).includes(PLANTED), false, `${name} still holds the erased customer`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
