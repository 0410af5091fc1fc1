import { z } from 'zod';
import { ShiftConfig } from '../store/options.ts';

/** Where the data lives: an embedded SQLite file (default) or PostgreSQL. */
export const DatabaseConfig = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('sqlite'),
    file: z.string().min(1),
    schema: z.never({ error: 'a schema (--schema / ATTUNE_DB_SCHEMA) applies to PostgreSQL only' }).optional(),
  }),
  z.object({
    kind: z.literal('postgres'),
    url: z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL'),
    /** The schema to work in, created when missing; absent: the URL's search_path, else the server's default. */
    schema: z.string().min(1).max(63, 'PostgreSQL names are at most 63 bytes').optional(),
  }),
]);
export type DatabaseConfig = z.infer<typeof DatabaseConfig>;

/** Which database, for people: the file, or the URL without its password, and the schema. */
export function describeDatabase(db: DatabaseConfig): string {
  if (db.kind === 'sqlite') return `SQLite ${db.file}`;
  let shown = 'postgres://(unreadable URL)';
  if (URL.canParse(db.url)) {
    const url = new URL(db.url);
    url.password = '';
    url.searchParams.delete('password');
    shown = url.href;
  }
  return `PostgreSQL ${shown}${db.schema ? ` (schema ${db.schema})` : ''}`;
}

const integer = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

/** The server's whole configuration, validated once at start. */
export const ServerConfig = z.object({
  port: integer(0, 65535).default(8080),
  host: z.string().min(1).default('127.0.0.1'),
  database: DatabaseConfig,
  /** Conversations older than this are purged; 0 keeps them forever. */
  retentionDays: integer(0, 36500).default(365),
  /** How often the retention job runs. */
  retentionIntervalMinutes: integer(1, 10080).default(60),
  bodyLimitBytes: integer(1024, 512 * 1024 * 1024).default(10 * 1024 * 1024),
  /** Requests per key (or address, before authentication) per minute. */
  rateLimitPerMinute: integer(1, 10_000_000).default(6000),
  /** Requests per address per minute whatever keys it presents, so random keys cannot buy fresh budgets; absent means twice the per-key limit. */
  rateLimitPerIpPerMinute: integer(1, 20_000_000).optional(),
  /** Threads that redact and analyse ingested batches; 0 analyses on the HTTP thread; absent means one per spare core. */
  analysisWorkers: integer(0, 64).optional(),
  /** Keep the recordings of calls sent with audio (multipart), beside their conversations and under the same retention; off by default. */
  storeAudio: z.union([z.boolean(), z.stringbool({ error: 'must be true or false' })]).default(false),
  /** Optional JSON file with the shift definitions used by metrics. */
  configFile: z.string().min(1).optional(),
  /** Queue large ingests for `attune worker` processes (PostgreSQL only): 202 and a job instead of analysing on this node. */
  queue: z.boolean().default(false),
  /** With the queue: bodies of at most this many conversations are still analysed at once (200/207). */
  queueSyncMax: integer(0, 1_000_000).default(100),
  /** With the queue: past this many conversations waiting, ingest answers 429 with Retry-After. */
  queueLimit: integer(1, 1_000_000_000).default(200_000),
  /** Conversations per queued batch (one queue message each: the queue's cost is per batch). */
  queueBatchSize: integer(1, 10_000).default(100),
  /** How long a queued batch may stay with a worker before another takes it (a setting of the queue; absent: unchanged, 120 s at first). */
  queueExpireSeconds: integer(1, 86_400).optional(),
  /** How long a live session waits for its lost client (on any node, with PostgreSQL) before it is closed and stored; default 60 s. */
  liveGraceMs: integer(100, 3_600_000).optional(),
});
export type ServerConfig = z.infer<typeof ServerConfig>;
export type ServerConfigInput = z.input<typeof ServerConfig>;

export interface ConfigSources {
  flags: { port?: string; host?: string; db?: string; schema?: string; config?: string; queue?: boolean };
  env: Record<string, string | undefined>;
}

/** For each field, where its value was read from, so an error names what the operator typed. */
const ORIGIN: Record<string, string> = {
  port: '--port / PORT',
  host: '--host / HOST',
  database: '--db / DATABASE_URL / ATTUNE_DB (--schema / ATTUNE_DB_SCHEMA)',
  retentionDays: 'ATTUNE_RETENTION_DAYS',
  retentionIntervalMinutes: 'ATTUNE_RETENTION_INTERVAL_MINUTES',
  bodyLimitBytes: 'ATTUNE_BODY_LIMIT',
  analysisWorkers: 'ATTUNE_ANALYSIS_WORKERS',
  rateLimitPerMinute: 'ATTUNE_RATE_LIMIT',
  rateLimitPerIpPerMinute: 'ATTUNE_RATE_LIMIT_PER_IP',
  storeAudio: 'ATTUNE_STORE_AUDIO',
  configFile: '--config / ATTUNE_CONFIG',
  queue: '--queue / ATTUNE_QUEUE',
  queueSyncMax: 'ATTUNE_QUEUE_SYNC_MAX',
  queueLimit: 'ATTUNE_QUEUE_LIMIT',
  queueBatchSize: 'ATTUNE_QUEUE_BATCH',
  queueExpireSeconds: 'ATTUNE_QUEUE_EXPIRE_SECONDS',
  liveGraceMs: 'ATTUNE_LIVE_GRACE_MS',
};

export const DEFAULT_SQLITE_FILE = './.attune/attune.sqlite';

function database(db: string | undefined, schema: string | undefined, env: ConfigSources['env']): unknown {
  const chosen = db ?? env.DATABASE_URL ?? env.ATTUNE_DB;
  const file = chosen === undefined || chosen === '' ? DEFAULT_SQLITE_FILE : chosen;
  if (/^postgres(ql)?:/.test(file)) return { kind: 'postgres', url: file, ...(schema ? { schema } : {}) };
  // a schema given for a SQLite file is a mistake to report, not to ignore
  return { kind: 'sqlite', file, ...(schema ? { schema } : {}) };
}

const blankToUndefined = (value: string | undefined) =>
  value === undefined || value.trim() === '' ? undefined : value;

/** An on/off environment variable: 1/true/yes/on, 0/false/no/off, else left for zod to report. */
function envFlag(value: string | undefined): unknown {
  const v = blankToUndefined(value)?.trim().toLowerCase();
  if (v === undefined) return undefined;
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  return value;
}

/** Flags win over the environment; every bad value gives one message naming where it came from. */
export function parseServerConfig({
  flags,
  env,
}: ConfigSources): { ok: true; config: ServerConfig } | { ok: false; errors: string[] } {
  const raw = {
    port: blankToUndefined(flags.port ?? env.PORT),
    host: blankToUndefined(flags.host ?? env.HOST),
    database: database(blankToUndefined(flags.db), blankToUndefined(flags.schema ?? env.ATTUNE_DB_SCHEMA), env),
    retentionDays: blankToUndefined(env.ATTUNE_RETENTION_DAYS),
    retentionIntervalMinutes: blankToUndefined(env.ATTUNE_RETENTION_INTERVAL_MINUTES),
    bodyLimitBytes: blankToUndefined(env.ATTUNE_BODY_LIMIT),
    rateLimitPerMinute: blankToUndefined(env.ATTUNE_RATE_LIMIT),
    rateLimitPerIpPerMinute: blankToUndefined(env.ATTUNE_RATE_LIMIT_PER_IP),
    analysisWorkers: blankToUndefined(env.ATTUNE_ANALYSIS_WORKERS),
    storeAudio: blankToUndefined(env.ATTUNE_STORE_AUDIO),
    configFile: blankToUndefined(flags.config ?? env.ATTUNE_CONFIG),
    queue: flags.queue ?? envFlag(env.ATTUNE_QUEUE),
    queueSyncMax: blankToUndefined(env.ATTUNE_QUEUE_SYNC_MAX),
    queueLimit: blankToUndefined(env.ATTUNE_QUEUE_LIMIT),
    queueBatchSize: blankToUndefined(env.ATTUNE_QUEUE_BATCH),
    queueExpireSeconds: blankToUndefined(env.ATTUNE_QUEUE_EXPIRE_SECONDS),
    liveGraceMs: blankToUndefined(env.ATTUNE_LIVE_GRACE_MS),
  };
  const parsed = ServerConfig.safeParse(raw);
  if (parsed.success && parsed.data.queue && parsed.data.database.kind !== 'postgres') {
    return {
      ok: false,
      errors: [`${ORIGIN.queue}: the analysis queue needs PostgreSQL (--db postgres://...); SQLite serves one machine`],
    };
  }
  if (parsed.success) return { ok: true, config: parsed.data };
  const errors = parsed.error.issues.map((issue) => {
    const field = String(issue.path[0] ?? '');
    const value = (raw as Record<string, unknown>)[field];
    const shown = typeof value === 'string' ? ` (got "${value}")` : '';
    return `${ORIGIN[field] ?? field}: ${issue.message}${shown}`;
  });
  return { ok: false, errors };
}

/** The optional `--config` file: shift definitions for metrics and a lexicon overlay for the engine. */
export const ServerFileConfig = z
  .object({
    shifts: ShiftConfig.optional(),
    /** Path of a lexicon overlay (phrases, thresholds, weights) for the engine, relative to the working directory. */
    lexicon: z.string().min(1).optional(),
  })
  .strict();
export type ServerFileConfig = z.infer<typeof ServerFileConfig>;

/** Validates the parsed `--config` file; each problem names its field. */
export function parseServerFileConfig(
  value: unknown,
  file: string,
): { ok: true; config: ServerFileConfig } | { ok: false; errors: string[] } {
  const parsed = ServerFileConfig.safeParse(value);
  if (parsed.success) return { ok: true, config: parsed.data };
  return {
    ok: false,
    errors: parsed.error.issues.map(
      (issue) => `${file}: ${issue.path.map(String).join('.') || '(file)'}: ${issue.message}`,
    ),
  };
}
