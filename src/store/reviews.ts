import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { inScope } from './scope.ts';
import { ReviewInput } from '../api/index.ts';
import type { Review, ReviewFilter } from '../api/index.ts';
import type { Scope } from './scope.ts';
import type { Database } from './tables.ts';

/** One review per reviewer and conversation: rating again replaces the earlier rating (its id stays, its time is the new rating's). */
export async function addReview(db: Kysely<Database>, input: ReviewInput): Promise<Review> {
  const r = ReviewInput.parse(input);
  const rating = {
    empathy: r.empathy,
    customer_feeling: r.customerFeeling,
    responded: r.responded,
    note: r.note,
    created_at: new Date().toISOString(),
  };
  const { id } = await db
    .insertInto('reviews')
    .values({ id: randomUUID(), conversation_id: r.conversationId, reviewer: r.reviewer, ...rating })
    .onConflict((oc) => oc.columns(['conversation_id', 'reviewer']).doUpdateSet(rating))
    .returning('id')
    .executeTakeFirstOrThrow();
  const engine = await db
    .selectFrom('conversations')
    .select('empathy')
    .where('id', '=', r.conversationId)
    .executeTakeFirst();
  return { id, ...r, createdAt: rating.created_at, engineEmpathy: engine?.empathy ?? null };
}

/** Reviews joined with the engine's score. A scoped reader sees only reviews of conversations in scope. */
export async function listReviews(db: Kysely<Database>, scope: Scope, filter: ReviewFilter = {}): Promise<Review[]> {
  let q = db
    .selectFrom('reviews as r')
    .leftJoin('conversations as c', 'c.id', 'r.conversation_id')
    .selectAll('r')
    .select('c.empathy as engine_empathy');
  if (scope.kind !== 'all') q = q.where(inScope(scope, 'c'));
  if (filter.conversationId !== undefined) q = q.where('r.conversation_id', '=', filter.conversationId);
  const rows = await q.orderBy('r.created_at').orderBy('r.id').execute();
  return rows.map((r) => ({
    id: r.id,
    conversationId: r.conversation_id,
    reviewer: r.reviewer,
    empathy: Number(r.empathy),
    customerFeeling: r.customer_feeling,
    responded: r.responded as Review['responded'],
    note: r.note,
    createdAt: r.created_at,
    engineEmpathy: r.engine_empathy === null ? null : Number(r.engine_empathy),
  }));
}
