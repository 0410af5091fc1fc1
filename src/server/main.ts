import { mkdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { analyzeConversation } from '../core/analyze.ts';
import type { Conversation } from '../core/schema/index.ts';
import { templateKind } from '../core/templates/index.ts';
import type { PhraseOverlay } from '../api/index.ts';
import { loadEngine, type EngineOptions } from '../io/engine.ts';
import { openPostgresStore } from '../store/postgres.ts';
import { openQueue, type Queue } from '../store/queue.ts';
import { openLiveJournal, type LiveJournal } from '../store/live-sessions.ts';
import { openSqliteStore } from '../store/sqlite.ts';
import type { StoreOptions } from '../store/options.ts';
import type { Store } from '../store/store.ts';
import { pseudonymizing } from '../store/hash-key.ts';
import { startAnalysisPool, type AnalysisPool } from './analysis-pool.ts';
import { buildApp } from './app.ts';
import {
  describeDatabase,
  parseServerConfig,
  parseServerFileConfig,
  type ConfigSources,
  type ServerConfig,
  type ServerFileConfig,
} from './config.ts';
import { bodyReader } from './read-body.ts';
import { purgeExpired, retentionInEffect } from './retention.ts';
import { DEFAULT_WEB_ROOT } from './web.ts';

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  store: Store;
  /** What an operator should know at start (a stored setting that no longer reads, say). */
  warnings: string[];
  close: () => Promise<void>;
}

/** The `--config` file (shifts, lexicon overlay), validated; empty when none is given. */
export function readFileConfig(file: string | undefined): ServerFileConfig {
  if (!file) return {};
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read config ${file}: ${(error as Error).message}`);
  }
  const parsed = parseServerFileConfig(value, file);
  if (!parsed.ok) throw new Error(`invalid config:\n  ${parsed.errors.join('\n  ')}`);
  return parsed.config;
}

export function openStore(config: ServerConfig, options: StoreOptions = {}): Store {
  if (config.database.kind === 'postgres') {
    return openPostgresStore(config.database.url, {
      ...options,
      ...(config.database.schema ? { schema: config.database.schema } : {}),
      applicationName: 'attune-api',
    });
  }
  mkdirSync(dirname(config.database.file), { recursive: true });
  return openSqliteStore(config.database.file, options, { writerThread: true });
}

/** Opens the database, builds the engine and the app, listens, and schedules the retention job. */
export async function startServer(
  config: ServerConfig,
  options: { logger?: boolean; webRoot?: string } = {},
): Promise<RunningServer> {
  const fileConfig = readFileConfig(config.configFile);
  const store = openStore(config, fileConfig.shifts ? { shifts: fileConfig.shifts } : {});
  let engineOptions: EngineOptions = fileConfig.lexicon ? { configFile: fileConfig.lexicon } : {};
  let engineOverlay: PhraseOverlay = {};
  const workers = config.analysisWorkers ?? Math.max(1, availableParallelism() - 1);
  let engine: Awaited<ReturnType<typeof loadEngine>>;
  let pool: AnalysisPool | null = null;
  /** /v1/evaluate's thread, started on the first evaluation: a server nobody asks to evaluate holds no second engine. */
  let prompt: Promise<AnalysisPool> | null = null;
  let queue: Queue | null = null;
  let journal: LiveJournal | null = null;
  let hashKey: string;
  let warnings: string[] = [];
  try {
    await store.migrate().catch((error: Error) => {
      throw new Error(`cannot prepare the database: ${error.message}`);
    });
    if (config.queue && config.database.kind === 'postgres') {
      queue = openQueue(config.database.url, {
        ...(config.database.schema ? { schema: config.database.schema } : {}),
        ...(config.queueExpireSeconds ? { expireInSeconds: config.queueExpireSeconds } : {}),
        applicationName: 'attune-api',
      });
      await queue.migrate().catch((error: Error) => {
        throw new Error(`cannot prepare the queue: ${error.message}`);
      });
    }
    if (config.database.kind === 'postgres') {
      // live sessions journaled in the system of record: a session outlives its API node
      journal = openLiveJournal(config.database.url, config.database.schema ? { schema: config.database.schema } : {});
      await journal.migrate().catch((error: Error) => {
        throw new Error(`cannot prepare the live sessions' journal: ${error.message}`);
      });
    }
    hashKey = await store.hashKey();
    // the phrase lists an admin added through the API, over the config file's
    const settings = await store.readSettings();
    engineOverlay = settings.values.phraseOverlay ?? {};
    warnings = settings.unreadable.map(
      (u) =>
        `stored setting "${u.name}" is not applied (${u.reason}); its default applies until an admin sets it again (PUT /v1/settings)`,
    );
    if (Object.keys(engineOverlay).length) engineOptions = { ...engineOptions, overlay: engineOverlay };
    // The HTTP thread keeps an engine for /v1/evaluate (one reply, fast); batches go to the pool.
    engine = await loadEngine(engineOptions);
    if (workers > 0) pool = await startAnalysisPool(workers, engineOptions, hashKey);
  } catch (error) {
    await queue?.close().catch(() => {});
    await journal?.close().catch(() => {});
    await pool?.close().catch(() => {});
    await store.close().catch(() => {});
    throw error;
  }
  // /v1/evaluate's caller waits (2 s budget, counted once the thread is up): its thread keeps the HTTP thread's
  // priority, where the batches' threads run below it
  const analyzeBounded = (conversation: Conversation, budgetMs: number) => {
    const started = (prompt ??= startAnalysisPool(1, engineOptions, hashKey, false, 'prompt'));
    // a thread that could not start is tried again by the next evaluation
    started.catch(() => prompt === started && (prompt = null));
    return started.then((p) => p.analyze(conversation, budgetMs));
  };
  const closePrompt = async () => (await prompt?.catch(() => null))?.close();
  const app = buildApp(
    {
      store,
      engine,
      analyze: analyzeConversation,
      readInputs: bodyReader(),
      redact: pseudonymizing(hashKey),
      config,
      templateKind: (text) => templateKind({ text }, engine.lexicon),
      live: { engine, ...(journal ? { journal } : {}), ...(config.liveGraceMs ? { graceMs: config.liveGraceMs } : {}) },
      engineOverlay,
      ...(pool ? { processBatch: pool.process, redactBatch: pool.redact } : {}),
      ...(pool ? { analyzeBounded } : {}),
      ...(queue
        ? { queue: { queue, syncMax: config.queueSyncMax, limit: config.queueLimit, batchSize: config.queueBatchSize } }
        : {}),
      webRoot: options.webRoot ?? DEFAULT_WEB_ROOT,
    },
    { logger: options.logger ?? false },
  );
  let url: string;
  try {
    url = await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app.close();
    await pool?.close();
    await closePrompt();
    await queue?.close();
    await journal?.close();
    await store.close();
    throw new Error(`cannot listen on ${config.host}:${config.port}: ${(error as Error).message}`);
  }

  // an admin's retention (PUT /v1/settings) wins over the server's default, read afresh on each run
  const purge = () =>
    retentionInEffect(store, config.retentionDays)
      .then((days) => purgeExpired(store, days, new Date()))
      .catch((error: Error) => app.log.error({ err: error }, 'retention purge failed'));
  void purge();
  const timer = setInterval(purge, config.retentionIntervalMinutes * 60_000);
  timer.unref();
  return {
    url,
    app,
    store,
    warnings,
    close: async () => {
      clearInterval(timer);
      await app.close();
      await pool?.close();
      await closePrompt();
      await queue?.close();
      await journal?.close();
      await store.close();
    },
  };
}

/** Reads flags and environment once; returns the config or prints every problem. */
export function configFrom(argv: string[], env: ConfigSources['env']): ServerConfig | string[] {
  let flags: ConfigSources['flags'];
  try {
    flags = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        db: { type: 'string' },
        schema: { type: 'string' },
        config: { type: 'string' },
        queue: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    return [(error as Error).message];
  }
  const parsed = parseServerConfig({ flags, env });
  return parsed.ok ? parsed.config : parsed.errors;
}

/** Entry point of `attune serve` and of `node src/server/main.ts`: runs until SIGINT/SIGTERM. */
export async function serveForever(argv: string[]): Promise<number> {
  const config = configFrom(argv, process.env);
  if (Array.isArray(config)) {
    process.stderr.write(`attune serve: invalid configuration\n  ${config.join('\n  ')}\n`);
    return 64;
  }
  const server = await startServer(config, { logger: process.env.ATTUNE_LOG !== 'off' });
  for (const warning of server.warnings) process.stderr.write(`attune serve: ${warning}\n`);
  process.stdout.write(
    `attune: listening on ${server.url} (docs at ${server.url}/docs); database: ${describeDatabase(config.database)}${config.queue ? `; queue on (bodies over ${config.queueSyncMax} conversations are queued)` : ''}\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => void server.close().then(resolve, resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  serveForever(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: Error) => {
      process.stderr.write(`attune serve: ${error.message}\n`);
      process.exitCode = 1;
    },
  );
}
