export * from './store.ts';
export { BadCursorError } from './cursor.ts';
export { openSqliteStore } from './sqlite.ts';
export { openPostgresStore } from './postgres.ts';
export type { PostgresOptions } from './postgres.ts';
