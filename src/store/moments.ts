import type { Kysely } from 'kysely';
import { Evidence, MomentOutcome } from '../core/schema/index.ts';
import { z } from 'zod';
import { BadCursorError, decodeCursor, encodeCursor } from './cursor.ts';
import { boundary } from './local-time.ts';
import { inScope } from './scope.ts';
import { Page } from '../api/index.ts';
import type { MomentFilter, MomentRow, PageOf } from '../api/index.ts';
import type { Scope } from './scope.ts';
import type { Database } from './tables.ts';

const Triggers = z.array(z.string());
const EvidenceList = z.array(Evidence);

/** Moments newest first (conversation time, then conversation id, then turn, all descending). */
export async function listMoments(
  db: Kysely<Database>,
  timezone: string,
  scope: Scope,
  filter: MomentFilter,
  pageInput: Page,
): Promise<PageOf<MomentRow>> {
  const page = Page.parse(pageInput);
  const after = page.cursor === undefined ? null : decodeCursor(page.cursor, 3);
  if (page.cursor !== undefined && after === null) throw new BadCursorError();
  let q = db.selectFrom('moments').selectAll().where(inScope(scope, 'moments'));
  if (filter.outcome !== undefined) q = q.where('outcome', '=', filter.outcome);
  if (filter.agent !== undefined) q = q.where('agent_id', '=', filter.agent);
  if (filter.team !== undefined) q = q.where('team', '=', filter.team);
  if (filter.from !== undefined) q = q.where('started_at', '>=', boundary(filter.from, timezone, 'from'));
  if (filter.to !== undefined) q = q.where('started_at', '<', boundary(filter.to, timezone, 'to'));
  if (after) {
    const [sortAt, id, turn] = [String(after[0]), String(after[1]), Number(after[2])];
    q = q.where((eb) =>
      eb.or([
        eb('sort_at', '<', sortAt),
        eb.and([eb('sort_at', '=', sortAt), eb('conversation_id', '<', id)]),
        eb.and([eb('sort_at', '=', sortAt), eb('conversation_id', '=', id), eb('turn', '<', turn)]),
      ]),
    );
  }
  const rows = await q
    .orderBy('sort_at', 'desc')
    .orderBy('conversation_id', 'desc')
    .orderBy('turn', 'desc')
    .limit(page.limit + 1)
    .execute();
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return {
    items: items.map((r): MomentRow => ({
      conversationId: r.conversation_id,
      turn: Number(r.turn),
      outcome: MomentOutcome.parse(r.outcome),
      triggers: Triggers.parse(JSON.parse(r.triggers_json)),
      customerText: r.customer_text,
      responseTurn: r.response_turn === null ? null : Number(r.response_turn),
      agentText: r.agent_text,
      evidence: EvidenceList.parse(JSON.parse(r.evidence_json)),
      agentId: r.agent_id,
      team: r.team,
      startedAt: r.started_at,
    })),
    nextCursor: rows.length > page.limit && last ? encodeCursor([last.sort_at, last.conversation_id, last.turn]) : null,
  };
}
