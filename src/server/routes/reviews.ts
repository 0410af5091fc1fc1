import type { FastifyInstance } from 'fastify';
import { redactText } from '../../core/privacy/index.ts';
import { z } from 'zod';
import { CalibrationReport, RESPONDED, Review } from '../../api/index.ts';
import { calibrate } from '../calibration.ts';
import type { AppContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { route } from '../route.ts';

/** What a reviewer sends; who reviewed comes from the key, not the body. */
export const ReviewBody = z.object({
  conversationId: z.string().min(1),
  empathy: z.number().int().min(1).max(5),
  customerFeeling: z.string().max(2000).default(''),
  responded: z.enum(RESPONDED),
  note: z.string().max(10_000).default(''),
});

export const CalibrationQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(20) });

const reviewers = ['admin', 'analyst', 'supervisor'] as const;

/** `POST /v1/reviews` (a human rating of a conversation) and `GET /v1/calibration` (agreement report). */
export function registerReviews(app: FastifyInstance, ctx: AppContext): void {
  route(app, ctx, {
    method: 'POST',
    url: '/v1/reviews',
    summary: "Record a reviewer's rating of a stored conversation",
    tag: 'calibration',
    roles: reviewers,
    body: ReviewBody,
    responses: {
      201: { description: 'the stored review', schema: Review },
      404: { description: 'no such conversation this key may read' },
    },
    handler: async ({ body, caller, reply }) => {
      if ((await ctx.store.getConversation(caller.scope, body.conversationId)) === null) {
        throw new ApiError('not_found', `no conversation "${body.conversationId}" that this key may read`);
      }
      // a reviewer's note can quote the customer: it is redacted like the conversation was
      const clean = (text: string | undefined) => (text === undefined ? undefined : redactText(text).text);
      const review = await ctx.store.addReview({
        ...body,
        reviewer: caller.key.name,
        ...(body.note !== undefined ? { note: clean(body.note)! } : {}),
        ...(body.customerFeeling !== undefined ? { customerFeeling: clean(body.customerFeeling)! } : {}),
      });
      return reply.status(201).send(review);
    },
  });
  route(app, ctx, {
    method: 'GET',
    url: '/v1/calibration',
    summary: 'Agreement between reviewers and with the engine (Spearman, weighted kappa) and the largest disagreements',
    tag: 'calibration',
    roles: reviewers,
    query: CalibrationQuery,
    responses: { 200: { description: 'the calibration report', schema: CalibrationReport } },
    handler: async ({ query, caller }) => calibrate(await ctx.store.listReviews(caller.scope), query.limit),
  });
}
