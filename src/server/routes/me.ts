import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { KeyRole } from '../../api/index.ts';
import type { AppContext } from '../context.ts';
import { route } from '../route.ts';

/** Who the presented key is, so a client (the dashboard) can show only what its role may read. */
export const Me = z.object({
  name: z.string(),
  role: KeyRole,
  teams: z.array(z.string()),
  agentId: z.string().nullable(),
});

/** `GET /v1/me`: the caller's own key (name, role, teams, agent id); never its secret. */
export function registerMe(app: FastifyInstance, ctx: AppContext): void {
  route(app, ctx, {
    method: 'GET',
    url: '/v1/me',
    summary: 'The presented key: its name, role, teams and agent id',
    tag: 'keys',
    roles: ['admin', 'analyst', 'supervisor', 'agent'],
    responses: { 200: { description: "the caller's key", schema: Me } },
    handler: async ({ caller }): Promise<z.input<typeof Me>> => {
      const { name, role, teams, agentId } = caller.key;
      return { name, role, teams, agentId };
    },
  });
}
