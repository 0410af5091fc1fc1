export * from '../api/index.ts';
export * from './store.ts';
export * from './options.ts';
export { ALL, Scope } from './scope.ts';
export { BadCursorError } from './cursor.ts';
export { openSqliteStore } from './sqlite.ts';
export { openPostgresStore } from './postgres.ts';
export type { PostgresOptions } from './postgres.ts';
