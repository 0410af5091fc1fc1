// `attune/server`: the HTTP API as an app factory (never listens by itself), and what it needs.
export { buildApp, type AppDeps } from './app.ts';
export { startServer, configFrom, openStore, type RunningServer } from './main.ts';
export { parseServerConfig, ServerConfig, type ConfigSources } from './config.ts';
export { bodyReader } from './read-body.ts';
export { startAnalysisPool, AnalysisTimeout, type AnalysisPool } from './analysis-pool.ts';
export { openSqliteStore, openPostgresStore, type Store } from '../store/index.ts';
