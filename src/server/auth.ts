import type { FastifyRequest } from 'fastify';
import type { ApiKey, KeyRole } from '../api/index.ts';
import type { Scope } from '../store/scope.ts';
import { ApiError } from './errors.ts';

/** The secret a client sent: `Authorization: Bearer <key>` or `x-api-key: <key>`. */
export function presentedSecret(request: FastifyRequest): string | null {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string') {
    const [scheme, value] = authorization.split(' ', 2);
    if (scheme?.toLowerCase() === 'bearer' && value) return value.trim();
  }
  const header = request.headers['x-api-key'];
  return typeof header === 'string' && header.trim() !== '' ? header.trim() : null;
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
  if (secret === null) throw new ApiError('unauthorized', 'an API key is required: send "Authorization: Bearer <key>" or "x-api-key: <key>"');
  const key = await findKey(secret);
  if (key === null) throw new ApiError('unauthorized', 'the API key is unknown or revoked');
  if (!roles.includes(key.role)) throw new ApiError('forbidden', `the ${key.role} role may not use this endpoint`);
  return key;
}
