import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** The built dashboard (`npm run build:web`), relative to this file in the source tree. */
export const DEFAULT_WEB_ROOT = path.join(import.meta.dirname, '..', '..', 'dist', 'web');

/**
 * What `/` may load: only this origin's own scripts, styles and API, nothing inline. The built
 * dashboard satisfies it (ECharts draws on canvas; React sets styles through the CSSOM).
 */
export const HOME_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

// Static text only: no user content is ever placed in this page.
const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Attune</title></head>
<body><h1>Attune</h1><p>Empathy analysis for customer conversations.</p>
<p>The dashboard is not built: run <code>npm run build:web</code> and restart the server.</p>
<p>The API is documented at <a href="/docs">/docs</a> (OpenAPI document: <a href="/openapi.json">/openapi.json</a>).</p>
</body></html>
`;

/** Serves the dashboard at `/` and its hashed assets at `/assets/`, or a page saying how to build it. */
export function registerWeb(app: FastifyInstance, webRoot: string | undefined): void {
  const index = webRoot ? path.join(webRoot, 'index.html') : '';
  const built = webRoot !== undefined && existsSync(index);
  // read on each request, so a rebuild while the server runs is served whole (old assets are gone)
  app.get('/', { schema: { hide: true } }, async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', HOME_CSP)
      .header('cache-control', 'no-cache')
      .send(built ? await readFile(index, 'utf8') : NOT_BUILT),
  );
  if (!built) return;
  // File names carry a content hash, so a browser may keep them for good.
  app.register(fastifyStatic, {
    root: path.join(webRoot, 'assets'),
    prefix: '/assets/',
    immutable: true,
    maxAge: '365d',
    index: false,
  });
}
