import type { FastifyInstance } from 'fastify';
import { EraseResult } from '../../api/index.ts';
import type { AppContext } from '../context.ts';
import { route } from '../route.ts';
import { IdParams } from './query.ts';

/** `DELETE /v1/customers/:id`: the right to erasure (conversations, moments and reviews); audited. */
export function registerCustomers(app: FastifyInstance, ctx: AppContext): void {
  route(app, ctx, {
    method: 'DELETE',
    url: '/v1/customers/:id',
    summary: 'Erase every conversation of a customer, with its analysis, moments and reviews',
    tag: 'privacy',
    roles: ['admin', 'analyst'],
    params: IdParams,
    responses: { 200: { description: 'what was deleted', schema: EraseResult } },
    handler: async ({ params, caller }) => {
      const erased = await ctx.store.eraseCustomer(params.id);
      // the audit says who erased whom without keeping the id it erased
      await ctx.store.recordAudit({ keyId: caller.key.id, action: 'erase-customer', target: await ctx.store.customerToken(params.id), at: ctx.now().toISOString() });
      return erased;
    },
  });
}
