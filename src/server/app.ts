import { createHash } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { presentedSecret } from './auth.ts';
import { contextOf, type AppDeps } from './context.ts';
import { LiveHub } from './live/hub.ts';
import { liveOptions } from './live/options.ts';
import { addressLimit } from './address-limit.ts';
import { installJsonBodyParser } from './json-body.ts';
import { ApiError, installErrorHandling } from './errors.ts';
import { registerOpenApi } from './openapi.ts';
import { registerConversationIngest } from './routes/conversations-ingest.ts';
import { registerConversationReads } from './routes/conversations-read.ts';
import { registerCustomers } from './routes/customers.ts';
import { registerEvaluate } from './routes/evaluate.ts';
import { registerKeys } from './routes/keys.ts';
import { registerJobs } from './jobs-route.ts';
import { registerMe } from './routes/me.ts';
import { registerLive } from './routes/live.ts';
import { registerMeta } from './routes/meta.ts';
import { registerMetrics } from './routes/metrics.ts';
import { registerMoments } from './routes/moments.ts';
import { registerReviews } from './routes/reviews.ts';
import { registerSettings } from './routes/settings.ts';
import { registerTemplates } from './routes/templates.ts';
import { registerWeb } from './web.ts';

export type { AppDeps } from './context.ts';

/** How long the error handler waits for the database before calling it unavailable. */
const PING_TIMEOUT_MS = 2000;

function answersWithin(ping: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return Promise.race([
    ping.then(
      () => true,
      () => false,
    ),
    timeout,
  ]).finally(() => clearTimeout(timer));
}

/** A request's URL as logged: a customer id in an erasure path, and any query string, are left out. */
export function loggedUrl(url: string): string {
  const path = url.split('?')[0]!;
  return path.startsWith('/v1/customers/') ? '/v1/customers/[customer]' : path;
}

/** Builds the HTTP API over the given store and engine. Never listens: `main.ts` does. */
export function buildApp<E>(
  deps: AppDeps<E>,
  options: { logger?: boolean; logStream?: { write: (line: string) => void } } = {},
): FastifyInstance {
  const ctx = contextOf(deps);
  // the live sessions this node holds: erasure ends a customer's
  const hub = new LiveHub(ctx, liveOptions(deps.live));
  const app = Fastify({
    // request logs never carry a customer's id from an erasure URL
    logger: options.logger
      ? {
          serializers: {
            req: (req: { method: string; url: string }) => ({ method: req.method, url: loggedUrl(req.url) }),
          },
          ...(options.logStream ? { stream: options.logStream } : {}),
        }
      : false,
    bodyLimit: deps.config.bodyLimitBytes,
    // ids go up to 128 characters (src/io/read/sanity.ts), percent-encoded up to 9 bytes each: all can be read and erased
    routerOptions: { maxParamLength: 1_200 },
    // A client that trickles its request in is cut off rather than holding a socket forever.
    requestTimeout: 120_000,
    // Schemas document the API; zod validates in the handler and replies are serialised as they are.
    ajv: { customOptions: { strict: false } },
  });
  app.setValidatorCompiler(() => (value) => ({ value }));
  app.setSerializerCompiler(() => (value) => JSON.stringify(value));
  installErrorHandling(app, () => answersWithin(ctx.store.ping(), PING_TIMEOUT_MS));
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    // API replies carry conversation text or secrets: no cache may keep them
    if (request.url.startsWith('/v1/')) reply.header('cache-control', 'no-store');
  });

  app.register(rateLimit, {
    max: deps.config.rateLimitPerMinute,
    timeWindow: 60_000,
    // Per key when one is presented (hashed: secrets are not kept in memory), else per address.
    keyGenerator: (request) => {
      const secret = presentedSecret(request);
      return secret === null ? `ip:${request.ip}` : `key:${createHash('sha256').update(secret).digest('hex')}`;
    },
    errorResponseBuilder: (_request, context) =>
      new ApiError(
        'rate_limited',
        `rate limit of ${context.max} requests per minute exceeded; retry in ${context.after}`,
      ),
  });
  app.addHook('onRequest', addressLimit(deps.config.rateLimitPerIpPerMinute ?? 2 * deps.config.rateLimitPerMinute));
  registerOpenApi(app);
  registerWeb(app, deps.webRoot);
  app.register(async (scope) => {
    // Bodies that are not JSON (JSONL, CSV, e-mail ...) arrive as text for the ingestion readers.
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    installJsonBodyParser(scope);
    registerMeta(scope, ctx);
    registerConversationIngest(scope, ctx);
    registerConversationReads(scope, ctx);
    registerMetrics(scope, ctx);
    registerMoments(scope, ctx);
    registerTemplates(scope, ctx);
    registerReviews(scope, ctx);
    registerEvaluate(scope, ctx);
    registerCustomers(scope, ctx, hub);
    registerKeys(scope, ctx);
    registerMe(scope, ctx);
    registerJobs(scope, ctx);
    registerSettings(scope, ctx);
  });
  registerLive(app, ctx, hub);
  return app;
}
