import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { addressLimit } from './address-limit.ts';

test('an address gets max requests a window, then 429 with the seconds left; a new window starts afresh', async () => {
  let clock = 1_000_000;
  const limit = addressLimit(2, 60_000, () => clock);
  const headers: Record<string, string> = {};
  const reply = {
    header: (k: string, v: string) => {
      headers[k] = v;
    },
  } as unknown as FastifyReply;
  const from = (ip: string) => ({ ip }) as FastifyRequest;
  await limit(from('1.1.1.1'), reply);
  await limit(from('1.1.1.1'), reply);
  await limit(from('2.2.2.2'), reply);
  clock += 15_000;
  await assert.rejects(limit(from('1.1.1.1'), reply), {
    code: 'rate_limited',
    message: 'rate limit of 2 requests per minute from this address exceeded; retry in 45 s',
  });
  assert.deepEqual(headers, { 'retry-after': '45' });
  clock += 45_000;
  await limit(from('1.1.1.1'), reply);
});
