import type { FastifyError, FastifyInstance } from 'fastify';
import { BadCursorError } from '../store/cursor.ts';

/** Every error code a client can see; stable across releases. */
export const ERROR_CODES = [
  'invalid_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'body_too_large',
  'unsupported_media_type',
  'conflict',
  'rate_limited',
  'opted_out',
  'analysis_timeout',
  'database_unavailable',
  'internal_error',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

const STATUS: Record<ErrorCode, number> = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  body_too_large: 413,
  unsupported_media_type: 415,
  conflict: 409,
  rate_limited: 429,
  opted_out: 422,
  analysis_timeout: 504,
  database_unavailable: 503,
  internal_error: 500,
};

/** The one exception routes throw; the error handler turns it into `{error: {code, message}}`. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
    this.statusCode = STATUS[code];
  }
}

export function errorBody(code: ErrorCode, message: string) {
  return { error: { code, message } };
}

const BY_STATUS: Record<number, ErrorCode> = {
  404: 'not_found',
  413: 'body_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/** Maps what a request can throw to a stable code. Unknown errors become 503 when the database is down, else 500. */
async function classify(error: FastifyError, isDatabaseUp: () => Promise<boolean>): Promise<ApiError> {
  if (error instanceof ApiError) return error;
  if (error instanceof BadCursorError) return new ApiError('invalid_request', `query.cursor: ${error.message}`);
  // Fastify's own client errors (bad JSON, too large, bad media type ...) keep their status and message.
  const status = error.statusCode ?? 500;
  if (error.code?.startsWith('FST_') && status >= 400 && status < 500)
    return new ApiError(BY_STATUS[status] ?? 'invalid_request', error.message);
  if (!(await isDatabaseUp()))
    return new ApiError('database_unavailable', 'the database is unavailable; try again shortly');
  return new ApiError('internal_error', 'internal error');
}

/** Installs JSON error and not-found handlers: stable codes, no stack traces to clients. */
export function installErrorHandling(app: FastifyInstance, isDatabaseUp: () => Promise<boolean>): void {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const api = await classify(error, isDatabaseUp);
    if (api.code === 'internal_error' || api.code === 'database_unavailable')
      request.log.error({ err: error }, api.message);
    if (api.code === 'database_unavailable') reply.header('retry-after', '5');
    return reply.status(api.statusCode).send(errorBody(api.code, api.message));
  });
  app.setNotFoundHandler(async (request, reply) =>
    reply.status(404).send(errorBody('not_found', `no route ${request.method} ${request.url.split('?')[0]}`)),
  );
}
