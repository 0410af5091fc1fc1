import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeDatabase, parseServerConfig, parseServerFileConfig } from './config.ts';
import { configFrom } from './main.ts';

test('defaults: loopback, embedded SQLite file, a year of retention', () => {
  assert.deepEqual(parseServerConfig({ flags: {}, env: {} }), {
    ok: true,
    config: {
      port: 8080,
      host: '127.0.0.1',
      database: { kind: 'sqlite', file: './.attune/attune.sqlite' },
      retentionDays: 365,
      retentionIntervalMinutes: 60,
      bodyLimitBytes: 10485760,
      rateLimitPerMinute: 6000,
      rateLimitPerIpPerMinute: undefined,
      analysisWorkers: undefined,
      storeAudio: false,
      configFile: undefined,
      queue: false,
      queueSyncMax: 100,
      queueLimit: 200000,
      queueBatchSize: 100,
      queueExpireSeconds: undefined,
      liveGraceMs: undefined,
    },
  });
});

test('the queue is on by --queue or ATTUNE_QUEUE, and only with PostgreSQL', () => {
  const on = parseServerConfig({ flags: { queue: true, db: 'postgres://db/x' }, env: { ATTUNE_QUEUE_LIMIT: '500' } });
  const byEnv = parseServerConfig({ flags: { db: 'postgres://db/x' }, env: { ATTUNE_QUEUE: 'yes' } });
  const sqlite = parseServerConfig({ flags: { queue: true }, env: {} });
  const bad = parseServerConfig({ flags: {}, env: { ATTUNE_QUEUE: 'maybe' } });
  assert.deepEqual(
    [on.ok && [on.config.queue, on.config.queueLimit], byEnv.ok && byEnv.config.queue, sqlite, bad.ok],
    [
      [true, 500],
      true,
      {
        ok: false,
        errors: [
          '--queue / ATTUNE_QUEUE: the analysis queue needs PostgreSQL (--db postgres://...); SQLite serves one machine',
        ],
      },
      false,
    ],
  );
});

test('flags win over the environment; DATABASE_URL selects PostgreSQL', () => {
  const result = parseServerConfig({
    flags: { port: '9000' },
    env: {
      PORT: '7000',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://u@localhost/attune',
      ATTUNE_RETENTION_DAYS: '30',
      ATTUNE_CONFIG: 'shifts.json',
    },
  });
  assert.ok(result.ok);
  assert.deepEqual(
    {
      port: result.config.port,
      host: result.config.host,
      database: result.config.database,
      retentionDays: result.config.retentionDays,
      configFile: result.config.configFile,
    },
    {
      port: 9000,
      host: '0.0.0.0',
      database: { kind: 'postgres', url: 'postgres://u@localhost/attune' },
      retentionDays: 30,
      configFile: 'shifts.json',
    },
  );
});

test('--db with a file path means SQLite, even when DATABASE_URL is set', () => {
  const result = parseServerConfig({ flags: { db: '/tmp/x.sqlite' }, env: { DATABASE_URL: 'postgres://h/db' } });
  assert.ok(result.ok);
  assert.deepEqual(result.config.database, { kind: 'sqlite', file: '/tmp/x.sqlite' });
});

test('each bad value gives one message naming its source and what was typed', () => {
  assert.deepEqual(
    parseServerConfig({ flags: { port: 'eighty' }, env: { ATTUNE_RETENTION_DAYS: '-1', ATTUNE_RATE_LIMIT: '1.5' } }),
    {
      ok: false,
      errors: [
        '--port / PORT: must be a number (got "eighty")',
        'ATTUNE_RETENTION_DAYS: must be at least 0 (got "-1")',
        'ATTUNE_RATE_LIMIT: must be a whole number (got "1.5")',
      ],
    },
  );
});

test('the --config file holds shifts and a lexicon path; each problem names its field', () => {
  const shifts = { timezone: 'Europe/London', shifts: [{ name: 'day', from: '08:00', to: '20:00' }] };
  assert.deepEqual(parseServerFileConfig({ shifts, lexicon: 'mine.json' }, 'attune.json'), {
    ok: true,
    config: { shifts, lexicon: 'mine.json' },
  });
  const bad = parseServerFileConfig(
    { shifts: { timezone: 'UTC', shifts: [{ name: 'day', from: '8am', to: '20:00' }] }, colour: 'red' },
    'attune.json',
  );
  assert.equal(bad.ok, false);
  assert.deepEqual(!bad.ok && bad.errors.map((e) => e.split(': ').slice(0, 2).join(': ')), [
    'attune.json: shifts.shifts.0.from',
    'attune.json: (file)',
  ]);
});

test('configFrom reads flags strictly: an unknown flag is a clear error', () => {
  assert.deepEqual(configFrom(['--prot', '80'], {}), ["Unknown option '--prot'"]);
  const config = configFrom(['--port', '0', '--db', 'x.sqlite'], { PORT: '1' });
  assert.ok(!Array.isArray(config));
  assert.deepEqual([config.port, config.database], [0, { kind: 'sqlite', file: 'x.sqlite' }]);
});

test('--schema or ATTUNE_DB_SCHEMA picks a PostgreSQL schema; for a SQLite file it is an error, not ignored', () => {
  const pg = parseServerConfig({
    flags: { schema: 'attune' },
    env: { DATABASE_URL: 'postgres://u@h/db', ATTUNE_DB_SCHEMA: 'other' },
  });
  assert.deepEqual(pg.ok && pg.config.database, { kind: 'postgres', url: 'postgres://u@h/db', schema: 'attune' });
  assert.deepEqual(parseServerConfig({ flags: { db: 'x.sqlite' }, env: { ATTUNE_DB_SCHEMA: 'attune' } }), {
    ok: false,
    errors: [
      '--db / DATABASE_URL / ATTUNE_DB (--schema / ATTUNE_DB_SCHEMA): a schema (--schema / ATTUNE_DB_SCHEMA) applies to PostgreSQL only',
    ],
  });
});

test('the database is described without its password', () => {
  assert.equal(describeDatabase({ kind: 'sqlite', file: './.attune/attune.sqlite' }), 'SQLite ./.attune/attune.sqlite');
  assert.equal(
    describeDatabase({
      kind: 'postgres',
      url: 'postgres://ops:s3cret@db.example:5432/attune?password=s3cret&sslmode=require',
      schema: 'cx',
    }),
    'PostgreSQL postgres://ops@db.example:5432/attune?sslmode=require (schema cx)',
  );
});

test('ATTUNE_LIVE_GRACE_MS sets how long a live session waits for its client; a bad value names the variable', () => {
  const set = parseServerConfig({ flags: {}, env: { ATTUNE_LIVE_GRACE_MS: '5000' } });
  const bad = ['0', '-1', '1.5', 'soon', '99999999999'].map((v) =>
    parseServerConfig({ flags: {}, env: { ATTUNE_LIVE_GRACE_MS: v } }),
  );
  assert.deepEqual(
    [
      set.ok && set.config.liveGraceMs,
      bad.map((b) => !b.ok && b.errors.every((e) => e.startsWith('ATTUNE_LIVE_GRACE_MS'))),
    ],
    [5000, [true, true, true, true, true]],
  );
});
