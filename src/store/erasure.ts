import { sql } from 'kysely';
import type { Expression, Kysely, SqlBool, ExpressionBuilder } from 'kysely';
import type { Dialect } from './migrations.ts';
import { hmacHex } from './hash-key.ts';
import { eraseLiveSessions } from './live-sessions.ts';
import { applyToRollup, ROLLUP_SOURCE, serializeWrites } from './rollup.ts';
import { utc } from './scope.ts';
import type { EraseResult } from '../api/index.ts';
import { storedCustomerId } from '../core/privacy/pseudonym.ts';
import type { Database } from './tables.ts';
import type { Tokens } from './tokens.ts';

type Which = (eb: ExpressionBuilder<Database, 'conversations'>) => Expression<SqlBool>;

/** Deletes the conversations matching `which` with their moments, live cues, recordings and reviews, in one transaction; `before` runs first, in it. */
async function eraseWhere(
  db: Kysely<Database>,
  dialect: Dialect,
  which: Which,
  before?: (tx: Kysely<Database>) => Promise<void>,
): Promise<EraseResult> {
  return db.transaction().execute(async (tx) => {
    await serializeWrites(tx, dialect);
    await before?.(tx);
    const gone = await tx.selectFrom('conversations').select(ROLLUP_SOURCE).where(which).execute();
    await applyToRollup(
      tx,
      dialect,
      gone.map((row) => ({ row, sign: -1 })),
    );
    const ids = tx.selectFrom('conversations').select('id').where(which);
    const moments = await tx.deleteFrom('moments').where('conversation_id', 'in', ids).executeTakeFirst();
    await tx.deleteFrom('live_cues').where('conversation_id', 'in', ids).execute();
    await tx.deleteFrom('recordings').where('conversation_id', 'in', ids).execute();
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
 * Erases a customer, their open live sessions' journal included (PostgreSQL), then clears what the database keeps
 * of the deleted rows: SQLite (run with secure_delete) checkpoints and truncates its write-ahead log; PostgreSQL
 * vacuums the tables so the dead rows' space is reclaimed (backups are the operator's to expire, see docs/privacy.md).
 */
export async function eraseCustomer(
  db: Kysely<Database>,
  dialect: Dialect,
  tokens: Tokens,
  customerId: string,
): Promise<EraseResult> {
  // the id as sent, and as stored when it is personal data itself (a keyed pseudonym, see docs/privacy.md)
  const ids = [...new Set([customerId, storedCustomerId(customerId, hmacHex(tokens.key))])];
  const which: Which = (eb) => eb('customer_id', 'in', ids);
  let live = 0;
  const erased = await eraseWhere(db, dialect, which, async (tx) => {
    await leaveTombstones(tx, tokens, customerId, ids, which);
    if (dialect === 'postgres') live = await eraseLiveSessions(tx as Kysely<unknown>, ids);
  });
  if (erased.conversations === 0 && live === 0) return erased;
  if (dialect === 'sqlite') await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
  else {
    const tables = ['conversations', 'moments', 'live_cues', 'recordings', 'reviews', 'metrics_rollup'];
    if (live) tables.push('attune_live_sessions', 'attune_live_steps');
    for (const table of tables) await sql`vacuum ${sql.table(table)}`.execute(db);
  }
  return erased;
}

/**
 * Marks the customer (by the id as sent and as stored, which differ when the id is personal data and stored as its
 * pseudonym), and each conversation about to be erased, as erased, so the same data sent again is refused
 * (`saveAnalysed`) until an admin lifts it. Only keyed hashes are kept, never the ids.
 */
async function leaveTombstones(
  tx: Kysely<Database>,
  tokens: Tokens,
  customerId: string,
  customerIds: readonly string[],
  which: Which,
): Promise<void> {
  const customer = tokens.customer(customerId);
  const erasedAt = new Date().toISOString();
  const conversations = await tx.selectFrom('conversations').select('id').where(which).execute();
  const tokensOf = [
    ...customerIds.map((id) => tokens.customer(id)),
    ...conversations.map((r) => tokens.conversation(r.id)),
  ];
  const rows = tokensOf.map((token) => ({
    token,
    customer_token: customer,
    erased_at: erasedAt,
  }));
  for (let i = 0; i < rows.length; i += 500) {
    await tx
      .insertInto('tombstones')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) => oc.column('token').doUpdateSet({ customer_token: customer, erased_at: erasedAt }))
      .execute();
  }
}

/** When the customer (by the id as sent or as stored) was erased, while that erasure is in force; null otherwise. */
export async function erasedAt(db: Kysely<Database>, tokens: Tokens, customerId: string): Promise<string | null> {
  const ids = [...new Set([customerId, storedCustomerId(customerId, hmacHex(tokens.key))])];
  const row = await db
    .selectFrom('tombstones')
    .select('erased_at')
    .where(
      'token',
      'in',
      ids.map((id) => tokens.customer(id)),
    )
    .executeTakeFirst();
  return row?.erased_at ?? null;
}

/** Lifts a customer's erasure: their conversations are accepted again. False when none was in force. */
export async function liftErasure(db: Kysely<Database>, tokens: Tokens, customerId: string): Promise<boolean> {
  const lifted = await db
    .deleteFrom('tombstones')
    .where('customer_token', '=', tokens.customer(customerId))
    .executeTakeFirst();
  return Number(lifted.numDeletedRows) > 0;
}

/**
 * Conversations older than `before` by their start time; those without one, or whose start time lies
 * beyond `futureAfter` (a bad clock or a forged date), age from when they were received instead.
 */
export function purgeOlderThan(
  db: Kysely<Database>,
  dialect: Dialect,
  before: string,
  futureAfter?: string,
): Promise<EraseResult> {
  const cutoff = utc(before);
  const future = futureAfter === undefined ? null : utc(futureAfter);
  return eraseWhere(db, dialect, (eb) => {
    const dated = eb.and([eb('sort_at', '<>', ''), eb('sort_at', '<', cutoff)]);
    const undated =
      future === null ? eb('sort_at', '=', '') : eb.or([eb('sort_at', '=', ''), eb('sort_at', '>', future)]);
    return eb.or([dated, eb.and([undated, eb('received_at', '<', cutoff)])]);
  });
}
