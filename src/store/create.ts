import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { addReview, listReviews } from './reviews.ts';
import { eachConversation, getConversation, listConversations, saveAnalysed } from './conversations.ts';
import { recentContacts } from './contacts.ts';
import { getRecording, saveRecording } from './recordings.ts';
import { createKey, findKey, listKeys, revokeKey } from './keys.ts';
import { erasedAt, eraseCustomer, liftErasure, purgeOlderThan } from './erasure.ts';
import { hmacHex } from './hash-key.ts';
import { storedCustomerId } from '../core/privacy/pseudonym.ts';
import { listAudit, recordAudit } from './audit.ts';
import { listMoments } from './moments.ts';
import { readSettings, saveSettings } from './settings.ts';
import { metrics } from './metrics.ts';
import { migrateToLatest } from './migrations.ts';
import type { Dialect } from './migrations.ts';
import { StoreOptions } from './options.ts';
import type { Store } from './store.ts';
import type { Database } from './tables.ts';
import { tokensOf } from './tokens.ts';

/** The store over an open Kysely instance; `sqlite.ts` and `postgres.ts` build the instance. `schema`: PostgreSQL's, created when missing. */
export function createStore(
  db: Kysely<Database>,
  dialect: Dialect,
  options: StoreOptions = {},
  schema?: string,
): Store {
  const { shifts } = StoreOptions.parse(options);
  const tokens = tokensOf(db);
  return {
    migrate: () => migrateToLatest(db as Kysely<unknown>, dialect, schema),
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
    saveAnalysed: async (items) => saveAnalysed(db, dialect, shifts, await tokens(), items),
    recentContacts: async (customerIds, perCustomer = 8) => {
      // a customer whose id is personal data is stored under its keyed pseudonym; older rows under the id itself
      const hash = hmacHex((await tokens()).key);
      const alias = new Map(customerIds.map((id) => [id, storedCustomerId(id, hash)]));
      const found = await recentContacts(db, dialect, [...new Set([...customerIds, ...alias.values()])], perCustomer);
      return new Map(
        customerIds.map((id) => {
          const stored = alias.get(id)!;
          return [
            id,
            stored === id ? found.get(id)! : [...found.get(stored)!, ...found.get(id)!].slice(0, perCustomer),
          ];
        }),
      );
    },
    saveRecording: (recording) => saveRecording(db, recording),
    getRecording: (scope, id) => getRecording(db, scope, id),
    getConversation: (scope, id) => getConversation(db, scope, id),
    listConversations: async (scope, filter, page) => {
      // a customer whose id is personal data is stored under its keyed pseudonym; older rows under the id itself
      const alias =
        filter.customer === undefined ? undefined : storedCustomerId(filter.customer, hmacHex((await tokens()).key));
      return listConversations(
        db,
        shifts.timezone,
        scope,
        alias === undefined || alias === filter.customer ? filter : { ...filter, customerAlias: alias },
        page,
      );
    },
    eachConversation: (scope, range, each) => eachConversation(db, scope, range, each),
    metrics: (scope, query) => metrics(db, shifts, scope, query),
    listMoments: (scope, filter, page) => listMoments(db, shifts.timezone, scope, filter, page),
    addReview: (input) => addReview(db, input),
    listReviews: (scope, filter) => listReviews(db, scope, filter),
    createKey: (input) => createKey(db, input),
    findKey: (secret) => findKey(db, secret),
    listKeys: () => listKeys(db),
    revokeKey: (id) => revokeKey(db, id),
    readSettings: () => readSettings(db),
    saveSettings: (input, by) => saveSettings(db, input, by),
    recordAudit: (entry) => recordAudit(db, entry),
    listAudit: (filter, page) => listAudit(db, filter, page),
    eraseCustomer: async (customerId) => eraseCustomer(db, dialect, await tokens(), customerId),
    liftErasure: async (customerId) => liftErasure(db, await tokens(), customerId),
    erasedAt: async (customerId) => erasedAt(db, await tokens(), customerId),
    customerToken: async (customerId) => (await tokens()).customer(customerId),
    hashKey: async () => (await tokens()).key,
    purgeOlderThan: (before, futureAfter) => purgeOlderThan(db, dialect, before, futureAfter),
  };
}
