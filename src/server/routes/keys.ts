import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiKey, AuditEntry, KeyInput } from '../../api/index.ts';
import type { AppContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { route } from '../route.ts';
import { IdParams, PageQuery } from './query.ts';

export const AuditQuery = z.object({
  keyId: z.string().optional(),
  action: z.string().optional(),
  target: z.string().optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  ...PageQuery,
});

export const CreatedKey = z.object({ key: ApiKey, secret: z.string() });
export const KeyList = z.object({ items: z.array(ApiKey) });
export const AuditPage = z.object({ items: z.array(AuditEntry), nextCursor: z.string().nullable() });

const admin = ['admin'] as const;

/** Admin only: API keys (`/v1/keys`) and the audit log (`/v1/audit`). */
export function registerKeys(app: FastifyInstance, ctx: AppContext): void {
  route(app, ctx, {
    method: 'POST',
    url: '/v1/keys',
    summary: 'Create an API key; the secret is shown only in this reply',
    tag: 'admin',
    roles: admin,
    body: KeyInput,
    responses: { 201: { description: 'the key and its secret', schema: CreatedKey } },
    handler: async ({ body, caller, reply }) => {
      if (body.role === 'agent' && body.agentId === null)
        throw new ApiError('invalid_request', 'body.agentId: an agent key needs the agent id it belongs to');
      if (body.role === 'supervisor' && body.teams.length === 0)
        throw new ApiError('invalid_request', 'body.teams: a supervisor key needs at least one team');
      const created = await ctx.store.createKey(body);
      await ctx.store.recordAudit({
        keyId: caller.key.id,
        action: 'create-key',
        target: created.key.id,
        at: ctx.now().toISOString(),
      });
      return reply.status(201).send(created);
    },
  });
  route(app, ctx, {
    method: 'GET',
    url: '/v1/keys',
    summary: 'List API keys (never their secrets)',
    tag: 'admin',
    roles: admin,
    responses: { 200: { description: 'every key, revoked ones included', schema: KeyList } },
    handler: async () => ({ items: await ctx.store.listKeys() }),
  });
  route(app, ctx, {
    method: 'DELETE',
    url: '/v1/keys/:id',
    summary: 'Revoke an API key',
    tag: 'admin',
    roles: admin,
    params: IdParams,
    responses: { 204: { description: 'revoked' }, 404: { description: 'unknown or already revoked' } },
    handler: async ({ params, caller, reply }) => {
      if (!(await ctx.store.revokeKey(params.id))) throw new ApiError('not_found', `no active key "${params.id}"`);
      await ctx.store.recordAudit({
        keyId: caller.key.id,
        action: 'revoke-key',
        target: params.id,
        at: ctx.now().toISOString(),
      });
      return reply.status(204).send();
    },
  });
  route(app, ctx, {
    method: 'GET',
    url: '/v1/audit',
    summary: 'The audit log: who read or changed what, when; newest first',
    tag: 'admin',
    roles: admin,
    query: AuditQuery,
    responses: { 200: { description: 'one page', schema: AuditPage } },
    handler: async ({ query }) => {
      const { limit, cursor, ...filter } = query;
      return ctx.store.listAudit(filter, { limit, ...(cursor ? { cursor } : {}) });
    },
  });
}
