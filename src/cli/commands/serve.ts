import { serveForever } from '../../server/main.ts';

const HELP = `usage: attune serve [--port N] [--host ADDR] [--db FILE|postgres://URL [--schema NAME]] [--config FILE] [--queue]

  --port     port to listen on (PORT; default 8080; 0 picks a free one)
  --host     address to listen on (HOST; default 127.0.0.1)
  --db       SQLite file, or a postgres:// URL (DATABASE_URL or ATTUNE_DB; default ./.attune/attune.sqlite)
  --schema   PostgreSQL schema to work in, created when missing (ATTUNE_DB_SCHEMA; or ?options=-c search_path=NAME in the URL)
  --queue    PostgreSQL only: queue bodies over ATTUNE_QUEUE_SYNC_MAX conversations for attune worker processes
             (202 and a job, GET /v1/jobs/ID for progress) instead of analysing them here (ATTUNE_QUEUE=1)
  --config   JSON file: {"shifts": {"timezone": "Europe/London", "shifts": [{"name": "early", "from": "06:00", "to": "14:00"}]}, "lexicon": "my-lexicon.json"}

environment: ATTUNE_RETENTION_DAYS (default 365, 0 keeps forever), ATTUNE_RETENTION_INTERVAL_MINUTES (60),
             ATTUNE_BODY_LIMIT (bytes, default 10485760), ATTUNE_RATE_LIMIT (requests per key per minute, default 6000),
             ATTUNE_LOG=off to silence request logs, ATTUNE_LIVE_GRACE_MS (ms a live session waits for its
             client to resume, default 60000; on PostgreSQL, the same on every node);
             with --queue: ATTUNE_QUEUE_SYNC_MAX (100), ATTUNE_QUEUE_LIMIT (200000 conversations waiting, then 429),
             ATTUNE_QUEUE_BATCH (100 conversations per queued batch)
`;

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(HELP);
    return 0;
  }
  return serveForever(argv);
}
