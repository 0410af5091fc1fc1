import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './tables.ts';

/** Keyed hashes with the database's own key (migration 004): stable, and not reversible without that key. */
export interface Tokens {
  /** The key itself, for analysis threads that pseudonymise before storing. */
  key: string;
  /** Stands for a customer where their id must not be kept (the audit log, tombstones). */
  customer(customerId: string): string;
  /** Stands for a conversation id in a tombstone. */
  conversation(conversationId: string): string;
}

const hmac = (key: string, text: string) => createHmac('sha256', key).update(text).digest('hex').slice(0, 24);

/** Reads the key once, on first use; it never changes. */
export function tokensOf(db: Kysely<Database>): () => Promise<Tokens> {
  let loaded: Promise<Tokens> | null = null;
  return () => {
    loaded ??= db
      .selectFrom('secrets')
      .select('value')
      .where('name', '=', 'audit-key')
      .executeTakeFirstOrThrow()
      .then(({ value: key }): Tokens => ({
        key,
        customer: (id) => `customer:${hmac(key, id)}`,
        conversation: (id) => `conversation:${hmac(key, `conversation\u0000${id}`)}`,
      }))
      .catch((error: unknown) => {
        loaded = null;
        throw error;
      });
    return loaded;
  };
}
