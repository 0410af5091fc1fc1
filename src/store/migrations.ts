import { randomBytes } from 'node:crypto';
import { Migrator, sql } from 'kysely';
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { handleTime } from '../core/scoring/handle-time.ts';
import type { Analysis, Conversation } from '../core/schema/index.ts';
import { textCueRows, voiceCueRows } from './flatten.ts';
import { rebuildRollup } from './rollup.ts';
import type { Database, LiveCuesTable } from './tables.ts';

export type Dialect = 'sqlite' | 'postgres';

/** The rollup's sums as migration 002 created them; later columns come with their own migrations. */
const ROLLUP_SUMS_002 = [
  'n',
  'skipped',
  'sum_empathy',
  'sum_compassion',
  'sum_overall',
  'sum_sentiment_shift',
  'sum_heard_not_helped',
  'sum_human_required',
  'sum_missed_moments',
  'sum_total_moments',
  'sum_repeat_contact',
  'sum_vulnerable',
  'sum_handle_time',
  'n_handle_time',
] as const;

/**
 * The schema, in order. Both backends run the same steps; the only differences are spelled
 * out here: PostgreSQL text gets the "C" collation so ids and ISO times sort byte-wise exactly
 * as SQLite sorts them, and the audit sequence uses each backend's native auto-increment.
 */
function migrations(dialect: Dialect): Record<string, Migration> {
  const text = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  const real = 'double precision' as const;
  return {
    '001_initial': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('conversations')
          .addColumn('id', text, (c) => c.primaryKey())
          .addColumn('customer_id', text)
          .addColumn('agent_id', text)
          .addColumn('team', text)
          .addColumn('channel', text, (c) => c.notNull())
          .addColumn('queue', text)
          .addColumn('started_at', text)
          .addColumn('sort_at', text, (c) => c.notNull())
          .addColumn('day', text)
          .addColumn('week', text)
          .addColumn('shift', text)
          .addColumn('handle_time_seconds', real)
          .addColumn('skipped', 'integer', (c) => c.notNull())
          .addColumn('tier', 'integer')
          .addColumn('empathy', real)
          .addColumn('compassion', real)
          .addColumn('overall', real)
          .addColumn('sentiment_shift', real)
          .addColumn('heard_not_helped', 'integer')
          .addColumn('human_required', 'integer')
          .addColumn('missed_moments', 'integer')
          .addColumn('total_moments', 'integer')
          .addColumn('repeat_contact', 'integer')
          .addColumn('vulnerable', 'integer')
          .addColumn('received_at', text, (c) => c.notNull())
          .addColumn('conversation_json', text)
          .addColumn('analysis_json', text, (c) => c.notNull())
          .execute();
        const index = (name: string, table: string, columns: string[]) =>
          db.schema.createIndex(name).on(table).columns(columns).execute();
        await index('conversations_sort', 'conversations', ['sort_at', 'id']);
        await index('conversations_agent', 'conversations', ['agent_id', 'sort_at']);
        await index('conversations_team', 'conversations', ['team', 'sort_at']);
        await index('conversations_customer', 'conversations', ['customer_id']);

        await db.schema
          .createTable('moments')
          .addColumn('conversation_id', text, (c) => c.notNull())
          .addColumn('turn', 'integer', (c) => c.notNull())
          .addColumn('outcome', text, (c) => c.notNull())
          .addColumn('triggers_json', text, (c) => c.notNull())
          .addColumn('customer_text', text, (c) => c.notNull())
          .addColumn('response_turn', 'integer')
          .addColumn('agent_text', text)
          .addColumn('evidence_json', text, (c) => c.notNull())
          .addColumn('agent_id', text)
          .addColumn('team', text)
          .addColumn('started_at', text)
          .addColumn('sort_at', text, (c) => c.notNull())
          .addPrimaryKeyConstraint('moments_pk', ['conversation_id', 'turn'])
          .execute();
        await index('moments_sort', 'moments', ['sort_at', 'conversation_id', 'turn']);
        await index('moments_outcome', 'moments', ['outcome', 'sort_at']);

        await db.schema
          .createTable('reviews')
          .addColumn('id', text, (c) => c.primaryKey())
          .addColumn('conversation_id', text, (c) => c.notNull())
          .addColumn('reviewer', text, (c) => c.notNull())
          .addColumn('empathy', 'integer', (c) => c.notNull())
          .addColumn('customer_feeling', text, (c) => c.notNull())
          .addColumn('responded', text, (c) => c.notNull())
          .addColumn('note', text, (c) => c.notNull())
          .addColumn('created_at', text, (c) => c.notNull())
          .execute();
        await index('reviews_conversation', 'reviews', ['conversation_id']);

        await db.schema
          .createTable('api_keys')
          .addColumn('id', text, (c) => c.primaryKey())
          .addColumn('name', text, (c) => c.notNull())
          .addColumn('role', text, (c) => c.notNull())
          .addColumn('teams_json', text, (c) => c.notNull())
          .addColumn('agent_id', text)
          .addColumn('secret_hash', text, (c) => c.notNull().unique())
          .addColumn('created_at', text, (c) => c.notNull())
          .addColumn('revoked_at', text)
          .execute();

        await db.schema
          .createTable('audit_log')
          .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => c.primaryKey())
          .addColumn('key_id', text)
          .addColumn('action', text, (c) => c.notNull())
          .addColumn('target', text, (c) => c.notNull())
          .addColumn('at', text, (c) => c.notNull())
          .execute();
        await index('audit_at', 'audit_log', ['at']);
      },
    },
    '002_metrics_rollup': {
      async up(db: Kysely<unknown>) {
        let table = db.schema
          .createTable('metrics_rollup')
          .addColumn('day_key', text, (c) => c.notNull())
          .addColumn('dim', text, (c) => c.notNull())
          .addColumn('value_key', text, (c) => c.notNull())
          .addColumn('team_key', text, (c) => c.notNull())
          .addColumn('day', text)
          .addColumn('week', text)
          .addColumn('value', text)
          .addColumn('team', text);
        // Counts are doubles too: exact to 2^53, and PostgreSQL then returns numbers, not bigint strings.
        for (const column of ROLLUP_SUMS_002) table = table.addColumn(column, real, (c) => c.notNull());
        // Keyed dimension-first, so one groupBy reads one contiguous, already grouped range.
        table = table.addPrimaryKeyConstraint('metrics_rollup_pk', ['dim', 'value_key', 'day_key', 'team_key']);
        await (dialect === 'sqlite' ? table.modifyEnd(sql`without rowid`) : table).execute();
        await db.schema.createIndex('metrics_rollup_dim_day').on('metrics_rollup').columns(['dim', 'day']).execute();
      },
    },
    // empathy became null where no moment called for it, so its mean needs its own count
    '003_rollup_empathy_count': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .alterTable('metrics_rollup')
          .addColumn('n_empathy', real, (c) => c.notNull().defaultTo(0))
          .execute();
        await rebuildRollup(db as Kysely<Database>);
      },
    },
    // a key of this database's own, for the keyed hashes that stand for a customer in the audit log
    '004_secrets': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('secrets')
          .addColumn('name', text, (c) => c.primaryKey())
          .addColumn('value', text, (c) => c.notNull())
          .execute();
        await (db as Kysely<Database>)
          .insertInto('secrets')
          .values({ name: 'audit-key', value: randomBytes(32).toString('hex') })
          .execute();
      },
    },
    // a reviewer rating again replaces their rating: the newest of any earlier duplicates is kept
    '005_one_review_per_reviewer': {
      async up(db: Kysely<unknown>) {
        await sql`delete from reviews where exists (
          select 1 from reviews newer
          where newer.conversation_id = reviews.conversation_id and newer.reviewer = reviews.reviewer
            and (newer.created_at > reviews.created_at or (newer.created_at = reviews.created_at and newer.id > reviews.id)))`.execute(
          db,
        );
        await db.schema.dropIndex('reviews_conversation').execute();
        await db.schema
          .createIndex('reviews_conversation_reviewer')
          .on('reviews')
          .columns(['conversation_id', 'reviewer'])
          .unique()
          .execute();
      },
    },
    // erasure leaves keyed hashes of the customer and their conversations, so the same data sent again is refused
    '006_erasure_tombstones': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('tombstones')
          .addColumn('token', text, (c) => c.primaryKey())
          .addColumn('customer_token', text, (c) => c.notNull())
          .addColumn('erased_at', text, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('tombstones_customer').on('tombstones').column('customer_token').execute();
        // customers erased before this release: the audit log kept their token (never their id)
        await sql`insert into tombstones (token, customer_token, erased_at)
          select target, target, max(at) from audit_log where action = 'erase-customer' and target like 'customer:%' group by target`.execute(
          db,
        );
      },
    },
    // handle time becomes talk or active time, with how it was measured or why there is none (no longer the first-to-last span)
    '007_handle_time_basis': {
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('conversations').addColumn('handle_time_basis', text).execute();
        await db.schema.alterTable('conversations').addColumn('handle_time_reason', text).execute();
        await remeasureHandleTimes(db as Kysely<Database>);
        await rebuildRollup(db as Kysely<Database>);
      },
    },
    // a fingerprint of each conversation as it came, so a different one under a stored id is refused, not stored over it;
    // and its journey summary, so a later contact of the customer can be linked to it without reading the whole analysis
    // (the index serves "latest first" in full, ties on time included, so the read stays short however many there are)
    '008_content_and_contact': {
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable('conversations').addColumn('content_sha256', text).execute();
        await db.schema.alterTable('conversations').addColumn('contact_json', text).execute();
        await db.schema
          .createIndex('conversations_customer_sort')
          .on('conversations')
          .columns(['customer_id', 'sort_at', 'id'])
          .execute();
      },
    },
    // each live cue's outcome, so the cue-adoption rate is counted by agent, team and kind without reading analyses;
    // conversations stored from live sessions before this release are read once for theirs
    '009_live_cue_outcomes': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('live_cues')
          .addColumn('conversation_id', text, (c) => c.notNull())
          .addColumn('cue_id', text, (c) => c.notNull())
          .addColumn('kind', text, (c) => c.notNull())
          .addColumn('outcome', text)
          .addPrimaryKeyConstraint('live_cues_pk', ['conversation_id', 'cue_id'])
          .execute();
        await backfillLiveCues(db as Kysely<Database>, '%"live":%', textCueRows);
      },
    },
    // a call's recording, for servers configured to keep them (ATTUNE_STORE_AUDIO); none is kept otherwise
    '010_call_recordings': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('recordings')
          .addColumn('conversation_id', text, (c) => c.primaryKey())
          .addColumn('media_type', text, (c) => c.notNull())
          .addColumn('bytes', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
          .addColumn('received_at', text, (c) => c.notNull())
          .execute();
      },
    },
    // settings an admin changes through the API (retention, disclosure text, phrase-list overlay), one row each
    '011_settings': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('settings')
          .addColumn('name', text, (c) => c.primaryKey())
          .addColumn('value_json', text, (c) => c.notNull())
          .addColumn('updated_at', text, (c) => c.notNull())
          .addColumn('updated_by', text)
          .execute();
      },
    },
    // voice cues' outcomes beside the text cues', so /v1/metrics counts their adoption too; read once from the
    // analyses of live calls stored before
    '012_live_voice_cue_outcomes': {
      async up(db: Kysely<unknown>) {
        await backfillLiveCues(db as Kysely<Database>, '%"voice":%', voiceCueRows);
      },
    },
    // PostgreSQL compresses a conversation's JSON (tens of KB) on every write: lz4 costs it about half the CPU of
    // the default pglz (measured by the scale bench: 650 → 370 µs of database CPU per stored conversation). Values
    // already stored keep pglz and read as before; a server built without lz4 keeps pglz.
    '013_lz4_json': {
      async up(db: Kysely<unknown>) {
        if (dialect !== 'postgres') return;
        const { rows } = await sql<{ lz4: boolean }>`
          select 'lz4' = any(enumvals) as lz4 from pg_settings where name = 'default_toast_compression'`.execute(db);
        if (!rows[0]?.lz4) return;
        for (const column of ['conversation_json', 'analysis_json', 'contact_json'])
          await sql`alter table conversations alter column ${sql.id(column)} set compression lz4`.execute(db);
      },
    },
  };
}

/**
 * The PostgreSQL schema to work in: the one asked for (created when missing), else the connection's
 * current schema. Kysely's migrator is told it explicitly: left to itself it finds its bookkeeping
 * tables in any schema (another Attune in `public`), then queries them on the search_path, where they are not.
 */
async function workingSchema(db: Kysely<unknown>, schema: string | undefined): Promise<string> {
  if (schema !== undefined) {
    // looked up first: CREATE SCHEMA IF NOT EXISTS still needs the right to create schemas
    const { rows } = await sql`select 1 from pg_namespace where nspname = ${schema}`.execute(db);
    if (rows.length === 0) await sql`create schema ${sql.id(schema)}`.execute(db);
    return schema;
  }
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const current = rows[0]?.schema;
  if (!current)
    throw new Error(
      'no schema to work in: the search_path names none that exists (create it, or give --schema / ATTUNE_DB_SCHEMA, which is created)',
    );
  return current;
}

/** Measures every stored conversation's handle time again, a page at a time; opted-out ones have no text and no figure. */
async function remeasureHandleTimes(db: Kysely<Database>): Promise<void> {
  await db
    .updateTable('conversations')
    .set({ handle_time_seconds: null, handle_time_reason: 'opted out: not analysed' })
    .where('conversation_json', 'is', null)
    .execute();
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('conversations')
      .select(['id', 'conversation_json'])
      .where('conversation_json', 'is not', null)
      .where('id', '>', after)
      .orderBy('id')
      .limit(500)
      .execute();
    for (const row of rows) {
      const handle = handleTime(JSON.parse(row.conversation_json!) as Conversation);
      await db
        .updateTable('conversations')
        .set({
          handle_time_seconds: handle.seconds,
          handle_time_basis: handle.basis,
          handle_time_reason: handle.reason,
        })
        .where('id', '=', row.id)
        .execute();
    }
    if (rows.length < 500) return;
    after = rows.at(-1)!.id;
  }
}

/** Reads the cue outcomes (`rowsOf`) of conversations stored from live sessions (`like`), a page at a time. */
async function backfillLiveCues(
  db: Kysely<Database>,
  like: string,
  rowsOf: (id: string, analysis: Analysis) => LiveCuesTable[],
): Promise<void> {
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('conversations')
      .select(['id', 'analysis_json'])
      .where('analysis_json', 'like', like)
      .where('id', '>', after)
      .orderBy('id')
      .limit(500)
      .execute();
    const cues = rows.flatMap((row) => rowsOf(row.id, JSON.parse(row.analysis_json) as Analysis));
    for (let i = 0; i < cues.length; i += 500)
      await db
        .insertInto('live_cues')
        .values(cues.slice(i, i + 500))
        .execute();
    if (rows.length < 500) return;
    after = rows.at(-1)!.id;
  }
}

/** Brings the schema up to date; throws with the failing migration's error. */
export async function migrateToLatest(
  db: Kysely<unknown>,
  dialect: Dialect,
  schema?: string,
  upTo?: string,
): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) };
  const migrationTableSchema = dialect === 'postgres' ? await workingSchema(db, schema) : undefined;
  const migrator = new Migrator({ db, provider, ...(migrationTableSchema ? { migrationTableSchema } : {}) });
  const { error } = await (upTo === undefined ? migrator.migrateToLatest() : migrator.migrateTo(upTo));
  if (error) throw error instanceof Error ? error : new Error(String(error));
}
