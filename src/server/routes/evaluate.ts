import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  Behaviour,
  Conversation,
  Evidence,
  Moment,
  type BehaviourKind,
  type FullAnalysis,
} from '../../core/schema/index.ts';
import type { AppContext } from '../context.ts';
import { AnalysisTimeout } from '../analysis-pool.ts';
import { ApiError } from '../errors.ts';
import { route } from '../route.ts';

/** What one evaluation may read: a reply in context needs the recent conversation, not a whole history. */
export const EVALUATE_LIMITS = { turns: 200, turnChars: 20_000, budgetMs: 2_000 } as const;

export const EvaluateRequest = z.object({
  conversation: Conversation,
  candidate: z.object({ role: z.enum(['agent', 'bot']), text: z.string().min(1) }),
});

export const ReplyEvaluation = z.object({
  turn: z.number().int(),
  behaviours: z.array(Behaviour),
  /** Whether the reply's empathy names the customer's situation, stays generic, or is absent. */
  specificity: z.enum(['specific', 'generic', 'none']),
  scriptedRisk: z.boolean(),
  scriptedEvidence: z.array(Evidence),
  /** The reply acknowledges a moment but offers no ownership, action or expectation. */
  heardNotHelpedRisk: z.boolean(),
  /** The customer moments this reply answers, with their outcome. */
  moments: z.array(Moment),
  routing: z.object({
    decision: z.enum(['ai-safe', 'human-required']),
    humanRequired: z.boolean(),
    reasons: z.array(z.string()),
  }),
});
export type ReplyEvaluation = z.infer<typeof ReplyEvaluation>;

const HEARD: readonly BehaviourKind[] = ['acknowledgement', 'reflection', 'validation', 'apology'];
const HELPED: readonly BehaviourKind[] = ['ownership', 'action', 'expectation'];
const SCRIPTED: readonly BehaviourKind[] = ['scripted', 'repetition'];

/** Reads the verdict on one reply (turn `turn`) out of the analysis of the conversation ending with it. */
export function evaluateReply(analysis: FullAnalysis, turn: number): ReplyEvaluation {
  const behaviours = analysis.turns.find((t) => t.index === turn)?.behaviours ?? [];
  const heard = behaviours.filter((b) => HEARD.includes(b.kind));
  const helped = behaviours.some((b) => HELPED.includes(b.kind));
  const scripted = behaviours.filter((b) => SCRIPTED.includes(b.kind));
  const moments = analysis.moments.filter((m) => m.responseTurn === turn);
  return {
    turn,
    behaviours,
    specificity: heard.some((b) => b.specific === true) ? 'specific' : heard.length > 0 ? 'generic' : 'none',
    scriptedRisk: scripted.length > 0,
    scriptedEvidence: scripted.flatMap((b) => b.evidence),
    heardNotHelpedRisk: moments.length > 0 && heard.length > 0 && !helped,
    moments,
    routing: {
      decision: analysis.routing.decision,
      humanRequired: analysis.routing.decision === 'human-required',
      reasons: analysis.routing.reasons,
    },
  };
}

/** `POST /v1/evaluate`: scores a candidate reply in its conversation without storing anything. */
export function registerEvaluate(app: FastifyInstance, ctx: AppContext): void {
  route(app, ctx, {
    method: 'POST',
    url: '/v1/evaluate',
    summary: 'Score a candidate reply (bot or agent) in the context of the conversation so far; nothing is stored',
    tag: 'evaluate',
    roles: ['admin', 'analyst', 'supervisor', 'agent'],
    body: EvaluateRequest,
    responses: {
      200: { description: "the reply's behaviours, risks and the routing decision", schema: ReplyEvaluation },
    },
    handler: async ({ body }) => {
      const turn = body.conversation.turns.length;
      // bounded before any analysis: one request can never hold the server
      if (turn > EVALUATE_LIMITS.turns)
        throw new ApiError(
          'body_too_large',
          `the conversation has ${turn} turns, over the evaluate limit of ${EVALUATE_LIMITS.turns}: send the recent turns`,
        );
      const long = [...body.conversation.turns, body.candidate].findIndex(
        (t) => t.text.length > EVALUATE_LIMITS.turnChars,
      );
      if (long !== -1)
        throw new ApiError(
          'body_too_large',
          `${long === turn ? 'the candidate' : `turn ${long}`} is over the evaluate limit of ${EVALUATE_LIMITS.turnChars} characters`,
        );
      const conversation = {
        ...body.conversation,
        turns: [...body.conversation.turns, { role: body.candidate.role, text: body.candidate.text }],
      };
      let analysis;
      try {
        analysis = await ctx.analyzeBounded(conversation, EVALUATE_LIMITS.budgetMs);
      } catch (error) {
        if (error instanceof AnalysisTimeout)
          throw new ApiError('analysis_timeout', `${error.message}: send fewer or shorter turns`);
        throw error;
      }
      if ('skipped' in analysis)
        throw new ApiError('opted_out', 'the customer opted out of analysis (consent.analysis is false)');
      return evaluateReply(analysis, turn);
    },
  });
}
