import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { MetricsQuery, MetricsRow } from '../../api/index.ts';
import type { AppContext } from '../context.ts';
import { route } from '../route.ts';

const MetricsResult = z.object({ groupBy: z.string(), rows: z.array(MetricsRow) });

/** `GET /v1/metrics`: KPIs per agent, team, channel, queue, shift, day or week, within what the key may read. */
export function registerMetrics(app: FastifyInstance, ctx: AppContext): void {
  route(app, ctx, {
    method: 'GET',
    url: '/v1/metrics',
    summary: 'KPIs grouped by agent, team, channel, queue, shift, day or week',
    tag: 'metrics',
    roles: ['admin', 'analyst', 'supervisor', 'agent'],
    query: MetricsQuery,
    responses: { 200: { description: 'one row per group', schema: MetricsResult } },
    handler: async ({ query, caller }) => ({ groupBy: query.groupBy, rows: await ctx.store.metrics(caller.scope, query) }),
  });
}
