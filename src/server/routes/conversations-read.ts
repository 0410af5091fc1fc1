import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { Analysis, Channel, Conversation } from '../../core/schema/index.ts';
import { ConversationRow, ScoreField, TimeOrDate } from '../../api/index.ts';
import type { AppContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { route } from '../route.ts';
import { IdParams, PageQuery, QueryBoolean, QueryNumber } from './query.ts';

export const ListQuery = z.object({
  agent: z.string().optional(),
  team: z.string().optional(),
  channel: Channel.optional(),
  queue: z.string().optional(),
  customer: z.string().optional(),
  tier: z
    .enum(['1', '2', '3'])
    .transform(Number)
    .pipe(z.union([z.literal(1), z.literal(2), z.literal(3)]))
    .optional(),
  heardNotHelped: QueryBoolean.optional(),
  humanRequired: QueryBoolean.optional(),
  vulnerable: QueryBoolean.optional(),
  skipped: QueryBoolean.optional(),
  scoreField: ScoreField.default('overall'),
  scoreMin: QueryNumber.optional(),
  scoreMax: QueryNumber.optional(),
  from: TimeOrDate.optional(),
  to: TimeOrDate.optional(),
  ...PageQuery,
});

export const ConversationPage = z.object({ items: z.array(ConversationRow), nextCursor: z.string().nullable() });
export const ConversationDetail = z.object({
  row: ConversationRow,
  conversation: Conversation.nullable(),
  analysis: Analysis,
});

/** `GET /v1/conversations/:id` (audited: it returns conversation text) and `GET /v1/conversations`. */
export function registerConversationReads(app: FastifyInstance, ctx: AppContext): void {
  route(app, ctx, {
    method: 'GET',
    url: '/v1/conversations/:id',
    summary: 'One conversation with its analysis and evidence (the read is audited)',
    tag: 'conversations',
    roles: ['admin', 'analyst', 'supervisor', 'agent'],
    params: IdParams,
    responses: {
      200: { description: 'the conversation', schema: ConversationDetail },
      404: { description: 'absent, or outside what this key may read' },
    },
    handler: async ({ params, caller }) => {
      const stored = await ctx.store.getConversation(caller.scope, params.id);
      if (stored === null) throw new ApiError('not_found', `no conversation "${params.id}" that this key may read`);
      await ctx.store.recordAudit({
        keyId: caller.key.id,
        action: 'read-conversation',
        target: params.id,
        at: ctx.now().toISOString(),
      });
      return stored;
    },
  });

  route(app, ctx, {
    method: 'GET',
    url: '/v1/conversations/:id/audio',
    summary: "A call's recording, when the server keeps them (ATTUNE_STORE_AUDIO); the read is audited",
    tag: 'conversations',
    roles: ['admin', 'analyst', 'supervisor', 'agent'],
    params: IdParams,
    responses: {
      200: { description: 'the recording as it was sent (audio/wav)' },
      404: { description: 'no recording kept, or the conversation is outside what this key may read' },
    },
    handler: async ({ params, caller, reply }) => {
      const recording = await ctx.store.getRecording(caller.scope, params.id);
      if (recording === null)
        throw new ApiError(
          'not_found',
          `no recording of conversation "${params.id}" that this key may read (recordings are kept only when the server is configured to keep them)`,
        );
      await ctx.store.recordAudit({
        keyId: caller.key.id,
        action: 'read-recording',
        target: params.id,
        at: ctx.now().toISOString(),
      });
      return reply.type(recording.mediaType).send(Buffer.from(recording.bytes));
    },
  });

  route(app, ctx, {
    method: 'GET',
    url: '/v1/conversations',
    summary: 'Analysed conversations (scores and flags, no text), newest first, paginated',
    tag: 'conversations',
    roles: ['admin', 'analyst', 'supervisor', 'agent'],
    query: ListQuery,
    responses: { 200: { description: 'one page', schema: ConversationPage } },
    handler: async ({ query, caller }) => {
      const { limit, cursor, ...filter } = query;
      return ctx.store.listConversations(caller.scope, filter, { limit, ...(cursor ? { cursor } : {}) });
    },
  });
}
