import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { EraseResult } from '../../api/index.ts';
import type { AppContext } from '../context.ts';
import type { LiveHub } from '../live/hub.ts';
import { ApiError } from '../errors.ts';
import { route } from '../route.ts';
import { IdParams } from './query.ts';

export const Lifted = z.object({ lifted: z.literal(true) });

/**
 * `DELETE /v1/customers/:id`: the right to erasure (conversations, moments and reviews, and open live sessions:
 * ended unstored, their journal deleted), leaving a tombstone that refuses their data if it is sent again; `DELETE /v1/customers/:id/erasure` (admins) lifts it. Both audited
 * under a keyed hash of the customer, never the id.
 */
export function registerCustomers(app: FastifyInstance, ctx: AppContext, live: LiveHub): void {
  route(app, ctx, {
    method: 'DELETE',
    url: '/v1/customers/:id',
    summary:
      'Erase every conversation of a customer, with its analysis, moments and reviews, and end their open live sessions unstored; their data sent again is refused until an admin lifts the erasure',
    tag: 'privacy',
    roles: ['admin', 'analyst'],
    params: IdParams,
    responses: { 200: { description: 'what was deleted', schema: EraseResult } },
    handler: async ({ params, caller }) => {
      const erased = await ctx.store.eraseCustomer(params.id);
      // this node's; other nodes end theirs when their next write or touch finds the journal row gone
      await live.endCustomer(params.id);
      // the audit says who erased whom without keeping the id it erased
      await ctx.store.recordAudit({
        keyId: caller.key.id,
        action: 'erase-customer',
        target: await ctx.store.customerToken(params.id),
        at: ctx.now().toISOString(),
      });
      return erased;
    },
  });
  route(app, ctx, {
    method: 'DELETE',
    url: '/v1/customers/:id/erasure',
    summary: "Lift a customer's erasure, so their conversations are accepted again (what was erased stays erased)",
    tag: 'privacy',
    roles: ['admin'],
    params: IdParams,
    responses: {
      200: { description: 'the erasure was lifted', schema: Lifted },
      404: { description: 'no erasure of this customer is in force' },
    },
    handler: async ({ params, caller }) => {
      if (!(await ctx.store.liftErasure(params.id)))
        throw new ApiError('not_found', 'no erasure of this customer is in force');
      await ctx.store.recordAudit({
        keyId: caller.key.id,
        action: 'lift-erasure',
        target: await ctx.store.customerToken(params.id),
        at: ctx.now().toISOString(),
      });
      return { lifted: true as const };
    },
  });
}
