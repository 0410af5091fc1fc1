import type { AnalyzeOptions } from '../core/analyze.ts';
import { createEngine, type Engine } from '../core/engine.ts';
import type { CompiledLexicon } from '../core/lexicon/compile.ts';
import type { Analysis, Conversation } from '../core/schema/index.ts';
import { templateKind, type TemplateKind } from '../core/templates/index.ts';
import type { PhraseOverlay } from '../api/index.ts';
import type { ReadOptionsInput } from '../io/read/options.ts';
import type { InputRecord } from '../io/read/record.ts';
import type { Store } from '../store/store.ts';
import type { ServerConfig } from './config.ts';
import { processOne, type IngestJob, type Processed } from './process.ts';
import { withKeyCache } from './key-cache.ts';
import type { IngestQueue } from './jobs-ingest.ts';
import type { LiveJournal } from '../store/live-sessions.ts';

/** A request body in one of the formats the ingestion readers accept (detected when no format is given), read into records. */
export type ReadBody = (body: { bytes: Uint8Array; options: ReadOptionsInput }) => AsyncIterable<InputRecord>;

/** Everything the app needs from outside; `main.ts` builds the real one, tests pass fakes. */
export interface AppDeps<E> {
  store: Store;
  engine: E;
  analyze: (conversation: Conversation, engine: E, options?: AnalyzeOptions) => Analysis;
  /** Reads non-JSON bodies (JSONL, CSV, e-mail ...) into records with their line/index. */
  readInputs: ReadBody;
  /** Removes personal data before anything is analysed or stored. */
  redact: (conversation: Conversation) => Conversation;
  /** Runs the pipeline on a batch off the HTTP thread (worker threads); without it ingest runs it inline with `redact` and `analyze`. */
  processBatch?: (jobs: IngestJob[]) => Promise<Processed[]>;
  /** Analyses one conversation off the HTTP thread within a time budget (worker threads); without it, inline. */
  analyzeBounded?: (conversation: Conversation, budgetMs: number) => Promise<Analysis>;
  /** Redacts a batch off the HTTP thread before it is queued (worker threads); without it, inline with `redact`. */
  redactBatch?: (conversations: Conversation[]) => Promise<Conversation[]>;
  /** The analysis queue (PostgreSQL): large bodies are queued for `attune worker` processes and answered 202. */
  queue?: IngestQueue;
  /** Tells a recurring sentence's kind (stock empathy or macro) with the engine's lexicon; the default lexicon's when absent. */
  templateKind?: (text: string) => TemplateKind;
  config: ServerConfig;
  now?: () => Date;
  /** The built dashboard served at `/`; absent, `/` says how to build it. */
  webRoot?: string;
  /** The phrase-list overlay (`PUT /v1/settings`) the engine was built with at start; absent, none. */
  engineOverlay?: PhraseOverlay;
  /** Live sessions (/v1/live): the engine they read turns with (the default lexicon's when absent) and how long a lost client may take to resume. */
  live?: { engine?: Engine; graceMs?: number; journal?: LiveJournal; maxStoring?: number; openWaitMs?: number };
}

/** What routes see: the deps with the engine bound. */
export interface AppContext {
  store: Store;
  /** The engine's analysis; `options` carries what the pipeline adds (journeys, audio). */
  analyze: (conversation: Conversation, options?: AnalyzeOptions) => Analysis;
  readInputs: ReadBody;
  redact: (conversation: Conversation) => Conversation;
  processBatch: (jobs: IngestJob[]) => Promise<Processed[]>;
  templateKind: (text: string) => TemplateKind;
  /** One analysis within a time budget, off the HTTP thread when worker threads run. */
  analyzeBounded: (conversation: Conversation, budgetMs: number) => Promise<Analysis>;
  redactBatch: (conversations: Conversation[]) => Promise<Conversation[]>;
  queue: IngestQueue | undefined;
  config: ServerConfig;
  now: () => Date;
  engineOverlay: PhraseOverlay;
}

/** The default lexicon, compiled on first use only (a server given `templateKind` never needs it). */
let defaultLexicon: CompiledLexicon | undefined;
function defaultTemplateKind(text: string): TemplateKind {
  if (!defaultLexicon) {
    const built = createEngine();
    if (!built.ok) throw new Error(built.errors.join('; '));
    defaultLexicon = built.engine.lexicon;
  }
  return templateKind({ text }, defaultLexicon);
}

export function contextOf<E>(deps: AppDeps<E>): AppContext {
  const analyze = (conversation: Conversation, options?: AnalyzeOptions) =>
    deps.analyze(conversation, deps.engine, options);
  const steps = { analyze, redact: deps.redact };
  const inline = async (jobs: IngestJob[]) => jobs.map((job) => processOne(job, steps));
  return {
    store: withKeyCache(deps.store),
    analyze,
    processBatch: deps.processBatch ?? inline,
    readInputs: deps.readInputs,
    redact: deps.redact,
    templateKind: deps.templateKind ?? defaultTemplateKind,
    analyzeBounded: deps.analyzeBounded ?? (async (conversation) => analyze(conversation)),
    redactBatch: deps.redactBatch ?? (async (conversations) => conversations.map(deps.redact)),
    queue: deps.queue,
    config: deps.config,
    now: deps.now ?? (() => new Date()),
    engineOverlay: deps.engineOverlay ?? {},
  };
}
