import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../store/store.ts';
import { AnalysisTimeout } from './analysis-pool.ts';
import { purgeExpired } from './retention.ts';
import { conversation, harness } from './testing.ts';

/** A store that fails every call (as a dropped connection would) while `down.now` is true. */
function flaky(store: Store, down: { now: boolean }): Store {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) =>
        down.now
          ? Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'))
          : (value as (...a: unknown[]) => unknown).apply(target, args);
    },
  });
}

test('a database that is down gives 503 database_unavailable and recovers without restart', async () => {
  const down = { now: false };
  const h = await harness({ store: (store) => flaky(store, down) });
  try {
    down.now = true;
    const read = await h.app.inject({ method: 'GET', url: '/v1/conversations', headers: h.as('admin') });
    const write = await h.app.inject({
      method: 'POST',
      url: '/v1/conversations',
      headers: h.as('admin'),
      payload: conversation('while-down'),
    });
    const health = await h.app.inject({ method: 'GET', url: '/healthz' });
    assert.deepEqual(
      [read.statusCode, read.json(), write.statusCode, health.statusCode],
      [
        503,
        { error: { code: 'database_unavailable', message: 'the database is unavailable; try again shortly' } },
        503,
        503,
      ],
    );
    down.now = false;
    const again = await h.app.inject({
      method: 'POST',
      url: '/v1/conversations',
      headers: h.as('admin'),
      payload: conversation('after'),
    });
    assert.deepEqual(
      [again.statusCode, (await h.app.inject({ method: 'GET', url: '/healthz' })).statusCode],
      [200, 200],
    );
  } finally {
    await h.close();
  }
});

test('a body over the limit is 413 body_too_large', async () => {
  const h = await harness({ config: { bodyLimitBytes: 2048 } });
  try {
    const big = conversation('big', { turns: [{ role: 'customer', text: 'x'.repeat(4096) }] });
    const response = await h.app.inject({
      method: 'POST',
      url: '/v1/conversations',
      headers: h.as('admin'),
      payload: big,
    });
    assert.deepEqual([response.statusCode, response.json().error.code], [413, 'body_too_large']);
  } finally {
    await h.close();
  }
});

test('requests beyond the rate limit are 429 rate_limited, counted per key', async () => {
  const h = await harness({ config: { rateLimitPerMinute: 2, rateLimitPerIpPerMinute: 100 } });
  try {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await h.app.inject({ method: 'GET', url: '/v1/keys', headers: h.as('admin') })).statusCode);
    const limited = await h.app.inject({ method: 'GET', url: '/v1/keys', headers: h.as('admin') });
    const otherKey = await h.app.inject({ method: 'GET', url: '/v1/conversations', headers: h.as('analyst') });
    assert.deepEqual(
      [statuses, limited.json().error.code, otherKey.statusCode],
      [[200, 200, 429], 'rate_limited', 200],
    );
  } finally {
    await h.close();
  }
});

test('an address is limited whatever keys it presents: random keys buy no fresh budget', async () => {
  const h = await harness({ config: { rateLimitPerMinute: 100, rateLimitPerIpPerMinute: 3 } });
  try {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push(
        (await h.app.inject({ method: 'GET', url: '/v1/keys', headers: { authorization: `Bearer atn_random_${i}` } }))
          .statusCode,
      );
    const real = await h.app.inject({ method: 'GET', url: '/v1/keys', headers: h.as('admin') });
    assert.deepEqual([statuses, real.statusCode, real.json().error.code], [[401, 401, 401, 429], 429, 'rate_limited']);
    assert.match(
      real.json().error.message,
      /^rate limit of 3 requests per minute from this address exceeded; retry in \d+ s$/,
    );
    assert.match(String(real.headers['retry-after']), /^\d+$/);
  } finally {
    await h.close();
  }
});

test('an evaluation past its time budget is 504 analysis_timeout, and the server answers the next request', async () => {
  const budgets: number[] = [];
  const h = await harness({
    analyzeBounded: async (_c, budgetMs) => {
      budgets.push(budgetMs);
      throw new AnalysisTimeout(budgetMs);
    },
  });
  try {
    const r = await h.app.inject({
      method: 'POST',
      url: '/v1/evaluate',
      headers: h.as('agent'),
      payload: { conversation: conversation('slow'), candidate: { role: 'bot', text: 'Sorry.' } },
    });
    assert.deepEqual(
      [r.statusCode, r.json().error, budgets],
      [
        504,
        {
          code: 'analysis_timeout',
          message: 'the analysis took longer than its 2000 ms budget: send fewer or shorter turns',
        },
        [2000],
      ],
    );
    assert.equal((await h.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
  } finally {
    await h.close();
  }
});

test('the retention job purges conversations older than the configured days and logs it', async () => {
  const h = await harness();
  try {
    await h.app.inject({
      method: 'POST',
      url: '/v1/conversations',
      headers: h.as('admin'),
      payload: [
        conversation('old', { startedAt: '2025-01-01T00:00:00Z' }),
        conversation('recent', { startedAt: '2026-10-30T00:00:00Z' }),
      ],
    });
    const now = new Date('2026-11-01T00:00:00Z');
    assert.equal(await purgeExpired(h.store, 0, now), null);
    assert.deepEqual(await purgeExpired(h.store, 30, now), { conversations: 1, moments: 1, reviews: 0 });
    const ids = (await h.app.inject({ method: 'GET', url: '/v1/conversations', headers: h.as('admin') }))
      .json()
      .items.map((r: { id: string }) => r.id);
    const audit = (
      await h.app.inject({ method: 'GET', url: '/v1/audit?action=retention-purge', headers: h.as('admin') })
    ).json().items;
    assert.deepEqual(
      [ids, audit.map((e: { keyId: null; target: string }) => [e.keyId, e.target])],
      [['recent'], [[null, 'before 2026-10-02T00:00:00.000Z: 1 conversations']]],
    );
  } finally {
    await h.close();
  }
});
