import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { test } from 'node:test';
import pg from 'pg';
import type { AnalyzeOptions } from '../core/analyze.ts';
import { Conversation, type ConversationInput, type FullAnalysis, type Analysis } from '../core/schema/index.ts';
import type { KeyRole } from '../api/index.ts';
import type { Store } from '../store/store.ts';
import { openSqliteStore } from '../store/sqlite.ts';
import { openPostgresStore } from '../store/postgres.ts';
import { openLiveJournal } from '../store/live-sessions.ts';
import { buildApp, type AppDeps } from './app.ts';
import { ServerConfig } from './config.ts';
import { bodyReader } from './read-body.ts';

/**
 * Test support: a fake engine whose verdicts are easy to predict from the text.
 * A customer turn with "!" is an empathy moment; the next agent/bot turn meets it specifically
 * when it contains "understand", "sorry" makes a generic acknowledgement, "will" is an action,
 * "valued customer" is scripted; "human" anywhere makes routing human-required.
 */
export function fakeAnalyze(conversation: Conversation): Analysis {
  if (conversation.consent.analysis === false) return { id: conversation.id, skipped: 'opted-out' };
  const span = (turn: number, text: string) => [
    { turn, start: 0, end: text.length, text, detector: 'fake', why: 'fake' },
  ];
  const turns: FullAnalysis['turns'] = conversation.turns.map((turn, index) => {
    const behaviours: FullAnalysis['turns'][number]['behaviours'] = [];
    if (turn.role === 'agent' || turn.role === 'bot') {
      if (turn.text.includes('understand'))
        behaviours.push({ kind: 'acknowledgement', specific: true, evidence: span(index, turn.text) });
      if (turn.text.includes('sorry'))
        behaviours.push({ kind: 'acknowledgement', specific: false, evidence: span(index, turn.text) });
      if (turn.text.includes('will')) behaviours.push({ kind: 'action', evidence: span(index, turn.text) });
      if (turn.text.includes('valued customer'))
        behaviours.push({ kind: 'scripted', evidence: span(index, turn.text) });
    }
    return { index, role: turn.role, sentiment: 0, emotions: [], behaviours };
  });
  const moments: FullAnalysis['moments'] = [];
  conversation.turns.forEach((turn, index) => {
    if (turn.role !== 'customer' || !turn.text.includes('!')) return;
    const responseTurn = conversation.turns.findIndex((t, i) => i > index && (t.role === 'agent' || t.role === 'bot'));
    const reply = responseTurn >= 0 ? turns[responseTurn]! : null;
    const kinds = reply?.behaviours ?? [];
    const outcome = kinds.some((b) => b.specific === true)
      ? 'met-specific'
      : kinds.some((b) => b.kind === 'acknowledgement')
        ? 'met-generic'
        : 'missed';
    moments.push({
      turn: index,
      triggers: ['frustration'],
      outcome,
      responseTurn: responseTurn >= 0 ? responseTurn : null,
      ackBeforeFix: null,
      evidence: span(index, turn.text),
    });
  });
  const human = conversation.turns.some((t) => t.text.includes('human'));
  const empathy = Number(conversation.metadata?.empathy ?? 50);
  const level = { level: 'low' as const, evidence: [] };
  return {
    id: conversation.id,
    engine: { version: 'fake', lexicon: 'fake', models: [] },
    turns,
    cues: [],
    moments,
    scores: { empathy, compassion: 50, overall: empathy, sentimentShift: 0, heardNotHelped: false },
    explanation: { empathy: [], compassion: [], overall: [], sentimentShift: [] },
    routing: {
      decision: human ? 'human-required' : 'ai-safe',
      dimensions: {
        emotionalLoad: level,
        ambiguity: level,
        moralTradeoff: level,
        irreversibility: level,
        explainability: level,
      },
      reasons: human ? ['customer asked for a human'] : [],
    },
    tier: 3,
    tierReason: { topic: 'routine', evidence: [] },
    vulnerability: [],
  };
}

/** Masks digit runs, standing in for the real redaction. */
export function fakeRedact(conversation: Conversation): Conversation {
  return {
    ...conversation,
    turns: conversation.turns.map((t) => ({ ...t, text: t.text.replace(/[0-9]+/g, '[number]') })),
  };
}

export function conversation(id: string, extra: Partial<ConversationInput> = {}): ConversationInput {
  return {
    id,
    channel: 'chat',
    startedAt: '2026-10-06T10:00:00Z',
    customer: { id: `cust-${id}` },
    agent: { id: 'agent-a', team: 'tech' },
    turns: [
      { role: 'customer', text: 'My order 12345 is late again!' },
      { role: 'agent', text: 'I understand, I will chase it now.' },
    ],
    ...extra,
  };
}

const EXAMPLES = join(import.meta.dirname, '..', '..', 'examples', 'conversations');

/** The bundled example conversations that can be analysed (opted-out ones left out), in file order. */
export function exampleConversations(): Conversation[] {
  return readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .flatMap((f) => readFileSync(join(EXAMPLES, f), 'utf8').split('\n').filter(Boolean))
    .map((line) => Conversation.parse(JSON.parse(line)))
    .filter((c) => c.consent.analysis);
}

export interface Harness {
  app: FastifyInstance;
  store: Store;
  keys: Record<KeyRole, string>;
  /** Headers carrying the key of `role`. */
  as: (role: KeyRole) => Record<string, string>;
  /** On PostgreSQL, the store's schema. */
  schema?: string;
  close: () => Promise<void>;
}

/** An app over a fresh SQLite file with one key per role: supervisor of "tech", agent "agent-a". */
export interface HarnessOptions {
  store?: (store: Store) => Store;
  config?: Partial<ServerConfig>;
  now?: () => Date;
  /** A PostgreSQL URL: the store is a fresh schema there (dropped on close) instead of a SQLite file. */
  postgres?: string;
  /** The real engine and redaction instead of the fakes (the engine argument is null: bind your own). */
  analyze?: (conversation: Conversation, engine: null, options?: AnalyzeOptions) => Analysis;
  redact?: (conversation: Conversation) => Conversation;
  analyzeBounded?: (conversation: Conversation, budgetMs: number) => Promise<Analysis>;
  /** A built dashboard to serve at `/`. */
  webRoot?: string;
  live?: AppDeps<null>['live'];
  /** With `postgres`: live sessions journaled in the store's schema, as `attune serve` does. */
  journal?: boolean;
  /** Turns the request log on, written here (tests that check what is logged). */
  logStream?: { write: (line: string) => void };
}

/** A fresh store for a harness: a schema of its own on PostgreSQL, else a SQLite file in `dir`; `drop` removes it. */
async function freshStore(
  dir: string,
  postgres: string | undefined,
): Promise<{ store: Store; drop: () => Promise<void>; schema?: string }> {
  if (!postgres) return { store: openSqliteStore(join(dir, 'test.sqlite')), drop: async () => {} };
  const schema = `attune_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgres });
  await admin.connect();
  await admin.query(`create schema "${schema}"`);
  return {
    store: openPostgresStore(postgres, { schema }),
    schema,
    drop: async () => {
      await admin.query(`drop schema if exists "${schema}" cascade`);
      await admin.end();
    },
  };
}

export async function harness(options: HarnessOptions = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'attune-server-'));
  const { store: real, drop, schema } = await freshStore(dir, options.postgres);
  const journal = options.journal && options.postgres ? openLiveJournal(options.postgres, { schema: schema! }) : null;
  try {
    await real.migrate();
    await journal?.migrate();
  } catch (error) {
    // nothing may stay open (a PostgreSQL client would keep the test process alive)
    await journal?.close();
    await real.close();
    await drop();
    throw error;
  }
  const store = options.store ? options.store(real) : real;
  const keys = {} as Record<KeyRole, string>;
  keys.admin = (await real.createKey({ name: 'admin', role: 'admin' })).secret;
  keys.analyst = (await real.createKey({ name: 'analyst', role: 'analyst' })).secret;
  keys.supervisor = (await real.createKey({ name: 'sup', role: 'supervisor', teams: ['tech'] })).secret;
  keys.agent = (await real.createKey({ name: 'agent', role: 'agent', agentId: 'agent-a' })).secret;
  const database = options.postgres
    ? { kind: 'postgres', url: options.postgres }
    : { kind: 'sqlite', file: join(dir, 'test.sqlite') };
  const config = ServerConfig.parse({ database, ...options.config });
  const app = buildApp(
    {
      store,
      engine: null,
      analyze: options.analyze ?? fakeAnalyze,
      readInputs: bodyReader(),
      redact: options.redact ?? fakeRedact,
      config,
      ...(options.now ? { now: options.now } : {}),
      ...(options.analyzeBounded ? { analyzeBounded: options.analyzeBounded } : {}),
      ...(options.webRoot ? { webRoot: options.webRoot } : {}),
      ...(options.live || journal ? { live: { ...options.live, ...(journal ? { journal } : {}) } } : {}),
    },
    options.logStream ? { logger: true, logStream: options.logStream } : {},
  );
  await app.ready();
  return {
    app,
    store,
    keys,
    as: (role) => ({ authorization: `Bearer ${keys[role]}` }),
    ...(schema ? { schema } : {}),
    close: async () => {
      await app.close();
      await journal?.close();
      await real.close();
      await drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs a suite on SQLite and, with ATTUNE_TEST_DATABASE_URL set, on PostgreSQL; without it the PostgreSQL run
 * is skipped, or fails when CI is set (CI must cover both backends).
 */
export function onEveryBackend(suite: (backend: string, options: Pick<HarnessOptions, 'postgres'>) => void): void {
  suite('sqlite', {});
  const url = process.env.ATTUNE_TEST_DATABASE_URL;
  if (url) suite('postgres', { postgres: url });
  else if (process.env.CI) {
    test('postgres', () => {
      throw new Error('ATTUNE_TEST_DATABASE_URL is not set; CI must run this suite on PostgreSQL too');
    });
  } else test.skip('postgres (set ATTUNE_TEST_DATABASE_URL=postgres://… to run it)', () => {});
}
