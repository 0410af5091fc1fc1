// The CLI's commands: what each does, and how to load it.

export interface Command {
  summary: string;
  /** Imported only when the command runs, so `attune --help` loads none of the engine, server or store. */
  load(): Promise<{ run(argv: string[]): Promise<number> }>;
}

export const COMMANDS: Record<string, Command> = {
  analyze: {
    summary: 'analyse conversations (files, or stdin when none) and print one analysis per conversation',
    load: () => import('./analyze.ts'),
  },
  templates: {
    summary: 'find templated sentences: stock empathy formulas and pasted macros that recur across conversations',
    load: () => import('./templates.ts'),
  },
  demo: {
    summary:
      'analyse the bundled examples (summary table), then serve them on the embedded database (--no-serve to stop after the table)',
    load: () => import('./demo.ts'),
  },
  serve: {
    summary:
      'run the HTTP API (--port, --host, --db file-or-postgres-url, --config file); PORT, HOST, DATABASE_URL, ATTUNE_DB also work',
    load: () => import('./serve.ts'),
  },
  worker: {
    summary:
      'analyse conversations queued in PostgreSQL by API nodes (serve --queue) or a backfill (--database postgres://URL [--concurrency N])',
    load: () => import('./worker.ts'),
  },
  backfill: {
    summary:
      'queue files of conversations for workers, with progress and resume after a crash (FILE... --database URL [--workers N])',
    load: () => import('./backfill.ts'),
  },
  live: {
    summary:
      'replay conversations as live sessions with their real timing and print the cues as they come (--replay FILE [--speed N] [--url URL --key KEY])',
    load: () => import('./live.ts'),
  },
  keys: {
    summary: 'manage API keys: create (prints the key once), list, revoke — the first admin key comes from here',
    load: () => import('./keys.ts'),
  },
  train: {
    summary:
      "train a model on your own labelled turns ({text, labels[]} per JSONL line), or `train weights` on your reviewers' ratings",
    load: () => import('./train.ts'),
  },
};
