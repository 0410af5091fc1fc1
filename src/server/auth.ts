import type { FastifyRequest } from 'fastify';
import type { ApiKey, KeyRole } from '../api/index.ts';
import type { Scope } from '../store/scope.ts';
import { ApiError } from './errors.ts';

/** The WebSocket subprotocol of `/v1/live`; the server echoes it, never the key's. */
export const LIVE_PROTOCOL = 'attune.v1';
/** Browsers cannot set headers on a WebSocket, so they may offer the key as a subprotocol: `attune.key.<key>`. */
export const KEY_PROTOCOL_PREFIX = 'attune.key.';

/** The key offered as a `attune.key.<key>` subprotocol of a WebSocket upgrade; null on any other request. */
function keyFromSubprotocol(request: FastifyRequest): string | null {
  const offered = request.headers['sec-websocket-protocol'];
  if (typeof offered !== 'string' || request.headers.upgrade?.toLowerCase() !== 'websocket') return null;
  const key = offered
    .split(',')
    .map((p) => p.trim())
    .find((p) => p.startsWith(KEY_PROTOCOL_PREFIX));
  return key && key.length > KEY_PROTOCOL_PREFIX.length ? key.slice(KEY_PROTOCOL_PREFIX.length) : null;
}

/** The secret a client sent: `Authorization: Bearer <key>`, `x-api-key: <key>`, or on a WebSocket upgrade the `attune.key.<key>` subprotocol. */
export function presentedSecret(request: FastifyRequest): string | null {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string') {
    const [scheme, value] = authorization.split(' ', 2);
    if (scheme?.toLowerCase() === 'bearer' && value) return value.trim();
  }
  const header = request.headers['x-api-key'];
  return typeof header === 'string' && header.trim() !== '' ? header.trim() : keyFromSubprotocol(request);
}

/** What a key may read: admins and analysts everything, supervisors their teams, agents their own conversations. */
export function scopeOf(key: ApiKey): Scope {
  switch (key.role) {
    case 'admin':
    case 'analyst':
      return { kind: 'all' };
    case 'supervisor':
      return { kind: 'teams', teams: key.teams };
    case 'agent':
      // An agent key without an agent id sees nothing: no conversation has an empty agent id.
      return { kind: 'agent', agentId: key.agentId ?? '' };
  }
}

/** Resolves the presented secret to an active key allowed on this route; throws 401/403 otherwise. */
export async function authenticate(
  request: FastifyRequest,
  findKey: (secret: string) => Promise<ApiKey | null>,
  roles: readonly KeyRole[],
): Promise<ApiKey> {
  const secret = presentedSecret(request);
  if (secret === null)
    throw new ApiError(
      'unauthorized',
      'an API key is required: send "Authorization: Bearer <key>" or "x-api-key: <key>"',
    );
  const key = await findKey(secret);
  if (key === null) throw new ApiError('unauthorized', 'the API key is unknown or revoked');
  if (!roles.includes(key.role)) throw new ApiError('forbidden', `the ${key.role} role may not use this endpoint`);
  return key;
}
