import { Kysely } from 'kysely';
import pg from 'pg';
import { createStore } from './create.ts';
import { SearchPathDialect } from './pg-introspector.ts';
import type { StoreOptions } from './options.ts';
import type { Store } from './store.ts';
import type { Database } from './tables.ts';

export interface PostgresOptions extends StoreOptions {
  /**
   * A schema to work in, created by `migrate()` when missing. Without it the store works in the
   * connection's current schema: the first existing one on its search_path (which the URL can set
   * with `?options=-c search_path=NAME`).
   */
  schema?: string;
  /** Pool size; default 10. */
  max?: number;
  /** How the connections name themselves in pg_stat_activity (default `attune`), so an operator can tell which process costs what. */
  applicationName?: string;
  /**
   * How long connecting, and any one query, may take before it fails (default 10 s): a silent network
   * partition then gives errors (503 from the server) instead of hanging every request.
   */
  timeoutMs?: number;
}

/** Double quotes an identifier for PostgreSQL. */
export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * The URL without its `options` parameter, and those options with ours after them: pg lets a URL's
 * options replace the configured ones whole, which would drop the statement timeout.
 */
export function connection(url: string, settings: string[]): { connectionString: string; options: string } {
  const parsed = URL.canParse(url) ? new URL(url) : null;
  const given = parsed?.searchParams.get('options');
  if (!parsed || given === null || given === undefined) return { connectionString: url, options: settings.join(' ') };
  parsed.searchParams.delete('options');
  return { connectionString: parsed.href, options: [given, ...settings].join(' ') };
}

/**
 * The shared store for teams: a PostgreSQL database at `url` (a `postgres://` connection
 * string). Connections are opened lazily, so a database that is down makes calls reject
 * (and `ping()` fail) rather than this function. Call `migrate()` before use.
 */
export function openPostgresStore(url: string, options: PostgresOptions = {}): Store {
  const { schema, max, applicationName = 'attune', timeoutMs = 10_000, ...storeOptions } = options;
  const settings = [
    `-c statement_timeout=${timeoutMs}`,
    ...(schema ? [`-c search_path=${quoteIdent(schema).replaceAll(' ', '\\ ')}`] : []),
  ];
  const pool = new pg.Pool({
    ...connection(url, settings),
    max: max ?? 10,
    application_name: applicationName,
    connectionTimeoutMillis: timeoutMs,
    idleTimeoutMillis: 30_000,
    // the client gives up on a query the server never answers (a partition), a little after the server would
    query_timeout: timeoutMs + 1_000,
    keepAlive: true,
  });
  // A client losing its connection, idle or mid-query, must not crash the process: the query
  // in flight is still rejected (the server answers 503) and the next one reconnects.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<Database>({ dialect: new SearchPathDialect({ pool }) });
  return createStore(db, 'postgres', storeOptions, schema);
}
