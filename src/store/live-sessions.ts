import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { connection, quoteIdent } from './postgres.ts';
import { inTransaction } from './pg-transaction.ts';

/**
 * One step of a live session as the journal keeps it: what was applied (a turn, redacted, or a cue-pacing tick) at
 * which time, and the numbered events it produced. Replaying the steps rebuilds the session on any API node.
 */
export interface LiveStep {
  /** The turn message as applied (its text redacted), or null for a tick or a step without input (audio, errors). */
  turn: Record<string, unknown> | null;
  /** A pacing tick (a waiting cue released without a turn). */
  tick: boolean;
  /** The session clock (ms) the step was applied at. */
  at: number;
  /** The events the step produced, numbered as the client received them. */
  events: Array<{ seq: number } & Record<string, unknown>>;
}

/** What a session was opened with: its conversation metadata, audio, and the customer's earlier contacts read then. */
export interface LiveOpening {
  /** As the stored conversation would hold it: redacted, identifiers pseudonymised; an opted-out session's id and channel only. */
  conversation: Record<string, unknown>;
  audio?: Record<string, unknown>;
  earlier: unknown[];
  /** Set on openings kept as above; a row journaled before that holds the metadata as sent, redacted when it is replayed. */
  redacted?: true;
}

export type AppendOutcome = 'stored' | 'taken' | 'gone';

export interface ClaimedSession {
  opening: LiveOpening;
  steps: LiveStep[];
  /** The fence this node now holds: writes of an older holder are refused. */
  epoch: number;
}

export interface LiveJournal {
  /** Creates the tables; safe on every start. */
  migrate(): Promise<void>;
  /** Records a new session held by `owner` (an API key id), at epoch 1. */
  create(id: string, owner: string, opening: LiveOpening): Promise<void>;
  /** Appends steps numbered from `from` (the count already journaled) if `epoch` still holds the session; else whether another node took it over or it is gone (ended, erased). */
  append(id: string, epoch: number, from: number, steps: readonly LiveStep[]): Promise<AppendOutcome>;
  /** Takes a session over for `owner`: bumps its epoch and returns what rebuilds it; null when unknown or another key's. */
  claim(id: string, owner: string): Promise<ClaimedSession | null>;
  /** Whether this node still holds the session at `epoch` (no other node took it over). */
  holds(id: string, epoch: number): Promise<boolean>;
  /** Keeps sessions still held at these epochs from being taken as abandoned; returns those of them no longer in the journal (erased). */
  touch(held: ReadonlyArray<{ id: string; epoch: number }>): Promise<string[]>;
  /** Sessions nobody has written or touched for `idleMs`: their node went away and their client did not come back. */
  abandoned(idleMs: number): Promise<Array<{ id: string; owner: string }>>;
  /** Deletes a session once stored (or dropped); false when another node holds it now. */
  finish(id: string, epoch: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * The live sessions' journal on PostgreSQL (the system of record), so a session survives its API node: any node can
 * rebuild one from its opening and steps. One small pool of its own, like the queue's.
 */
export function openLiveJournal(url: string, options: { schema?: string; max?: number } = {}): LiveJournal {
  const settings = [
    '-c statement_timeout=10000',
    ...(options.schema ? [`-c search_path=${quoteIdent(options.schema).replaceAll(' ', '\\ ')}`] : []),
  ];
  const pool = new pg.Pool({
    ...connection(url, settings),
    max: options.max ?? 4,
    application_name: 'attune-live',
    keepAlive: true,
  });
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));

  return {
    async migrate() {
      if (options.schema) await pool.query(`create schema if not exists ${quoteIdent(options.schema)}`);
      // json, not jsonb: steps are only read back whole, in order; nodes starting together take turns (a lock)
      await inTransaction(pool, (client) =>
        client.query(`
        select pg_advisory_xact_lock(hashtext('attune_live_journal'));
        create table if not exists attune_live_sessions (
          id text primary key,
          owner text not null,
          epoch integer not null default 1,
          opening json not null,
          touched_at timestamptz not null default now()
        );
        create table if not exists attune_live_steps (
          session_id text not null references attune_live_sessions (id) on delete cascade,
          n integer not null,
          step json not null,
          primary key (session_id, n)
        );
        create index if not exists attune_live_sessions_touched on attune_live_sessions (touched_at);
      `),
      );
    },
    async create(id, owner, opening) {
      await pool.query('insert into attune_live_sessions (id, owner, opening) values ($1, $2, $3::json)', [
        id,
        owner,
        JSON.stringify(opening),
      ]);
    },
    async append(id, epoch, from, steps) {
      // the fence and the write in one statement: a node that lost the session writes nothing
      const { rows } = await pool.query<{ ok: boolean; present: boolean }>(
        `with held as (
           update attune_live_sessions set touched_at = now() where id = $1 and epoch = $2 returning id
         ), written as (
           insert into attune_live_steps (session_id, n, step)
           select held.id, s.n, s.step from held, json_to_recordset($3::json) as s(n integer, step json)
           returning 1
         )
         select exists (select 1 from held) as ok, (select count(*) from written) as n,
           exists (select 1 from attune_live_sessions where id = $1) as present`,
        [id, epoch, JSON.stringify(steps.map((step, i) => ({ n: from + i, step })))],
      );
      return rows[0]!.ok ? 'stored' : rows[0]!.present ? 'taken' : 'gone';
    },
    async claim(id, owner) {
      return inTransaction(pool, async (client) => {
        const session = await client.query<{ epoch: number; opening: LiveOpening }>(
          `update attune_live_sessions set epoch = epoch + 1, touched_at = now()
           where id = $1 and owner = $2 returning epoch, opening`,
          [id, owner],
        );
        const row = session.rows[0];
        if (!row) return null;
        const steps = await client.query<{ step: LiveStep }>(
          'select step from attune_live_steps where session_id = $1 order by n',
          [id],
        );
        return { opening: row.opening, epoch: row.epoch, steps: steps.rows.map((r) => r.step) };
      });
    },
    async holds(id, epoch) {
      const { rowCount } = await pool.query(
        'update attune_live_sessions set touched_at = now() where id = $1 and epoch = $2',
        [id, epoch],
      );
      return rowCount === 1;
    },
    async touch(held) {
      if (held.length === 0) return [];
      const { rows } = await pool.query<{ id: string }>(
        `with h as (select * from json_to_recordset($1::json) as h(id text, epoch integer)),
         touched as (
           update attune_live_sessions s set touched_at = now() from h where s.id = h.id and s.epoch = h.epoch returning s.id
         )
         select h.id from h where not exists (select 1 from attune_live_sessions s where s.id = h.id)`,
        [JSON.stringify(held)],
      );
      return rows.map((r) => r.id);
    },
    async abandoned(idleMs) {
      const { rows } = await pool.query<{ id: string; owner: string }>(
        `select id, owner from attune_live_sessions where touched_at < now() - $1 * interval '1 millisecond'
         order by touched_at limit 100`,
        [idleMs],
      );
      return rows;
    },
    async finish(id, epoch) {
      const { rowCount } = await pool.query('delete from attune_live_sessions where id = $1 and epoch = $2', [
        id,
        epoch,
      ]);
      return rowCount === 1;
    },
    async close() {
      await pool.end();
    },
  };
}

/**
 * Deletes the open live sessions of a customer (`customerIds`: the id as sent and as stored) with their steps, on
 * the store's connection, inside its erasure's transaction; 0 where no journal was made (SQLite, or never served live).
 * The nodes holding them let them go at their next write or touch (see `touch`).
 */
export async function eraseLiveSessions(db: Kysely<unknown>, customerIds: readonly string[]): Promise<number> {
  const { rows } = await sql<{ made: boolean }>`select to_regclass('attune_live_sessions') is not null as made`.execute(
    db,
  );
  if (!rows[0]?.made) return 0;
  const erased = await sql`delete from attune_live_sessions
    where opening -> 'conversation' -> 'customer' ->> 'id' in (${sql.join(customerIds)})`.execute(db);
  return Number(erased.numAffectedRows ?? 0);
}
