import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DEFAULT_TEMPLATE_OPTIONS, TemplateFinder } from '../../core/templates/index.ts';
import { IsoTime } from '../../api/index.ts';
import type { AppContext } from '../context.ts';
import { route } from '../route.ts';

export const TemplatesQuery = z.object({
  from: IsoTime.optional(),
  to: IsoTime.optional(),
  minConversations: z.coerce.number().int().min(2).max(1_000_000).default(DEFAULT_TEMPLATE_OPTIONS.minConversations),
  minWords: z.coerce.number().int().min(1).max(100).default(DEFAULT_TEMPLATE_OPTIONS.minWords),
  similarity: z.coerce
    .number()
    .min(0.3)
    .max(1)
    .default(DEFAULT_TEMPLATE_OPTIONS.similarity ?? 1),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const Template = z.object({
  text: z.string(),
  kind: z.enum(['stock-empathy', 'macro']),
  conversations: z.number().int(),
  agents: z.number().int(),
  /** Up to 20 of the conversations that share it, for reading it in context. */
  examples: z.array(z.object({ conversation: z.string(), turn: z.number().int() })),
});
export const TemplatesResult = z.object({ conversationsRead: z.number().int(), templates: z.array(Template) });

/**
 * `GET /v1/templates`: sentences the agents in scope send near-verbatim in many conversations, each
 * marked stock empathy (a fault) or macro (not in itself). The read of conversation text is audited.
 */
export function registerTemplates(app: FastifyInstance, ctx: AppContext): void {
  route(app, ctx, {
    method: 'GET',
    url: '/v1/templates',
    summary: 'Templated sentences (stock empathy formulas and pasted macros) across the stored conversations in scope',
    tag: 'coaching',
    roles: ['admin', 'analyst', 'supervisor'],
    query: TemplatesQuery,
    responses: { 200: { description: 'the templates, most shared first', schema: TemplatesResult } },
    handler: async ({ query, caller }) => {
      const finder = new TemplateFinder({
        minConversations: query.minConversations,
        minWords: query.minWords,
        similarity: query.similarity,
      });
      const range = { ...(query.from ? { from: query.from } : {}), ...(query.to ? { to: query.to } : {}) };
      const conversationsRead = await ctx.store.eachConversation(caller.scope, range, (c) => finder.add(c));
      await ctx.store.recordAudit({
        keyId: caller.key.id,
        action: 'read-templates',
        target: `${conversationsRead} conversations`,
        at: ctx.now().toISOString(),
      });
      const templates = finder
        .finish()
        .slice(0, query.limit)
        .map((t) => ({
          text: t.text,
          kind: ctx.templateKind(t.text),
          conversations: t.conversations,
          agents: t.agents,
          examples: t.occurrences.slice(0, 20).map((o) => ({ conversation: o.conversation, turn: o.turn })),
        }));
      return { conversationsRead, templates };
    },
  });
}
