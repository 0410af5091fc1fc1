import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { expectedMetrics } from './contract-data.ts';
import { fakeConversation, fakeItem } from './fixtures.ts';
import { flatten } from './flatten.ts';
import { migrateToLatest } from './migrations.ts';
import type { Dialect } from './migrations.ts';
import { DEFAULT_SHIFTS } from './options.ts';
import { openPostgresStore } from './postgres.ts';
import { rebuildRollup } from './rollup.ts';
import { ALL } from './scope.ts';
import { openSqliteStore } from './sqlite.ts';
import type { Store } from './store.ts';
import type { Database } from './tables.ts';
import type { CueOutcome, LiveCueKind } from '../core/schema/index.ts';
import type { VOICE_CUES } from '../core/schema/voice.ts';

type VoiceCueKind = (typeof VOICE_CUES)[number];

/** The last migration of the release before this one: what a running installation's database has. */
const RELEASED = '004_secrets';

const scores = { empathy: 60, compassion: 60, overall: 60, sentimentShift: 0 };
const email = fakeConversation({
  id: 'old-email',
  channel: 'email',
  startedAt: '2026-02-02T09:00:00Z',
  customer: { id: 'kept' },
  agent: { id: 'a1', team: 'red' },
  turns: [
    { role: 'customer', text: 'Where is my refund?', at: '2026-02-02T09:00:00Z' },
    { role: 'agent', text: 'Sent today.', at: '2026-02-04T10:30:00Z' },
  ],
});
const call = fakeConversation({
  id: 'old-call',
  channel: 'voice',
  startedAt: '2026-02-03T10:00:00Z',
  customer: { id: 'kept' },
  agent: { id: 'a1', team: 'red' },
  turns: [
    { role: 'customer', text: 'My card was declined.', start: 0, end: 10 },
    { role: 'agent', text: 'Let me look at that now.', start: 30, end: 40 },
  ],
});
/** The call was a live session: its cue outcomes, stored only inside its analysis before 009. */
const CALL_CUES: [LiveCueKind, CueOutcome | null][] = [
  ['slow-down', 'accepted'],
  ['care', 'ignored'],
  ['open-moment', null],
];
/** It streamed audio: its voice cues, read from its analysis into the cue outcomes by 012. */
const CALL_VOICE_CUES: [VoiceCueKind, CueOutcome | null][] = [
  ['slow-down', 'ignored'],
  ['long-silence', 'accepted'],
];
const optedOut = fakeConversation({
  id: 'old-skipped',
  channel: 'chat',
  startedAt: '2026-02-03T11:00:00Z',
  consent: { analysis: false },
});

/** Writes rows as the released store did: its columns only, handle time as the first-to-last span. */
async function fillAsReleased(db: Kysely<Database>): Promise<void> {
  const spans = { 'old-email': 178_200, 'old-call': 40, 'old-skipped': null };
  for (const item of [
    fakeItem(email, scores),
    fakeItem(call, { ...scores, live: CALL_CUES, voice: CALL_VOICE_CUES }),
    fakeItem(optedOut, 'skipped'),
  ]) {
    const { row, moments } = flatten(item.conversation, item.analysis, DEFAULT_SHIFTS, '2026-02-05T00:00:00.000Z');
    const { handle_time_basis: _b, handle_time_reason: _r, content_sha256: _h, contact_json: _c, ...released } = row;
    await db
      .insertInto('conversations')
      .values({ ...released, handle_time_seconds: spans[row.id as keyof typeof spans] } as never)
      .execute();
    if (moments.length > 0) await db.insertInto('moments').values(moments).execute();
  }
  await rebuildRollup(db);
  const review = (id: string, reviewer: string, empathy: number, at: string) => ({
    id,
    conversation_id: 'old-call',
    reviewer,
    empathy,
    customer_feeling: '',
    responded: 'yes',
    note: '',
    created_at: at,
  });
  await db
    .insertInto('reviews')
    .values([
      review('r1', 'ann', 2, '2026-02-05T10:00:00.000Z'),
      review('r2', 'ann', 4, '2026-02-06T10:00:00.000Z'),
      review('r3', 'bob', 3, '2026-02-05T11:00:00.000Z'),
    ])
    .execute();
  // the released erase route audited a keyed hash of the customer with the database's key
  const { value: key } = await db
    .selectFrom('secrets')
    .select('value')
    .where('name', '=', 'audit-key')
    .executeTakeFirstOrThrow();
  const token = `customer:${createHmac('sha256', key).update('gone@example.com').digest('hex').slice(0, 24)}`;
  await db
    .insertInto('audit_log')
    .values({ key_id: 'key_x', action: 'erase-customer', target: token, at: '2026-02-05T12:00:00.000Z' })
    .execute();
}

/** Builds a released database with `raw`, then opens it with this release's store and migrates. */
function upgradeSuite(name: string, dialect: Dialect, raw: () => Promise<{ db: Kysely<Database>; open: () => Store }>) {
  describe(`upgrade from the released schema: ${name}`, () => {
    test('migrates in place, keeping the data: one review per reviewer, handle times measured again, earlier erasures kept', async () => {
      const { db, open } = await raw();
      await migrateToLatest(db as Kysely<unknown>, dialect, undefined, RELEASED);
      await fillAsReleased(db);
      await db.destroy();

      const store = open();
      await store.migrate();
      try {
        const rows = (await store.listConversations(ALL, {}, {})).items;
        assert.deepEqual(
          rows.map((r) => [r.id, r.handleTimeSeconds, r.handleTimeBasis, r.handleTimeReason]),
          [
            ['old-skipped', null, null, 'opted out: not analysed'],
            ['old-call', 20, 'talk', 'talk time: 2 timed turns, overlapping speech counted once'],
            ['old-email', null, null, 'email: message times say when each was sent, not how long it took to handle'],
          ],
        );
        for (const groupBy of ['agent', 'day', undefined] as const) {
          const voice = CALL_VOICE_CUES.map(([kind, outcome]) => ({ kind: `voice:${kind}` as const, outcome }));
          const cues = new Map([['old-call', [...CALL_CUES.map(([kind, outcome]) => ({ kind, outcome })), ...voice]]]);
          assert.deepEqual(await store.metrics(ALL, groupBy ? { groupBy } : {}), expectedMetrics(rows, groupBy, cues));
        }
        assert.deepEqual(
          (await store.listReviews(ALL)).map((r) => [r.id, r.reviewer, r.empathy]),
          [
            ['r3', 'bob', 3],
            ['r2', 'ann', 4],
          ],
        );
        const again = await store.addReview({
          conversationId: 'old-call',
          reviewer: 'bob',
          empathy: 5,
          responded: 'yes',
        });
        assert.equal(again.id, 'r3');
        const refused = await store.saveAnalysed([
          fakeItem(fakeConversation({ id: 'new', channel: 'chat', customer: { id: 'gone@example.com' } }), scores),
        ]);
        assert.deepEqual(
          refused.refused.map((r) => [r.id, r.field]),
          [['new', 'customer.id']],
        );
        assert.equal(await store.liftErasure('gone@example.com'), true);
      } finally {
        await store.close();
      }
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'attune-upgrade-'));
after(() => rmSync(dir, { recursive: true, force: true }));
upgradeSuite('sqlite', 'sqlite', async () => {
  const file = join(dir, 'released.sqlite');
  return {
    db: new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(file) }) }),
    open: () => openSqliteStore(file),
  };
});

const url = process.env.ATTUNE_TEST_DATABASE_URL;
if (url || process.env.CI) {
  const schema = `attune_upgrade_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  after(async () => {
    await admin.query(`drop schema if exists "${schema}" cascade`);
    await admin.end();
  });
  upgradeSuite('postgres', 'postgres', async () => {
    await admin.query(`create schema "${schema}"`);
    const pool = new pg.Pool({ connectionString: url, max: 1, options: `-c search_path=${schema}` });
    return {
      db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
      open: () => openPostgresStore(url!, { schema }),
    };
  });
}
