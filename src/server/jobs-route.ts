import type { FastifyInstance } from 'fastify';
import { JobParams, JobStatus } from '../api/jobs.ts';
import type { AppContext } from './context.ts';
import { ApiError } from './errors.ts';
import { route } from './route.ts';

/** `GET /v1/jobs/:id`: a queued ingest's or backfill's progress; an analyst sees the jobs of its own key, an admin every job. */
export function registerJobs(app: FastifyInstance, ctx: AppContext): void {
  route(app, ctx, {
    method: 'GET',
    url: '/v1/jobs/:id',
    summary: 'Progress of a queued ingest or backfill: conversations queued, processed and failed, with the rejections',
    tag: 'conversations',
    roles: ['admin', 'analyst'],
    params: JobParams,
    responses: {
      200: { description: "the job's counts; `state` is `done` once every batch is", schema: JobStatus },
      404: { description: 'no such job that this key may read, or the queue is off (`attune serve --queue`)' },
    },
    handler: async ({ params, caller }) => {
      const status = ctx.queue
        ? await ctx.queue.queue.status(params.id, caller.key.role === 'admin' ? undefined : caller.key.id)
        : null;
      if (status === null)
        throw new ApiError(
          'not_found',
          ctx.queue
            ? `no job "${params.id}" that this key may read`
            : 'the analysis queue is off on this server (attune serve --queue, PostgreSQL)',
        );
      return status;
    },
  });
}
