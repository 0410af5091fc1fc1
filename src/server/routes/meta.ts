import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { errorBody } from '../errors.ts';
import { jsonSchema } from '../route.ts';

export const Health = z.object({ status: z.literal('ok') });

/** `/healthz` (is the database answering?); `/` is the dashboard (`../web.ts`). */
export function registerMeta(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/healthz',
    {
      schema: {
        summary: 'Liveness and database health',
        tags: ['meta'],
        response: {
          200: { description: 'the database answers', ...jsonSchema(Health, 'output') },
          503: { description: 'the database is unavailable' },
        },
      },
    },
    async (_request, reply) => {
      try {
        await ctx.store.ping();
        return { status: 'ok' };
      } catch {
        return reply.status(503).send(errorBody('database_unavailable', 'the database is unavailable'));
      }
    },
  );
}
