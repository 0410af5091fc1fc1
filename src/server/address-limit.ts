import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './errors.ts';

/**
 * A fixed one-minute window of requests per address, checked before any key is looked at, so presenting
 * random keys never buys a fresh budget. Written here because @fastify/rate-limit runs one limiter per
 * request, and the per-key limit is already that one. Memory is bounded: a new window drops the old counts.
 */
export function addressLimit(max: number, windowMs = 60_000, now: () => number = Date.now) {
  let windowEnds = 0;
  let counts = new Map<string, number>();
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const t = now();
    if (t >= windowEnds) {
      windowEnds = t + windowMs;
      counts = new Map();
    }
    const n = (counts.get(request.ip) ?? 0) + 1;
    counts.set(request.ip, n);
    if (n <= max) return;
    const seconds = Math.ceil((windowEnds - t) / 1000);
    reply.header('retry-after', String(seconds));
    throw new ApiError(
      'rate_limited',
      `rate limit of ${max} requests per minute from this address exceeded; retry in ${seconds} s`,
    );
  };
}
