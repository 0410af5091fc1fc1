import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { MomentFilter, MomentRow } from '../../api/index.ts';
import type { AppContext } from '../context.ts';
import { route } from '../route.ts';
import { PageQuery } from './query.ts';

export const MomentPage = z.object({ items: z.array(MomentRow), nextCursor: z.string().nullable() });
export const MomentsQuery = MomentFilter.extend(PageQuery);

/** `GET /v1/moments`: coaching material with the exact words; each conversation read is audited. */
export function registerMoments(app: FastifyInstance, ctx: AppContext): void {
  route(app, ctx, {
    method: 'GET',
    url: '/v1/moments',
    summary: 'Empathy moments (missed, met-specific ...) with the exact words (the read is audited)',
    tag: 'coaching',
    roles: ['admin', 'analyst', 'supervisor', 'agent'],
    query: MomentsQuery,
    responses: { 200: { description: 'one page, newest first', schema: MomentPage } },
    handler: async ({ query, caller }) => {
      const { limit, cursor, ...filter } = query;
      const page = await ctx.store.listMoments(caller.scope, filter, { limit, ...(cursor ? { cursor } : {}) });
      const at = ctx.now().toISOString();
      for (const id of new Set(page.items.map((item) => item.conversationId))) {
        await ctx.store.recordAudit({ keyId: caller.key.id, action: 'read-moments', target: id, at });
      }
      return page;
    },
  });
}
