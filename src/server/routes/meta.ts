import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { errorBody } from '../errors.ts';
import { jsonSchema } from '../route.ts';

// Static text only: no user content is ever placed in this page.
const HOME = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Attune</title></head>
<body><h1>Attune</h1><p>Empathy analysis for customer conversations.</p>
<p>The API is documented at <a href="/docs">/docs</a> (OpenAPI document: <a href="/openapi.json">/openapi.json</a>).</p>
</body></html>
`;

export const Health = z.object({ status: z.literal('ok') });

/** `/` (a plain page linking to the docs) and `/healthz` (is the database answering?). */
export function registerMeta(app: FastifyInstance, ctx: AppContext): void {
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(HOME));
  app.get('/healthz', { schema: { summary: 'Liveness and database health', tags: ['meta'], response: { 200: { description: 'the database answers', ...jsonSchema(Health, 'output') }, 503: { description: 'the database is unavailable' } } } }, async (_request, reply) => {
    try {
      await ctx.store.ping();
      return { status: 'ok' };
    } catch {
      return reply.status(503).send(errorBody('database_unavailable', 'the database is unavailable'));
    }
  });
}
