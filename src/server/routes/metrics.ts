import type { FastifyInstance } from 'fastify';
import { MetricsQuery, MetricsResult } from '../../api/index.ts';
import type { AppContext } from '../context.ts';
import { route } from '../route.ts';

/**
 * `GET /v1/metrics`: the total over the range, and with `groupBy` KPIs per agent, team, channel, queue,
 * shift, day or week, within what the key may read.
 */
export function registerMetrics(app: FastifyInstance, ctx: AppContext): void {
  route(app, ctx, {
    method: 'GET',
    url: '/v1/metrics',
    summary:
      'KPIs in total, and grouped by agent, team, channel, queue, shift, day or week; from/to take instants or dates (whole local days, to included)',
    tag: 'metrics',
    roles: ['admin', 'analyst', 'supervisor', 'agent'],
    query: MetricsQuery,
    responses: { 200: { description: 'the total, and one row per group when grouped', schema: MetricsResult } },
    handler: async ({ query, caller }): Promise<MetricsResult> => ctx.store.metrics(caller.scope, query),
  });
}
