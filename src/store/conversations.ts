import type { Kysely, Selectable } from 'kysely';
import { Analysis, Conversation, Tier } from '../core/schema/index.ts';
import { BadCursorError, decodeCursor, encodeCursor } from './cursor.ts';
import { finish, flatten } from './flatten.ts';
import { boundary } from './local-time.ts';
import type { Flattened } from './flatten.ts';
import type { Dialect } from './migrations.ts';
import { applyToRollup, ROLLUP_SOURCE, serializeWrites } from './rollup.ts';
import type { RollupSource } from './rollup.ts';
import { inScope, utc } from './scope.ts';
import { ConversationFilter, HandleTimeBasis, Page } from '../api/index.ts';
import type { ConversationRow, PageOf } from '../api/index.ts';
import type { ShiftConfig } from './options.ts';
import type { Scope } from './scope.ts';
import type { AnalysedItem, Refusal, SaveResult, StoredConversation } from './store.ts';
import type { ConversationsTable, Database, LiveCuesTable, MomentsTable } from './tables.ts';
import type { Tokens } from './tokens.ts';
import { cells, insertStatement, run, upsertStatement, whereInStatement } from './write-sql.ts';

const bool = (v: number | null) => (v === null ? null : v === 1);
const num = (v: number | string | null) => (v === null ? null : Number(v));

type RowColumns = Omit<
  Selectable<ConversationsTable>,
  'conversation_json' | 'analysis_json' | 'sort_at' | 'content_sha256' | 'contact_json'
>;

export function toRow(r: RowColumns): ConversationRow {
  return {
    id: r.id,
    customerId: r.customer_id,
    agentId: r.agent_id,
    team: r.team,
    channel: r.channel as ConversationRow['channel'],
    queue: r.queue,
    startedAt: r.started_at,
    day: r.day,
    week: r.week,
    shift: r.shift,
    handleTimeSeconds: num(r.handle_time_seconds),
    handleTimeBasis: HandleTimeBasis.nullable().parse(r.handle_time_basis),
    handleTimeReason: r.handle_time_reason ?? '',
    skipped: r.skipped === 1,
    tier: r.tier === null ? null : Tier.parse(Number(r.tier)),
    empathy: num(r.empathy),
    compassion: num(r.compassion),
    overall: num(r.overall),
    sentimentShift: num(r.sentiment_shift),
    heardNotHelped: bool(r.heard_not_helped),
    humanRequired: bool(r.human_required),
    missedMoments: num(r.missed_moments),
    totalMoments: num(r.total_moments),
    repeatContact: bool(r.repeat_contact),
    vulnerable: bool(r.vulnerable),
    receivedAt: r.received_at,
  };
}

/** Slices small enough for either backend's limit on bound parameters. */
function chunks<T>(xs: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/** The columns of a conversation's row that describe it, beside its id: what lists and metrics read. */
const DESCRIBING = [
  'customer_id',
  'agent_id',
  'team',
  'channel',
  'queue',
  'started_at',
  'sort_at',
  'day',
  'week',
  'shift',
  'handle_time_seconds',
  'handle_time_basis',
  'handle_time_reason',
  'skipped',
  'tier',
  'empathy',
  'compassion',
  'overall',
  'sentiment_shift',
  'heard_not_helped',
  'human_required',
  'missed_moments',
  'total_moments',
  'repeat_contact',
  'vulnerable',
  'received_at',
] as const;

/** The columns a re-sent conversation replaces: all but its id. */
const UPDATED = [
  ...DESCRIBING,
  'conversation_json',
  'analysis_json',
  'content_sha256',
  'contact_json',
] as const satisfies readonly Exclude<keyof ConversationsTable, 'id'>[];
const CONVERSATION_COLUMNS = ['id', ...UPDATED] as const;

const MOMENT_COLUMNS = [
  'conversation_id',
  'turn',
  'outcome',
  'triggers_json',
  'customer_text',
  'response_turn',
  'agent_text',
  'evidence_json',
  'agent_id',
  'team',
  'started_at',
  'sort_at',
] as const satisfies readonly (keyof MomentsTable)[];

const CUE_COLUMNS = [
  'conversation_id',
  'cue_id',
  'kind',
  'outcome',
] as const satisfies readonly (keyof LiveCuesTable)[];

const upsertConversations = upsertStatement('conversations', CONVERSATION_COLUMNS, ['id'], UPDATED, 'replace');
const selectPrevious = whereInStatement('select', 'conversations', 'id', ['id', 'content_sha256', ...ROLLUP_SOURCE]);
const deleteMoments = whereInStatement('delete', 'moments', 'conversation_id');
const insertMoments = insertStatement('moments', MOMENT_COLUMNS);
const deleteCues = whereInStatement('delete', 'live_cues', 'conversation_id');
const insertCues = insertStatement('live_cues', CUE_COLUMNS);

/** The rows of an erased customer or conversation, each with the reason it is refused; the rest to store. */
async function withoutErased(
  tx: Kysely<Database>,
  tokens: Tokens,
  all: Flattened[],
): Promise<{ flat: Flattened[]; refused: Refusal[] }> {
  const tokensOf = (f: Flattened) => [
    tokens.conversation(f.row.id),
    ...(f.row.customer_id ? [tokens.customer(f.row.customer_id)] : []),
  ];
  const erasedAt = new Map<string, string>();
  for (const some of chunks(all.flatMap(tokensOf), 500)) {
    for (const r of await tx
      .selectFrom('tombstones')
      .select(['token', 'erased_at'])
      .where('token', 'in', some)
      .execute())
      erasedAt.set(r.token, r.erased_at);
  }
  if (erasedAt.size === 0) return { flat: all, refused: [] };
  const flat: Flattened[] = [];
  const refused: Refusal[] = [];
  for (const f of all) {
    const [conversation, customer] = tokensOf(f);
    const at = (customer && erasedAt.get(customer)) ?? erasedAt.get(conversation!);
    if (at === undefined) flat.push(f);
    else {
      const byCustomer = customer !== undefined && erasedAt.has(customer);
      refused.push({
        id: f.row.id,
        field: byCustomer ? 'customer.id' : 'id',
        code: 'erased',
        reason: `${byCustomer ? 'its customer was' : 'it was'} erased on request at ${at}; it is refused until an admin lifts the erasure`,
      });
    }
  }
  return { flat, refused };
}

type Previous = RollupSource & { id: string; content_sha256: string | null };

/**
 * Upserts conversations and replaces their moments and live cues, all in one transaction. A conversation re-sent unchanged
 * (same fingerprint) updates its row; erased ones, a different one under a stored id, or a second one under an
 * id earlier in the batch are refused and named in `refused`, never stored over the first.
 */
export async function saveAnalysed(
  db: Kysely<Database>,
  dialect: Dialect,
  shifts: ShiftConfig,
  tokens: Tokens,
  items: readonly AnalysedItem[],
): Promise<SaveResult> {
  if (items.length === 0) return { saved: 0, refused: [] };
  const receivedAt = new Date().toISOString();
  // A second copy of an id in a batch is stored once when it is the same conversation, refused when it is another.
  const twice: Refusal[] = [];
  const byId = new Map<string, Flattened>();
  for (const item of items) {
    const f =
      'prepared' in item
        ? finish(item.prepared, shifts, receivedAt)
        : flatten(item.conversation, item.analysis, shifts, receivedAt);
    const first = byId.get(f.row.id);
    if (!first) byId.set(f.row.id, f);
    else if (first.row.content_sha256 !== f.row.content_sha256)
      twice.push({
        id: f.row.id,
        field: 'id',
        code: 'conflict',
        reason: `a different conversation with id "${f.row.id}" came earlier in the same batch`,
      });
  }
  return db.transaction().execute(async (tx) => {
    await serializeWrites(tx, dialect);
    const kept = await withoutErased(tx, tokens, [...byId.values()]);
    const refused = [...twice, ...kept.refused];
    if (kept.flat.length === 0) return { saved: 0, refused };
    // Multi-row statements (in slices within both backends' limits on bound parameters): on SQLite, preparing a statement costs more than running it.
    const stored: Previous[] = [];
    for (const some of chunks(
      kept.flat.map((f) => f.row.id),
      500,
    ))
      stored.push(...(await run<Previous>(tx, selectPrevious(dialect, some.length), some)));
    // rows stored before fingerprints were kept (null) are updated as before
    const conflicting = new Set(
      stored
        .filter((p) => p.content_sha256 !== null && p.content_sha256 !== byId.get(p.id)!.row.content_sha256)
        .map((p) => p.id),
    );
    for (const id of conflicting)
      refused.push({
        id,
        field: 'id',
        code: 'conflict',
        reason: `a different conversation is already stored under id "${id}": send it under another id, or erase the stored one first`,
      });
    const flat = kept.flat.filter((f) => !conflicting.has(f.row.id));
    const previous: RollupSource[] = stored.filter((p) => !conflicting.has(p.id));
    const ids = flat.map((f) => f.row.id);
    for (const rows of chunks(
      flat.map((f) => f.row),
      500,
    )) {
      await run(tx, upsertConversations(dialect, rows.length), cells(rows, CONVERSATION_COLUMNS));
    }
    for (const some of chunks(ids, 500)) await run(tx, deleteMoments(dialect, some.length), some);
    for (const moments of chunks(
      flat.flatMap((f) => f.moments),
      1000,
    )) {
      await run(tx, insertMoments(dialect, moments.length), cells(moments, MOMENT_COLUMNS));
    }
    for (const some of chunks(ids, 500)) await run(tx, deleteCues(dialect, some.length), some);
    for (const cues of chunks(
      flat.flatMap((f) => f.cues),
      1000,
    ))
      await run(tx, insertCues(dialect, cues.length), cells(cues, CUE_COLUMNS));
    await applyToRollup(tx, dialect, [
      ...previous.map((row) => ({ row, sign: -1 as const })),
      // A full row has every rollup column.
      ...flat.map(({ row }) => ({ row: row as RollupSource, sign: 1 as const })),
    ]);
    return { saved: flat.length, refused };
  });
}

export async function getConversation(
  db: Kysely<Database>,
  scope: Scope,
  id: string,
): Promise<StoredConversation | null> {
  const r = await db
    .selectFrom('conversations')
    .selectAll()
    .where('id', '=', id)
    .where(inScope(scope, 'conversations'))
    .executeTakeFirst();
  if (!r) return null;
  const { conversation_json, analysis_json, sort_at: _s, content_sha256: _h, contact_json: _c, ...rest } = r;
  return {
    row: toRow(rest),
    conversation: conversation_json === null ? null : Conversation.parse(JSON.parse(conversation_json)),
    analysis: Analysis.parse(JSON.parse(analysis_json)),
  };
}

const ROW_COLUMNS = ['id', ...DESCRIBING] as const;

const flagValue = (b: boolean | undefined) => (b === undefined ? undefined : b ? 1 : 0);

export async function listConversations(
  db: Kysely<Database>,
  timezone: string,
  scope: Scope,
  filterInput: ConversationFilter,
  pageInput: Page,
): Promise<PageOf<ConversationRow>> {
  const f = ConversationFilter.parse(filterInput);
  const page = Page.parse(pageInput);
  const after = page.cursor === undefined ? null : decodeCursor(page.cursor, 2);
  if (page.cursor !== undefined && after === null) throw new BadCursorError();
  const score = { empathy: 'empathy', compassion: 'compassion', overall: 'overall' } as const;
  const flags = {
    heard_not_helped: flagValue(f.heardNotHelped),
    human_required: flagValue(f.humanRequired),
    vulnerable: flagValue(f.vulnerable),
    skipped: flagValue(f.skipped),
  } as const;

  let q = db.selectFrom('conversations').select(ROW_COLUMNS).where(inScope(scope, 'conversations'));
  if (f.agent !== undefined) q = q.where('agent_id', '=', f.agent);
  if (f.team !== undefined) q = q.where('team', '=', f.team);
  if (f.channel !== undefined) q = q.where('channel', '=', f.channel);
  if (f.queue !== undefined) q = q.where('queue', '=', f.queue);
  if (f.customer !== undefined)
    q = q.where('customer_id', 'in', [f.customer, ...(f.customerAlias !== undefined ? [f.customerAlias] : [])]);
  if (f.tier !== undefined) q = q.where('tier', '=', f.tier);
  for (const [column, value] of Object.entries(flags) as [keyof typeof flags, number | undefined][]) {
    if (value !== undefined) q = q.where(column, '=', value);
  }
  if (f.scoreMin !== undefined) q = q.where(score[f.scoreField], '>=', f.scoreMin);
  if (f.scoreMax !== undefined) q = q.where(score[f.scoreField], '<=', f.scoreMax);
  if (f.from !== undefined) q = q.where('started_at', '>=', boundary(f.from, timezone, 'from'));
  if (f.to !== undefined) q = q.where('started_at', '<', boundary(f.to, timezone, 'to'));
  if (after) {
    const [sortAt, id] = after.map(String) as [string, string];
    q = q.where((eb) => eb.or([eb('sort_at', '<', sortAt), eb.and([eb('sort_at', '=', sortAt), eb('id', '<', id)])]));
  }
  const rows = await q
    .orderBy('sort_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit + 1)
    .execute();
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return {
    items: items.map(({ sort_at: _s, ...r }) => toRow(r)),
    nextCursor: rows.length > page.limit && last ? encodeCursor([last.sort_at, last.id]) : null,
  };
}

/**
 * Every stored conversation in scope (opted-out ones have no text and are passed over), oldest
 * first, optionally within [from, to), handed to `each` a page at a time so a whole centre's
 * history streams through in bounded memory.
 */
export async function eachConversation(
  db: Kysely<Database>,
  scope: Scope,
  range: { from?: string; to?: string },
  each: (conversation: Conversation) => void,
  pageSize = 500,
): Promise<number> {
  let after: [string, string] | null = null;
  let seen = 0;
  for (;;) {
    let q = db
      .selectFrom('conversations')
      .select(['id', 'sort_at', 'conversation_json'])
      .where(inScope(scope, 'conversations'))
      .where('conversation_json', 'is not', null);
    if (range.from !== undefined) q = q.where('started_at', '>=', utc(range.from));
    if (range.to !== undefined) q = q.where('started_at', '<', utc(range.to));
    if (after) {
      const [sortAt, id] = after;
      q = q.where((eb) => eb.or([eb('sort_at', '>', sortAt), eb.and([eb('sort_at', '=', sortAt), eb('id', '>', id)])]));
    }
    const rows = await q.orderBy('sort_at', 'asc').orderBy('id', 'asc').limit(pageSize).execute();
    for (const r of rows) {
      each(Conversation.parse(JSON.parse(r.conversation_json!)));
      seen++;
    }
    if (rows.length < pageSize) return seen;
    const last = rows.at(-1)!;
    after = [last.sort_at, last.id];
  }
}
