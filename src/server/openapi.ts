import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { LIVE_PATH, LIVE_SCHEMAS } from './routes/live.ts';

/** Registers the OpenAPI document (`/openapi.json`) and the docs page (`/docs`) on the root; must precede the routes. */
export function registerOpenApi(app: FastifyInstance): void {
  app.register(swagger, {
    // the WebSocket route is hidden from the generated document, so its entry is added here
    transformObject: (document) => {
      const doc = 'openapiObject' in document ? document.openapiObject : document.swaggerObject;
      Object.assign((doc.paths ??= {}) as object, { '/v1/live': LIVE_PATH });
      return doc;
    },
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Attune API',
        version: '1',
        description:
          'Empathy analysis of customer conversations: ingest, read, metrics, coaching moments, calibration, live evaluation of replies, and live agent assist over WebSocket (/v1/live).',
      },
      components: {
        schemas: LIVE_SCHEMAS,
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API key: `Authorization: Bearer <key>`' },
          apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        },
      },
    },
  });
  // staticCSP: the docs page gets a content security policy with hashes for its own scripts
  app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  app.register(async (scope) => {
    scope.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  });
}
