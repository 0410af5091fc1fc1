/**
 * The records the store keeps and the HTTP API serves, as zod schemas: zod and core only, so the
 * store, the server, the CLI and a client can all share them.
 */
export * from './audit.ts';
export * from './conversations.ts';
export * from './erasure.ts';
export * from './keys.ts';
export * from './metrics.ts';
export * from './moments.ts';
export * from './page.ts';
export * from './reviews.ts';
export * from './settings.ts';
export * from './time.ts';
export * from './jobs.ts';
