/**
 * The security suite (`npm run test:security`, and part of `npm test`): every route the OpenAPI document
 * lists is checked for authentication and its documented roles, every query and path parameter gets
 * injection payloads, and every body-taking route gets hostile bodies. Nothing may answer 5xx.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { KEY_ROLES } from '../api/index.ts';
import { conversation, harness, onEveryBackend, type Harness, type HarnessOptions } from './testing.ts';

interface Operation {
  method: string;
  path: string;
  roles: string[];
  query: string[];
  hasBody: boolean;
}

onEveryBackend((backend, options) => describe(`security: ${backend}`, () => securitySuite(options)));

function securitySuite(options: HarnessOptions): void {
  let h: Harness;
  let operations: Operation[] = [];

  before(async () => {
    h = await harness(options);
    await h.app.inject({
      method: 'POST',
      url: '/v1/conversations',
      headers: h.as('admin'),
      payload: conversation('sec-1'),
    });
    const doc = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<
        string,
        Record<
          string,
          {
            description?: string;
            security?: unknown[];
            parameters?: { name: string; in: string }[];
            requestBody?: unknown;
          }
        >
      >;
    };
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, op]) => op.security !== undefined)
        .map(([method, op]) => ({
          method: method.toUpperCase(),
          path,
          roles: /Roles: ([^.]+)\./.exec(op.description ?? '')?.[1]?.split(', ') ?? [],
          query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
          hasBody: op.requestBody !== undefined,
        })),
    );
  });
  after(() => h?.close());

  const url = (path: string, id = 'sec-1') => path.replace(/\{[^}]+\}/g, encodeURIComponent(id));

  test('the OpenAPI document lists the protected routes, each with its roles', () => {
    assert.ok(operations.length >= 14, `${operations.length} operations`);
    for (const op of operations)
      assert.ok(
        op.roles.length > 0 && op.roles.every((r) => (KEY_ROLES as readonly string[]).includes(r)),
        `${op.method} ${op.path}: ${op.roles}`,
      );
  });

  test('every protected route: no key or an unknown key is 401, a role it does not document is 403, a documented one is let in', async () => {
    for (const op of operations) {
      const inject = (headers: Record<string, string>) =>
        h.app.inject({
          method: op.method as 'GET',
          url: url(op.path, 'nobody'),
          headers,
          ...(op.hasBody ? { payload: {} } : {}),
        });
      for (const headers of [{}, { authorization: 'Bearer atn_not_a_key' }] as Record<string, string>[]) {
        const r = await inject(headers);
        assert.deepEqual([r.statusCode, r.json().error.code], [401, 'unauthorized'], `${op.method} ${op.path}`);
      }
      for (const role of KEY_ROLES) {
        const r = await inject(h.as(role));
        if (op.roles.includes(role))
          assert.ok(
            r.statusCode !== 401 && r.statusCode !== 403 && r.statusCode < 500,
            `${role} ${op.method} ${op.path}: ${r.statusCode}`,
          );
        else
          assert.deepEqual([r.statusCode, r.json().error.code], [403, 'forbidden'], `${role} ${op.method} ${op.path}`);
      }
    }
  });

  const PAYLOADS = [
    "' OR 1=1 --",
    '"; DROP TABLE conversations; --',
    '<script>alert(1)</script>',
    '../../../../etc/passwd',
    '{"$gt":""}',
    '__proto__',
    'constructor',
    '%00',
    '\u0000',
    '\u202e\u200b',
    'x'.repeat(5000),
    '1e400',
    '-1',
    '2026-13-45T99:99:99Z',
    '[]',
    'null',
  ];

  test('injection payloads in every query and path parameter never give a 5xx, and the data is intact after', async () => {
    for (const op of operations) {
      for (const payload of PAYLOADS) {
        const target = op.path.includes('{') ? url(op.path, payload) : op.path;
        const queries = op.query.length ? op.query.map((name) => `${name}=${encodeURIComponent(payload)}`) : [''];
        for (const q of queries) {
          const r = await h.app.inject({
            method: op.method as 'GET',
            url: q ? `${target}?${q}` : target,
            headers: h.as('admin'),
            ...(op.hasBody ? { payload: {} } : {}),
          });
          assert.ok(r.statusCode < 500, `${op.method} ${target}?${q}: ${r.statusCode} ${r.body.slice(0, 200)}`);
        }
      }
    }
    const still = await h.app.inject({ method: 'GET', url: '/v1/conversations/sec-1', headers: h.as('admin') });
    assert.equal(still.statusCode, 200);
    const nul = await h.app.inject({ method: 'GET', url: '/v1/conversations?agent=a%00b', headers: h.as('admin') });
    assert.deepEqual([nul.statusCode, nul.json().error.message], [400, 'query.agent: contains a NUL character']);
  });

  test('hostile bodies on every route that takes one never give a 5xx', async () => {
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const bodies: { payload: string; type: string }[] = [
      { payload: deep, type: 'application/json' },
      {
        payload: '{"id": "x", "channel": "chat", "turns": [{"role": "customer", "text": "a\\u0000b"}]}',
        type: 'application/json',
      },
      { payload: '{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}', type: 'application/json' },
      { payload: '{"n": 1e400, "m": -1e400, "k": 123456789012345678901234567890}', type: 'application/json' },
      { payload: '{"unterminated": ', type: 'application/json' },
      { payload: Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x41]).toString('latin1'), type: 'application/json' },
      { payload: 'not json at all', type: 'text/plain' },
    ];
    for (const op of operations.filter((o) => o.hasBody)) {
      for (const body of bodies) {
        const r = await h.app.inject({
          method: op.method as 'POST',
          url: url(op.path),
          headers: { ...h.as('admin'), 'content-type': body.type },
          payload: body.payload,
        });
        assert.ok(
          r.statusCode < 500,
          `${op.method} ${op.path} with ${body.payload.slice(0, 40)}: ${r.statusCode} ${r.body.slice(0, 200)}`,
        );
      }
    }
    assert.equal(({} as Record<string, unknown>).admin, undefined, 'no prototype was polluted');
  });
}
