import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import type { Expression, Kysely, SqlBool, ExpressionBuilder } from 'kysely';
import type { Dialect } from './migrations.ts';
import { applyToRollup, ROLLUP_SOURCE, serializeWrites } from './rollup.ts';
import { utc } from './scope.ts';
import type { EraseResult } from '../api/index.ts';
import type { Database } from './tables.ts';

type Which = (eb: ExpressionBuilder<Database, 'conversations'>) => Expression<SqlBool>;

/** Deletes the conversations matching `which` with their moments and reviews, in one transaction. */
async function eraseWhere(db: Kysely<Database>, dialect: Dialect, which: Which): Promise<EraseResult> {
  return db.transaction().execute(async (tx) => {
    await serializeWrites(tx, dialect);
    const gone = await tx.selectFrom('conversations').select(ROLLUP_SOURCE).where(which).execute();
    await applyToRollup(tx, dialect, gone.map((row) => ({ row, sign: -1 })));
    const ids = tx.selectFrom('conversations').select('id').where(which);
    const moments = await tx.deleteFrom('moments').where('conversation_id', 'in', ids).executeTakeFirst();
    const reviews = await tx.deleteFrom('reviews').where('conversation_id', 'in', ids).executeTakeFirst();
    const conversations = await tx.deleteFrom('conversations').where(which).executeTakeFirst();
    return {
      conversations: Number(conversations.numDeletedRows),
      moments: Number(moments.numDeletedRows),
      reviews: Number(reviews.numDeletedRows),
    };
  });
}

/**
 * Erases a customer, then clears what the database keeps of the deleted rows: SQLite (run with
 * secure_delete) checkpoints and truncates its write-ahead log; PostgreSQL vacuums the tables so the dead
 * rows' space is reclaimed (backups are the operator's to expire, see docs/privacy.md).
 */
export async function eraseCustomer(db: Kysely<Database>, dialect: Dialect, customerId: string): Promise<EraseResult> {
  const erased = await eraseWhere(db, dialect, (eb) => eb('customer_id', '=', customerId));
  if (erased.conversations === 0) return erased;
  if (dialect === 'sqlite') await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
  else for (const table of ['conversations', 'moments', 'reviews', 'metrics_rollup']) await sql`vacuum ${sql.table(table)}`.execute(db);
  return erased;
}

/** A keyed hash that stands for a customer where their id must not be written (the audit log): stable, not reversible without the database's key. */
export async function customerToken(db: Kysely<Database>, customerId: string): Promise<string> {
  const row = await db.selectFrom('secrets').select('value').where('name', '=', 'audit-key').executeTakeFirstOrThrow();
  return `customer:${createHmac('sha256', row.value).update(customerId).digest('hex').slice(0, 24)}`;
}

/**
 * Conversations older than `before` by their start time; those without one, or whose start time lies
 * beyond `futureAfter` (a bad clock or a forged date), age from when they were received instead.
 */
export function purgeOlderThan(db: Kysely<Database>, dialect: Dialect, before: string, futureAfter?: string): Promise<EraseResult> {
  const cutoff = utc(before);
  const future = futureAfter === undefined ? null : utc(futureAfter);
  return eraseWhere(db, dialect, (eb) => {
    const dated = eb.and([eb('sort_at', '<>', ''), eb('sort_at', '<', cutoff)]);
    const undated = future === null ? eb('sort_at', '=', '') : eb.or([eb('sort_at', '=', ''), eb('sort_at', '>', future)]);
    return eb.or([dated, eb.and([undated, eb('received_at', '<', cutoff)])]);
  });
}
