import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import pg from 'pg';
import { openPostgresStore } from '../store/postgres.ts';
import { buildApp } from './app.ts';
import { ServerConfig } from './config.ts';
import { bodyReader } from './read-body.ts';
import { conversation, fakeAnalyze, fakeRedact } from './testing.ts';

const url = process.env.ATTUNE_TEST_DATABASE_URL;

/** A loopback TCP relay to PostgreSQL that can be cut (every connection dropped, nothing listening) and restored on the same port. */
function relay(target: URL) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  let port = 0;
  const open = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(Number(target.port || 5432), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as net.AddressInfo).port;
        resolve();
      });
    });
  /** Traffic stops both ways but every connection stays open: a silent partition. */
  const blackhole = () => {
    for (const s of sockets) s.pause();
    server!.close();
    server = null;
  };
  const cut = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      if (!server) {
        resolve();
        return;
      }
      server.close(() => resolve());
    });
  return {
    open,
    cut,
    blackhole,
    url: () => Object.assign(new URL(target.href), { hostname: '127.0.0.1', port: String(port) }).href,
  };
}

if (url) {
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  const schema = `attune_outage_${randomBytes(6).toString('hex')}`;
  after(async () => {
    await admin.query(`drop schema if exists "${schema}" cascade`);
    await admin.end();
  });

  test('PostgreSQL going away gives 503 database_unavailable, and the server recovers without restart', async () => {
    await admin.query(`create schema "${schema}"`);
    const link = relay(new URL(url));
    await link.open();
    const store = openPostgresStore(link.url(), { schema });
    await store.migrate();
    const { secret } = await store.createKey({ name: 'admin', role: 'admin' });
    const config = ServerConfig.parse({ database: { kind: 'postgres', url: link.url() } });
    const app = buildApp({
      store,
      engine: null,
      analyze: fakeAnalyze,
      readInputs: bodyReader(),
      redact: fakeRedact,
      config,
    });
    const headers = { authorization: `Bearer ${secret}` };
    try {
      assert.equal(
        (await app.inject({ method: 'POST', url: '/v1/conversations', headers, payload: conversation('before') }))
          .statusCode,
        200,
      );
      await link.cut();
      const read = await app.inject({ method: 'GET', url: '/v1/conversations/before', headers });
      const write = await app.inject({
        method: 'POST',
        url: '/v1/conversations',
        headers,
        payload: conversation('during'),
      });
      const health = await app.inject({ method: 'GET', url: '/healthz' });
      assert.deepEqual(
        [read.statusCode, read.json().error.code, write.statusCode, write.json().error.code, health.statusCode],
        [503, 'database_unavailable', 503, 'database_unavailable', 503],
      );
      await link.open();
      const again = await app.inject({
        method: 'POST',
        url: '/v1/conversations',
        headers,
        payload: conversation('after'),
      });
      const list = (await app.inject({ method: 'GET', url: '/v1/conversations', headers })).json();
      assert.deepEqual(
        [again.statusCode, list.items.map((r: { id: string }) => r.id).sort()],
        [200, ['after', 'before']],
      );
    } finally {
      await app.close();
      await store.close();
      await link.cut().catch(() => {});
    }
  });

  test('a silent partition (traffic black-holed, connections open) gives 503 within the timeout, healthz included', async () => {
    const link = relay(new URL(url));
    await link.open();
    const store = openPostgresStore(link.url(), { schema, timeoutMs: 1_000 });
    const { secret } = await store.createKey({ name: 'admin2', role: 'admin' });
    const config = ServerConfig.parse({ database: { kind: 'postgres', url: link.url() } });
    const app = buildApp({
      store,
      engine: null,
      analyze: fakeAnalyze,
      readInputs: bodyReader(),
      redact: fakeRedact,
      config,
    });
    const headers = { authorization: `Bearer ${secret}` };
    try {
      assert.equal((await app.inject({ method: 'GET', url: '/v1/conversations', headers })).statusCode, 200);
      link.blackhole();
      const started = Date.now();
      const [read, health] = await Promise.all([
        app.inject({ method: 'GET', url: '/v1/conversations', headers }),
        app.inject({ method: 'GET', url: '/healthz' }),
      ]);
      const took = Date.now() - started;
      assert.deepEqual([read.statusCode, read.headers['retry-after'], health.statusCode], [503, '5', 503]);
      assert.ok(took < 8_000, `answered in ${took} ms`);
    } finally {
      await app.close();
      await store.close().catch(() => {});
      await link.cut().catch(() => {});
    }
  });
} else {
  test.skip('PostgreSQL outage (set ATTUNE_TEST_DATABASE_URL=postgres://… to run it)', () => {});
}
