import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { installJsonBodyParser } from './json-body.ts';

async function app() {
  const server = Fastify({ bodyLimit: 64 * 1024 * 1024 });
  installJsonBodyParser(server);
  server.post('/', async (request) => ({ body: request.body }));
  await server.ready();
  return server;
}

const post = async (payload: string) => {
  const server = await app();
  const r = await server.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/json' }, payload });
  await server.close();
  return { status: r.statusCode, body: r.statusCode === 200 ? (r.json() as { body: unknown }).body : r.json() };
};

test('a large array is parsed element by element into what JSON.parse gives, strings with brackets and escapes included', async () => {
  const items = Array.from({ length: 3000 }, (_, i) => ({
    id: `c-${i}`,
    text: `he said "[{,}]" \\ ${'x'.repeat(400)}`,
    nested: [[i], { a: [] }],
  }));
  const text = ` \n[${items.map((x) => JSON.stringify(x)).join(' ,\n')}]\n `;
  assert.ok(text.length > 1024 * 1024);
  assert.deepEqual(await post(text), { status: 200, body: JSON.parse(text) });
});

test('a large body that is not valid JSON, or carries __proto__, is refused as the default parser refuses it', async () => {
  const filler = JSON.stringify('y'.repeat(1024 * 1024));
  for (const bad of [
    `[${filler}, {"a": 1}}]`,
    `[${filler}, {"a": }]`,
    `[${filler}] trailing`,
    `[${filler}, {"__proto__": {"x": 1}}]`,
    `[${filler}`,
  ]) {
    const r = await post(bad);
    assert.equal(r.status, 400, bad.slice(-30));
  }
});

test('small bodies and large non-arrays are parsed whole', async () => {
  assert.deepEqual(await post('{"a": [1, 2]}'), { status: 200, body: { a: [1, 2] } });
  const big = JSON.stringify({ text: 'z'.repeat(1024 * 1024 + 10) });
  assert.deepEqual(await post(big), { status: 200, body: JSON.parse(big) });
  assert.deepEqual(await post(`[${JSON.stringify('q'.repeat(1024 * 1024))}]`), {
    status: 200,
    body: ['q'.repeat(1024 * 1024)],
  });
  assert.deepEqual((await post(`${' '.repeat(1024 * 1024 + 1)}[]`)).body, []);
});
