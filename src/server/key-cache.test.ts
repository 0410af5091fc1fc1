import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openSqliteStore } from '../store/sqlite.ts';
import type { Store } from '../store/store.ts';
import { withKeyCache } from './key-cache.ts';

/** A migrated in-memory store whose key reads are counted; `clock.ms` drives the cache's time. */
async function setup() {
  const store = openSqliteStore(':memory:');
  await store.migrate();
  const reads = { n: 0 };
  const counted: Store = {
    ...store,
    findKey: (secret) => {
      reads.n++;
      return store.findKey(secret);
    },
  };
  const clock = { ms: 0 };
  return { store, reads, clock, cached: withKeyCache(counted, { ttlMs: 5_000, now: () => clock.ms }) };
}

test('a verified key is read once per period, and a key revoked elsewhere is refused once the period is over', async () => {
  const { store, reads, clock, cached } = await setup();
  try {
    const { key, secret } = await store.createKey({ name: 'a', role: 'analyst' });
    const seen = [await cached.findKey(secret), await cached.findKey(secret)];
    // another node (or the CLI) revokes it: this node does not see it until the period is over
    await store.revokeKey(key.id);
    clock.ms = 4_999;
    seen.push(await cached.findKey(secret));
    clock.ms = 5_000;
    seen.push(await cached.findKey(secret));
    assert.deepEqual({ seen, reads: reads.n }, { seen: [key, key, key, null], reads: 2 });
  } finally {
    await store.close();
  }
});

test('revoking through the cached store refuses the key at once; unknown secrets are never kept', async () => {
  const { store, reads, cached } = await setup();
  try {
    const { key, secret } = await store.createKey({ name: 'a', role: 'analyst' });
    const before = await cached.findKey(secret);
    const revoked = await cached.revokeKey(key.id);
    const after = [await cached.findKey(secret), await cached.findKey(secret)];
    assert.deepEqual(
      { before, revoked, after, reads: reads.n },
      { before: key, revoked: true, after: [null, null], reads: 3 },
    );
  } finally {
    await store.close();
  }
});

test('a lookup that read the key while it was being revoked is not kept', async () => {
  const { store, clock } = await setup();
  try {
    const { key, secret } = await store.createKey({ name: 'a', role: 'analyst' });
    let release: () => void = () => {};
    const slow: Store = {
      ...store,
      // the read sees the key active, and answers only after the revocation committed
      findKey: async (s) => {
        const found = await store.findKey(s);
        await new Promise<void>((resolve) => (release = resolve));
        return found;
      },
    };
    const cached = withKeyCache(slow, { ttlMs: 5_000, now: () => clock.ms });
    const racing = cached.findKey(secret);
    await new Promise((resolve) => setImmediate(resolve));
    await cached.revokeKey(key.id);
    release();
    const raced = await racing;
    const next = cached.findKey(secret);
    await new Promise((resolve) => setImmediate(resolve));
    release();
    assert.deepEqual({ raced, next: await next }, { raced: key, next: null });
  } finally {
    await store.close();
  }
});
