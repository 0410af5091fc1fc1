import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import type { Dialect } from './migrations.ts';
import type { Database, MetricsRollupTable } from './tables.ts';
import { cells, run, upsertStatement } from './write-sql.ts';

/** Dimensions with their own rollup rows; `day` and `week` are read from the `channel` rows (never null). */
export const ROLLUP_DIMS = {
  agent: 'agent_id',
  team: 'team',
  channel: 'channel',
  queue: 'queue',
  shift: 'shift',
} as const;
export type RollupDim = keyof typeof ROLLUP_DIMS;

/** The flattened columns a conversation contributes to the rollup. */
export const ROLLUP_SOURCE = [
  'day',
  'week',
  'agent_id',
  'team',
  'channel',
  'queue',
  'shift',
  'skipped',
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
  'handle_time_seconds',
] as const;
export type RollupSource = { [K in (typeof ROLLUP_SOURCE)[number]]: Database['conversations'][K] };

type Sums = Omit<MetricsRollupTable, 'day_key' | 'dim' | 'value_key' | 'team_key' | 'day' | 'week' | 'value' | 'team'>;
export const SUM_COLUMNS = [
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
  'n_empathy',
] as const satisfies readonly (keyof Sums)[];

const nullable = (value: string | null) => (value === null ? 'n' : `v:${value}`);

/** The rollup row of one key holding one conversation's contribution, added (`sign` 1) or removed (-1). */
function contribution(r: RollupSource, sign: 1 | -1, dim: string, value: string | null): MetricsRollupTable {
  const v = (x: number | string | null) => sign * Number(x ?? 0);
  return {
    day_key: r.day ?? '',
    dim,
    value_key: nullable(value),
    team_key: nullable(r.team),
    day: r.day,
    week: r.week,
    value,
    team: r.team,
    n: sign,
    skipped: v(r.skipped),
    sum_empathy: v(r.empathy),
    sum_compassion: v(r.compassion),
    sum_overall: v(r.overall),
    sum_sentiment_shift: v(r.sentiment_shift),
    sum_heard_not_helped: v(r.heard_not_helped),
    sum_human_required: v(r.human_required),
    sum_missed_moments: v(r.missed_moments),
    sum_total_moments: v(r.total_moments),
    sum_repeat_contact: v(r.repeat_contact),
    sum_vulnerable: v(r.vulnerable),
    sum_handle_time: v(r.handle_time_seconds),
    n_handle_time: r.handle_time_seconds === null ? 0 : sign,
    // empathy is null where no moment called for it: its mean is over the conversations that have one
    n_empathy: r.empathy === null ? 0 : sign,
  };
}

const DIM_COLUMNS = Object.entries(ROLLUP_DIMS);
const ROLLUP_COLUMNS = [
  'day_key',
  'dim',
  'value_key',
  'team_key',
  'day',
  'week',
  'value',
  'team',
  ...SUM_COLUMNS,
] as const satisfies readonly (keyof MetricsRollupTable)[];
const upsertRollup = upsertStatement(
  'metrics_rollup',
  ROLLUP_COLUMNS,
  ['dim', 'value_key', 'day_key', 'team_key'],
  SUM_COLUMNS,
  'add',
);

/** Adds (`sign` 1) or removes (-1) conversations' contributions to the rollup, inside the caller's transaction. */
export async function applyToRollup(
  tx: Transaction<Database>,
  dialect: Dialect,
  changes: { row: RollupSource; sign: 1 | -1 }[],
): Promise<void> {
  const deltas = new Map<string, MetricsRollupTable>();
  for (const { row, sign } of changes) {
    for (const [dim, column] of DIM_COLUMNS) {
      const add = contribution(row, sign, dim, row[column]);
      const id = JSON.stringify([add.day_key, dim, add.value_key, add.team_key]);
      const current = deltas.get(id);
      if (!current) deltas.set(id, add);
      else for (const c of SUM_COLUMNS) current[c] += add[c];
    }
  }
  const all = [...deltas.values()];
  for (let i = 0; i < all.length; i += 1000) {
    const some = all.slice(i, i + 1000);
    await run(tx, upsertRollup(dialect, some.length), cells(some, ROLLUP_COLUMNS));
  }
}

/** Recomputes the whole rollup from `conversations` (after a migration or a bulk load). */
export async function rebuildRollup(db: Kysely<Database>): Promise<void> {
  const rebuild = async (tx: Kysely<Database>) => {
    await tx.deleteFrom('metrics_rollup').execute();
    for (const [dim, column] of Object.entries(ROLLUP_DIMS)) {
      const col = sql.ref(column);
      await sql`insert into metrics_rollup (day_key, dim, value_key, team_key, day, week, value, team, ${sql.join(SUM_COLUMNS.map((c) => sql.ref(c)))})
        select coalesce(day, ''), ${dim}, coalesce('v:' || ${col}, 'n'), coalesce('v:' || team, 'n'), day, max(week), ${col}, team,
          count(*), sum(skipped), coalesce(sum(empathy), 0), coalesce(sum(compassion), 0), coalesce(sum(overall), 0),
          coalesce(sum(sentiment_shift), 0), coalesce(sum(heard_not_helped), 0), coalesce(sum(human_required), 0),
          coalesce(sum(missed_moments), 0), coalesce(sum(total_moments), 0), coalesce(sum(repeat_contact), 0),
          coalesce(sum(vulnerable), 0), coalesce(sum(handle_time_seconds), 0), count(handle_time_seconds), count(empathy)
        from conversations group by day, ${col}, team`.execute(tx);
    }
  };
  // Migrations already run inside a transaction on PostgreSQL.
  await (db.isTransaction ? rebuild(db) : db.transaction().execute(rebuild));
}

/**
 * Rollup updates read a conversation's old row before replacing it, so concurrent writers of
 * the same id would count it twice. PostgreSQL writers therefore take one transaction-scoped
 * advisory lock; SQLite already allows one writer at a time.
 */
export async function serializeWrites(tx: Transaction<Database>, dialect: 'sqlite' | 'postgres'): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${WRITE_LOCK})`.execute(tx);
}

/** An arbitrary constant naming Attune's write lock among the database's advisory locks. */
const WRITE_LOCK = 0x41747475;
