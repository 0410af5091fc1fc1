import type { Kysely } from 'kysely';
import { BadCursorError, decodeCursor, encodeCursor } from './cursor.ts';
import { utc } from './scope.ts';
import { AuditInput, Page } from '../api/index.ts';
import type { AuditEntry, AuditFilter, PageOf } from '../api/index.ts';
import type { Database } from './tables.ts';

export async function recordAudit(db: Kysely<Database>, input: AuditInput): Promise<void> {
  const e = AuditInput.parse(input);
  await db
    .insertInto('audit_log')
    .values({ key_id: e.keyId, action: e.action, target: e.target, at: utc(e.at ?? new Date().toISOString()) })
    .execute();
}

/** Newest first by insertion order. */
export async function listAudit(
  db: Kysely<Database>,
  filter: AuditFilter,
  pageInput: Page,
): Promise<PageOf<AuditEntry>> {
  const page = Page.parse(pageInput);
  const after = page.cursor === undefined ? null : decodeCursor(page.cursor, 1);
  if (page.cursor !== undefined && after === null) throw new BadCursorError();
  let q = db.selectFrom('audit_log').selectAll();
  if (filter.keyId !== undefined) q = q.where('key_id', '=', filter.keyId);
  if (filter.action !== undefined) q = q.where('action', '=', filter.action);
  if (filter.target !== undefined) q = q.where('target', '=', filter.target);
  if (filter.from !== undefined) q = q.where('at', '>=', utc(filter.from));
  if (filter.to !== undefined) q = q.where('at', '<', utc(filter.to));
  if (after) q = q.where('seq', '<', Number(after[0]));
  const rows = await q
    .orderBy('seq', 'desc')
    .limit(page.limit + 1)
    .execute();
  const items = rows.slice(0, page.limit).map((r): AuditEntry => ({
    seq: Number(r.seq),
    keyId: r.key_id,
    action: r.action,
    target: r.target,
    at: r.at,
  }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > page.limit && last ? encodeCursor([last.seq]) : null };
}
