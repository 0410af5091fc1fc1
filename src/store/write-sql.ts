import { CompiledQuery } from 'kysely';
import type { Transaction } from 'kysely';
import type { Dialect } from './migrations.ts';
import type { Database } from './tables.ts';

// Ingest's statements, written once per dialect and row count instead of built by Kysely's query
// builder on every batch: building and compiling a multi-row upsert costs more than SQLite takes to
// run it. The text is the SQL Kysely would send; only the parameters change between batches.

type Cell = string | number | null;

const quote = (identifier: string) => `"${identifier}"`;

function placeholders(dialect: Dialect, rows: number, columns: number): string {
  const tuples: string[] = [];
  for (let r = 0, n = 1; r < rows; r++) {
    const cells: string[] = [];
    for (let c = 0; c < columns; c++, n++) cells.push(dialect === 'postgres' ? `$${n}` : '?');
    tuples.push(`(${cells.join(', ')})`);
  }
  return tuples.join(', ');
}

/** Memoises the text of each statement shape; shapes are few (one per row count up to the chunk size). */
function memo(build: (dialect: Dialect, rows: number) => string): (dialect: Dialect, rows: number) => string {
  const cache = new Map<string, string>();
  return (dialect, rows) => {
    const key = `${dialect}:${rows}`;
    let text = cache.get(key);
    if (text === undefined) cache.set(key, (text = build(dialect, rows)));
    return text;
  };
}

/** `insert ... on conflict (key) do update set` each column to the new value, or (`add`) to old + new. */
export function upsertStatement(
  table: keyof Database,
  columns: readonly string[],
  key: readonly string[],
  update: readonly string[],
  mode: 'replace' | 'add',
) {
  const set = update
    .map((c) => `${quote(c)} = ${mode === 'add' ? `${quote(table)}.${quote(c)} + ` : ''}"excluded".${quote(c)}`)
    .join(', ');
  return memo(
    (dialect, rows) =>
      `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values ${placeholders(dialect, rows, columns.length)}` +
      ` on conflict (${key.map(quote).join(', ')}) do update set ${set}`,
  );
}

/** `insert into table (columns) values ...`. */
export function insertStatement(table: keyof Database, columns: readonly string[]) {
  return memo(
    (dialect, rows) =>
      `insert into ${quote(table)} (${columns.map(quote).join(', ')}) values ${placeholders(dialect, rows, columns.length)}`,
  );
}

/** `select columns from table where column in (...)` or `delete from table where column in (...)`. */
export function whereInStatement(
  verb: 'select' | 'delete',
  table: keyof Database,
  column: string,
  columns: readonly string[] = [],
) {
  return memo(
    (dialect, rows) =>
      `${verb === 'select' ? `select ${columns.map(quote).join(', ')}` : 'delete'} from ${quote(table)}` +
      ` where ${quote(column)} in ${placeholders(dialect, 1, rows)}`,
  );
}

/** The rows' values in column order, one flat parameter list. */
export function cells<R>(rows: readonly R[], columns: readonly (keyof R & string)[]): Cell[] {
  const out: Cell[] = [];
  for (const row of rows) for (const c of columns) out.push((row[c] ?? null) as Cell);
  return out;
}

/** Runs a statement made here inside the caller's transaction; its rows, if it reads. */
export async function run<R = unknown>(
  tx: Transaction<Database>,
  text: string,
  parameters: readonly Cell[],
): Promise<R[]> {
  return (await tx.executeQuery<R>(CompiledQuery.raw(text, parameters as unknown[]))).rows;
}
