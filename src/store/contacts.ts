import type { Kysely } from 'kysely';
import type { ContactSummary } from '../core/journeys/index.ts';
import type { Database } from './tables.ts';

/**
 * Each customer's latest journey summaries, newest first: one indexed read of at most `perCustomer` rows
 * per customer, however long their history.
 */
export async function recentContacts(db: Kysely<Database>, customerIds: readonly string[], perCustomer = 20): Promise<Map<string, ContactSummary[]>> {
  const out = new Map<string, ContactSummary[]>();
  for (const customerId of new Set(customerIds)) {
    const rows = await db.selectFrom('conversations').select('contact_json')
      .where('customer_id', '=', customerId).where('contact_json', 'is not', null)
      .orderBy('sort_at', 'desc').orderBy('id', 'desc').limit(perCustomer).execute();
    out.set(customerId, rows.map((r) => JSON.parse(r.contact_json!) as ContactSummary));
  }
  return out;
}
