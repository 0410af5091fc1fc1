import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ApiKey, KeyRole } from '../api/index.ts';
import type { Scope } from '../store/scope.ts';
import { authenticate, scopeOf } from './auth.ts';
import type { AppContext } from './context.ts';
import { ApiError } from './errors.ts';

type Schema = z.ZodType | undefined;
type Out<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;

export interface Caller {
  key: ApiKey;
  scope: Scope;
}

export interface RouteSpec<B extends Schema, Q extends Schema, P extends Schema> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  summary: string;
  tag: string;
  /** Roles allowed; everyone else gets 403. */
  roles: readonly KeyRole[];
  body?: B;
  /** Documents a body the handler reads itself (e.g. several formats); not parsed. */
  bodyDoc?: { schema: z.ZodType; description: string; consumes?: string[] };
  query?: Q;
  params?: P;
  /** Documented responses by status; used for the OpenAPI document only. */
  responses?: Record<number, { description: string; schema?: z.ZodType }>;
  handler: (input: {
    body: Out<B>;
    query: Out<Q>;
    params: Out<P>;
    caller: Caller;
    request: FastifyRequest;
    reply: FastifyReply;
  }) => Promise<unknown>;
}

/** JSON schema of a zod schema for the OpenAPI document (input side: what clients send). */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io,
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return rest;
}

function parse<S extends Schema>(schema: S | undefined, value: unknown, where: string): Out<S> {
  if (schema === undefined) return undefined as Out<S>;
  // no database stores a NUL in text (PostgreSQL refuses it), and no id or filter holds one
  if ((where === 'query' || where === 'params') && value !== null && typeof value === 'object') {
    for (const [name, v] of Object.entries(value)) {
      if ((Array.isArray(v) ? v : [v]).some((x) => typeof x === 'string' && x.includes('\u0000')))
        throw new ApiError('invalid_request', `${where}.${name}: contains a NUL character`);
    }
  }
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data as Out<S>;
  const problems = result.error.issues.map(
    (issue) => `${[where, ...issue.path.map(String)].join('.')}: ${issue.message}`,
  );
  throw new ApiError('invalid_request', problems.join('; '));
}

const ERROR_RESPONSE = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/**
 * Registers a route that authenticates, checks the role, parses body/query/params with zod
 * and documents itself from the same schemas.
 */
export function route<B extends Schema = undefined, Q extends Schema = undefined, P extends Schema = undefined>(
  app: FastifyInstance,
  ctx: AppContext,
  spec: RouteSpec<B, Q, P>,
): void {
  const response: Record<number, unknown> = {};
  for (const [status, doc] of Object.entries(spec.responses ?? {})) {
    response[Number(status)] = {
      description: doc.description,
      ...(doc.schema ? jsonSchema(doc.schema, 'output') : {}),
    };
  }
  response[400] ??= { description: 'invalid request', ...jsonSchema(ERROR_RESPONSE) };
  response[401] ??= { description: 'missing or unknown API key', ...jsonSchema(ERROR_RESPONSE) };
  response[403] ??= { description: "the key's role may not use this endpoint", ...jsonSchema(ERROR_RESPONSE) };
  response[503] ??= { description: 'the database is unavailable', ...jsonSchema(ERROR_RESPONSE) };

  app.route({
    method: spec.method,
    url: spec.url,
    schema: {
      summary: spec.summary,
      description: `Roles: ${spec.roles.join(', ')}.`,
      tags: [spec.tag],
      security: [{ bearer: [] }, { apiKey: [] }],
      ...(spec.body ? { body: jsonSchema(spec.body) } : {}),
      ...(spec.bodyDoc ? { body: { description: spec.bodyDoc.description, ...jsonSchema(spec.bodyDoc.schema) } } : {}),
      ...(spec.bodyDoc?.consumes ? { consumes: spec.bodyDoc.consumes } : {}),
      ...(spec.query ? { querystring: jsonSchema(spec.query) } : {}),
      ...(spec.params ? { params: jsonSchema(spec.params) } : {}),
      response,
    },
    // Authenticate before the body is read, so an unknown key cannot make us parse megabytes.
    onRequest: async (request) => {
      const key = await authenticate(request, (secret) => ctx.store.findKey(secret), spec.roles);
      request.caller = { key, scope: scopeOf(key) };
    },
    handler: async (request, reply) => {
      const caller = request.caller;
      if (!caller) throw new ApiError('unauthorized', 'an API key is required');
      return spec.handler({
        body: parse<B>(spec.body, request.body, 'body'),
        query: parse<Q>(spec.query, request.query, 'query'),
        params: parse<P>(spec.params, request.params, 'params'),
        caller,
        request,
        reply,
      });
    },
  });
}

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
  }
}
