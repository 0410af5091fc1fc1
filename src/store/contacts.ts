import { CompiledQuery, type Kysely } from 'kysely';
import type { ContactSummary } from '../core/journeys/index.ts';
import type { Dialect } from './migrations.ts';
import type { Database } from './tables.ts';

/** A journey summary as the store keeps it: opaque to routes, decoded by the pipeline's thread with `decodeContacts`. */
export type EncodedContact = string & { readonly __encoding: 'contact' };

export function encodeContact(contact: ContactSummary): EncodedContact {
  return JSON.stringify(contact) as EncodedContact;
}

export function decodeContacts(encoded: readonly EncodedContact[]): ContactSummary[] {
  return encoded.map((e) => JSON.parse(e) as ContactSummary);
}

const statements = new Map<string, string>();

/** One statement for n customers, each read by its own indexed, limited subquery; written once per dialect and n (as write-sql.ts does). */
function latestPerCustomer(dialect: Dialect, n: number): string {
  const key = `${dialect}:${n}`;
  let text = statements.get(key);
  if (text === undefined) {
    const at = (k: number) => (dialect === 'postgres' ? `$${k}` : '?');
    text = Array.from(
      { length: n },
      (_, i) =>
        `select * from (select "customer_id", "contact_json" from "conversations" where "customer_id" = ${at(2 * i + 1)}` +
        ` and "contact_json" is not null order by "sort_at" desc, "id" desc limit ${at(2 * i + 2)}) as "c${i}"`,
    ).join(' union all ');
    statements.set(key, text);
  }
  return text;
}

/** Each customer's latest journey summaries (at most `perCustomer`), newest first, still encoded. */
export async function recentContacts(
  db: Kysely<Database>,
  dialect: Dialect,
  customerIds: readonly string[],
  perCustomer = 8,
): Promise<Map<string, EncodedContact[]>> {
  const customers = [...new Set(customerIds)];
  const out = new Map<string, EncodedContact[]>(customers.map((c) => [c, []]));
  for (let i = 0; i < customers.length; i += 200) {
    const some = customers.slice(i, i + 200);
    const { rows } = await db.executeQuery<{ customer_id: string; contact_json: string }>(
      CompiledQuery.raw(
        latestPerCustomer(dialect, some.length),
        some.flatMap((c) => [c, perCustomer]),
      ),
    );
    for (const row of rows) out.get(row.customer_id)!.push(row.contact_json as EncodedContact);
  }
  return out;
}
