import { sql } from 'kysely';
import type { RawBuilder, SqlBool } from 'kysely';
import { z } from 'zod';

/** Who is reading: everything, some teams (a supervisor), or one agent's own conversations. */
export const Scope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('teams'), teams: z.array(z.string()) }),
  z.object({ kind: z.literal('agent'), agentId: z.string() }),
]);
export type Scope = z.infer<typeof Scope>;

export const ALL: Scope = { kind: 'all' };

/**
 * The condition a row must meet to be visible in `scope`; `table` names the table (or alias)
 * holding `agent_id` and `team`. A supervisor with no teams sees nothing.
 */
export function inScope(scope: Scope, table: string): RawBuilder<SqlBool> {
  const col = (name: string) => sql.ref(`${table}.${name}`);
  switch (scope.kind) {
    case 'all':
      return sql<SqlBool>`1 = 1`;
    case 'agent':
      return sql<SqlBool>`${col('agent_id')} = ${scope.agentId}`;
    case 'teams':
      return scope.teams.length === 0
        ? sql<SqlBool>`1 = 0`
        : sql<SqlBool>`${col('team')} in (${sql.join(scope.teams)})`;
  }
}

/** ISO time normalised to UTC so it compares as text with stored times. */
export const utc = (iso: string) => new Date(iso).toISOString();
