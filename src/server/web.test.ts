import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { harness } from './testing.ts';
import { HOME_CSP } from './web.ts';

test('a built dashboard is served at / under a strict CSP, its hashed assets for good, and the API is unchanged beside it', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'attune-webroot-'));
  mkdirSync(path.join(root, 'assets'));
  writeFileSync(
    path.join(root, 'index.html'),
    '<!doctype html><script type="module" src="/assets/index-abc.js"></script>',
  );
  writeFileSync(path.join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  const h = await harness({ webRoot: root });
  try {
    const home = await h.app.inject({ method: 'GET', url: '/?from=somewhere' });
    assert.deepEqual(
      [home.statusCode, home.headers['content-security-policy'], home.headers['cache-control'], home.body],
      [200, HOME_CSP, 'no-cache', '<!doctype html><script type="module" src="/assets/index-abc.js"></script>'],
    );
    assert.doesNotMatch(HOME_CSP, /unsafe/);
    const asset = await h.app.inject({ method: 'GET', url: '/assets/index-abc.js' });
    assert.deepEqual(
      [asset.statusCode, asset.headers['cache-control'], asset.headers['x-content-type-options'], asset.body],
      [200, 'public, max-age=31536000, immutable', 'nosniff', 'console.log(1)'],
    );
    assert.equal((await h.app.inject({ method: 'GET', url: '/assets/../index.html' })).statusCode, 404);
    assert.equal((await h.app.inject({ method: 'GET', url: '/v1/nothing' })).statusCode, 404);
  } finally {
    await h.close();
    rmSync(root, { recursive: true, force: true });
  }
});

test('GET /v1/me tells each key its own role and scope, never its secret', async () => {
  const h = await harness();
  try {
    const seen = [];
    for (const role of ['admin', 'supervisor', 'agent'] as const) {
      const r = await h.app.inject({ method: 'GET', url: '/v1/me', headers: h.as(role) });
      seen.push([r.statusCode, r.json()]);
      assert.equal(r.body.includes(h.keys[role]), false);
    }
    assert.deepEqual(seen, [
      [200, { name: 'admin', role: 'admin', teams: [], agentId: null }],
      [200, { name: 'sup', role: 'supervisor', teams: ['tech'], agentId: null }],
      [200, { name: 'agent', role: 'agent', teams: [], agentId: 'agent-a' }],
    ]);
    assert.equal((await h.app.inject({ method: 'GET', url: '/v1/me' })).statusCode, 401);
  } finally {
    await h.close();
  }
});
