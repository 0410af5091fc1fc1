import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BadCursorError } from './cursor.ts';
import { expectedMetrics, sample } from './contract-data.ts';
import { fakeConversation, fakeItem } from './fixtures.ts';
import { prepare } from './flatten.ts';
import { GROUP_BY } from '../api/index.ts';
import { ALL } from './scope.ts';
import type { ConversationFilter, ConversationRow, PageOf } from '../api/index.ts';
import type { Scope } from './scope.ts';
import type { Store } from './store.ts';
import { hmacHex } from './hash-key.ts';
import { redactConversation } from '../core/privacy/redact.ts';
import { storedCustomerId } from '../core/privacy/pseudonym.ts';
import { decodeContacts, encodeContact } from './contacts.ts';
import type { ContactSummary } from '../core/journeys/index.ts';

const ids = (page: PageOf<{ id: string }>) => page.items.map((r) => r.id);
/** receivedAt is the clock at ingest; check it is a time, then compare the rest whole. */
function withoutReceived(row: ConversationRow): Omit<ConversationRow, 'receivedAt'> {
  const { receivedAt, ...rest } = row;
  assert.ok(!Number.isNaN(Date.parse(receivedAt)));
  return rest;
}

const C1_ROW = {
  id: 'c1',
  customerId: 'cust1',
  agentId: 'a1',
  team: 'red',
  channel: 'chat',
  queue: 'billing',
  startedAt: '2026-03-02T07:30:00.000Z',
  day: '2026-03-02',
  week: '2026-W10',
  shift: 'early',
  handleTimeSeconds: 120,
  handleTimeBasis: 'active',
  handleTimeReason:
    'active time: the gaps between 4 timed messages, each counted up to 5 minutes (a longer wait is idle)',
  skipped: false,
  tier: 2,
  empathy: 80,
  compassion: 60,
  overall: 70,
  sentimentShift: 10,
  heardNotHelped: false,
  humanRequired: false,
  missedMoments: 1,
  totalMoments: 2,
  repeatContact: false,
  vulnerable: false,
};

/**
 * The behaviour every backend must have. `open` returns a fresh, empty, unmigrated store;
 * the suite migrates it and closes it.
 */
export function runStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`store contract: ${name}`, () => {
    let store: Store;
    const all = (filter: ConversationFilter = {}, scope: Scope = ALL) =>
      store.listConversations(scope, filter, { limit: 100 });

    /** Every groupBy's metrics equal a naive computation over the rows the same reader can list. */
    const metricsMatchRows = async (scope: Scope = ALL, range: { from?: string; to?: string; agent?: string } = {}) => {
      const rows = (await all(range, scope)).items;
      // each conversation's live cues, read back from its stored analysis
      const cues = new Map(
        await Promise.all(
          rows.map(async (r) => {
            const analysis = (await store.getConversation(scope, r.id))!.analysis;
            if ('skipped' in analysis || !analysis.live) return [r.id, []] as const;
            const voice = (analysis.live.voice?.cues ?? []).map((c) => ({
              kind: `voice:${c.kind}` as const,
              outcome: c.outcome ?? null,
            }));
            return [r.id, [...analysis.live.cues, ...voice]] as const;
          }),
        ),
      );
      for (const groupBy of [...GROUP_BY, undefined]) {
        assert.deepEqual(
          await store.metrics(scope, { ...(groupBy ? { groupBy } : {}), ...range }),
          expectedMetrics(rows, groupBy, cues),
          `${groupBy ?? 'total'} ${JSON.stringify({ scope, range })}`,
        );
      }
      return rows.map((r) => r.id);
    };

    before(async () => {
      store = await open();
      await store.migrate();
      await store.migrate();
      await store.saveAnalysed(sample());
    });
    after(() => store.close());

    test('answers ping', async () => {
      await store.ping();
    });

    test('stores the flattened row, the conversation and the analysis', async () => {
      const [item] = sample();
      const got = await store.getConversation(ALL, 'c1');
      assert.ok(got);
      assert.deepEqual(
        { ...got, row: withoutReceived(got.row) },
        { row: C1_ROW, conversation: item!.conversation, analysis: item!.analysis },
      );
    });

    test('keeps no text of an opted-out conversation', async () => {
      const got = await store.getConversation(ALL, 'c4');
      assert.ok(got);
      assert.deepEqual(
        { conversation: got.conversation, analysis: got.analysis },
        { conversation: null, analysis: { id: 'c4', skipped: 'opted-out' } },
      );
      assert.deepEqual(withoutReceived(got.row), {
        id: 'c4',
        customerId: 'cust3',
        agentId: 'a3',
        team: 'blue',
        channel: 'chat',
        queue: null,
        startedAt: '2026-06-01T12:00:00.000Z',
        day: '2026-06-01',
        week: '2026-W23',
        shift: 'early',
        handleTimeSeconds: null,
        handleTimeBasis: null,
        handleTimeReason: 'opted out: not analysed',
        skipped: true,
        tier: null,
        empathy: null,
        compassion: null,
        overall: null,
        sentimentShift: null,
        heardNotHelped: null,
        humanRequired: null,
        missedMoments: null,
        totalMoments: null,
        repeatContact: null,
        vulnerable: null,
      });
      assert.deepEqual(
        (await store.listMoments(ALL, {}, {})).items.filter((m) => m.conversationId === 'c4'),
        [],
      );
    });

    test('flattens times, shifts and handle times', async () => {
      const rows = (await all()).items.map((r) => [
        r.id,
        r.startedAt,
        r.day,
        r.week,
        r.shift,
        r.handleTimeSeconds,
        r.handleTimeBasis,
      ]);
      assert.deepEqual(rows, [
        ['c4', '2026-06-01T12:00:00.000Z', '2026-06-01', '2026-W23', 'early', null, null],
        // an e-mail thread over two days has no handle time, and says why
        ['c3', '2026-03-09T23:30:00.000Z', '2026-03-09', '2026-W11', 'night', null, null],
        // talk time: 0-12 s and 13-300 s, not the 300 s span
        ['c2', '2026-03-02T15:00:00.000Z', '2026-03-02', '2026-W10', 'late', 299, 'talk'],
        ['c1', '2026-03-02T07:30:00.000Z', '2026-03-02', '2026-W10', 'early', 120, 'active'],
        ['c5', null, null, null, null, null, null],
      ]);
      assert.deepEqual(
        (await store.getConversation(ALL, 'c3'))?.row.handleTimeReason,
        'email: message times say when each was sent, not how long it took to handle',
      );
      assert.deepEqual(
        (await store.getConversation(ALL, 'c5'))?.row.handleTimeReason,
        'no turn timings: turns have neither voice start/end nor message times',
      );
    });

    test('streams every stored conversation with text in scope, oldest first, within a time range', async () => {
      const seen = async (scope: Scope, range: { from?: string; to?: string } = {}) => {
        const got: string[] = [];
        const count = await store.eachConversation(scope, range, (c) => got.push(c.id));
        assert.equal(count, got.length);
        return got;
      };
      assert.deepEqual(await seen(ALL), ['c5', 'c1', 'c2', 'c3']);
      assert.deepEqual(await seen({ kind: 'teams', teams: ['blue'] }), ['c3']);
      assert.deepEqual(await seen({ kind: 'agent', agentId: 'a1' }), ['c1', 'c2']);
      assert.deepEqual(await seen(ALL, { from: '2026-03-02T08:00:00Z' }), ['c2', 'c3']);
    });

    test('a customer token is stable, differs per customer and does not hold the id', async () => {
      const a = await store.customerToken('jane.doe@example.com');
      assert.equal(await store.customerToken('jane.doe@example.com'), a);
      assert.notEqual(await store.customerToken('john@example.com'), a);
      assert.match(a, /^customer:[0-9a-f]{24}$/);
    });

    test('a customer whose id is personal data is stored under a keyed pseudonym, found and erased by the id itself', async () => {
      const hash = hmacHex(await store.hashKey());
      const sent = fakeConversation({
        id: 'c-pseudo',
        channel: 'chat',
        startedAt: '2026-03-05T10:00:00Z',
        customer: { id: 'Jane.Doe@Example.com', email: 'jane.doe@example.com' },
      });
      const redacted = redactConversation(sent, hash);
      const token = redacted.customer!.id;
      assert.match(token, /^email:[0-9a-f]{20}$/);
      assert.equal(redacted.customer!.email, `[EMAIL:${token.slice('email:'.length)}]`);
      await store.saveAnalysed([
        fakeItem(redacted, { empathy: 50, compassion: 50, overall: 50, sentimentShift: 0, moments: [] }),
      ]);
      assert.deepEqual(ids(await store.listConversations(ALL, { customer: 'jane.doe@example.com' }, {})), ['c-pseudo']);
      assert.deepEqual(ids(await store.listConversations(ALL, { customer: token }, {})), ['c-pseudo']);
      // the customer's earlier contacts, for journeys, are found by the id as sent too
      const contact: ContactSummary = {
        conversationId: 'c-pseudo',
        customerId: token,
        channel: 'chat',
        at: Date.parse('2026-03-05T10:00:00Z'),
        startSentiment: 0,
        endSentiment: 0,
        emotions: [],
        topic: 'billing',
        keywords: [{ term: 'refund', turn: 0, start: 0, end: 6, text: 'refund' }],
      };
      const { analysis } = fakeItem(redacted, { empathy: 50, compassion: 50, overall: 50, sentimentShift: 0 });
      await store.saveAnalysed([{ prepared: prepare(redacted, analysis, { contact: encodeContact(contact) }) }]);
      assert.deepEqual(
        [...(await store.recentContacts(['Jane.Doe@Example.com']))].map(([id, encoded]) => [
          id,
          decodeContacts(encoded),
        ]),
        [['Jane.Doe@Example.com', [contact]]],
      );
      assert.deepEqual(await store.eraseCustomer('jane.doe@example.com'), { conversations: 1, moments: 0, reviews: 0 });
      assert.equal(await store.getConversation(ALL, 'c-pseudo'), null);
    });

    test('a kept recording is read within scope only, replaced when sent again, and goes with its conversation (erasure, retention)', async () => {
      const spec = { empathy: 50, compassion: 50, overall: 50, sentimentShift: 0 };
      const rec = (id: string, startedAt: string) =>
        fakeItem(
          fakeConversation({
            id,
            channel: 'voice',
            startedAt,
            customer: { id: 'cust-rec' },
            agent: { id: 'a9', team: 'green' },
          }),
          spec,
        );
      await store.saveAnalysed([rec('rec1', '2026-03-20T10:00:00Z'), rec('rec2', '2019-03-20T10:00:00Z')]);
      const bytes = new Uint8Array([82, 73, 70, 70, 0, 255, 1]);
      await store.saveRecording({ conversationId: 'rec1', mediaType: 'audio/wav', bytes: new Uint8Array([1]) });
      await store.saveRecording({ conversationId: 'rec1', mediaType: 'audio/wav', bytes });
      await store.saveRecording({ conversationId: 'rec2', mediaType: 'audio/wav', bytes });
      assert.deepEqual(await store.getRecording(ALL, 'rec1'), {
        conversationId: 'rec1',
        mediaType: 'audio/wav',
        bytes,
      });
      assert.deepEqual(await store.getRecording({ kind: 'agent', agentId: 'a9' }, 'rec1'), {
        conversationId: 'rec1',
        mediaType: 'audio/wav',
        bytes,
      });
      assert.equal(await store.getRecording({ kind: 'agent', agentId: 'a1' }, 'rec1'), null);
      assert.equal(await store.getRecording({ kind: 'teams', teams: ['red'] }, 'rec1'), null);
      assert.equal(await store.getRecording(ALL, 'c1'), null);
      assert.deepEqual(await store.purgeOlderThan('2020-01-01T00:00:00Z'), {
        conversations: 1,
        moments: 0,
        reviews: 0,
      });
      assert.equal(await store.getRecording(ALL, 'rec2'), null);
      assert.deepEqual(await store.eraseCustomer('cust-rec'), { conversations: 1, moments: 0, reviews: 0 });
      assert.equal(await store.getRecording(ALL, 'rec1'), null);
      await store.liftErasure('cust-rec');
    });

    test('returns null for an unknown id', async () => {
      assert.equal(await store.getConversation(ALL, 'nope'), null);
    });

    test('pages newest first with a stable cursor', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listConversations(ALL, {}, { limit: 2, ...(cursor ? { cursor } : {}) });
        seen.push(...ids(page));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      assert.deepEqual(seen, ['c4', 'c3', 'c2', 'c1', 'c5']);
      await assert.rejects(store.listConversations(ALL, {}, { cursor: 'not-a-cursor' }), BadCursorError);
    });

    test('applies every filter', async () => {
      const cases: [ConversationFilter, string[]][] = [
        [{ agent: 'a1' }, ['c2', 'c1']],
        [{ team: 'blue' }, ['c4', 'c3']],
        [{ channel: 'chat' }, ['c4', 'c1', 'c5']],
        [{ queue: 'billing' }, ['c2', 'c1']],
        [{ customer: 'cust1' }, ['c3', 'c1']],
        [{ tier: 3 }, ['c3', 'c5']],
        [{ heardNotHelped: true }, ['c2']],
        [{ heardNotHelped: false }, ['c3', 'c1', 'c5']],
        [{ humanRequired: true }, ['c2']],
        [{ vulnerable: true }, ['c2']],
        [{ skipped: true }, ['c4']],
        [{ scoreMin: 55, scoreMax: 70 }, ['c3', 'c2', 'c1']],
        [{ scoreField: 'empathy', scoreMin: 61 }, ['c1', 'c5']],
        [{ scoreField: 'compassion', scoreMax: 60 }, ['c3', 'c1']],
        [{ from: '2026-03-02T08:00:00Z', to: '2026-06-01T12:00:00Z' }, ['c3', 'c2']],
        [{ from: '2026-03-02T08:00:00+01:00' }, ['c4', 'c3', 'c2', 'c1']],
        [{ agent: 'a1', channel: 'voice' }, ['c2']],
      ];
      for (const [filter, expected] of cases)
        assert.deepEqual(ids(await all(filter)), expected, JSON.stringify(filter));
    });

    test('limits every read to the scope', async () => {
      const red: Scope = { kind: 'teams', teams: ['red'] };
      const a2: Scope = { kind: 'agent', agentId: 'a2' };
      assert.deepEqual(ids(await all({}, red)), ['c2', 'c1']);
      assert.deepEqual(ids(await all({}, { kind: 'teams', teams: [] })), []);
      assert.deepEqual(ids(await all({}, a2)), ['c3']);
      assert.deepEqual(ids(await all({ agent: 'a1' }, a2)), []);
      assert.equal(await store.getConversation(a2, 'c1'), null);
      assert.equal((await store.getConversation(red, 'c1'))?.row.id, 'c1');
      assert.deepEqual(
        (await store.metrics(a2, { groupBy: 'agent' })).rows.map((m) => m.group),
        ['a2'],
      );
      // an agent's cue adoption is their own: a1's cues in c1 and c2 are not counted
      assert.deepEqual((await store.metrics(a2, {})).total.cueAdoption, {
        shown: 1,
        accepted: 0,
        ignored: 1,
        dismissed: 0,
        decided: 1,
        rate: 0,
        byKind: [
          { kind: 'acknowledge-deadline', shown: 1, accepted: 0, ignored: 1, dismissed: 0, decided: 1, rate: 0 },
        ],
      });
      assert.deepEqual(
        (await store.metrics(red, { groupBy: 'team' })).rows.map((m) => m.group),
        ['red'],
      );
      assert.deepEqual((await store.listMoments(a2, {}, {})).items, []);
      assert.deepEqual(
        (await store.listMoments(red, {}, {})).items.map((m) => m.conversationId),
        ['c2', 'c1', 'c1'],
      );
    });

    test('computes the KPIs of each agent', async () => {
      const noCues = { shown: 0, accepted: 0, ignored: 0, dismissed: 0, decided: 0, rate: null, byKind: [] };
      const none = {
        empathy: null,
        compassion: null,
        overall: null,
        heardNotHelpedRate: null,
        sentimentShift: null,
        humanRequiredRate: null,
        missedMomentShare: null,
        repeatContactRate: null,
        vulnerableRate: null,
        handleTimeSeconds: null,
        handleTimeConversations: 0,
        empathyCount: 0,
        momentCount: 0,
        cueAdoption: noCues,
      };
      const cues = (
        kind: string,
        shown: number,
        accepted: number,
        ignored: number,
        dismissed: number,
        rate: number | null,
      ) => ({ kind, shown, accepted, ignored, dismissed, decided: accepted + ignored + dismissed, rate });
      const { groupBy, rows, total } = await store.metrics(ALL, { groupBy: 'agent' });
      assert.deepEqual(total, {
        group: null,
        count: 4,
        skipped: 1,
        empathy: 70,
        compassion: 67.5,
        overall: 67.5,
        heardNotHelpedRate: 0.25,
        sentimentShift: 5,
        humanRequiredRate: 0.25,
        missedMomentShare: 0.666667,
        repeatContactRate: 0.25,
        vulnerableRate: 0.25,
        handleTimeSeconds: 209.5,
        handleTimeConversations: 2,
        empathyCount: 3,
        momentCount: 3,
        // c1 and c2 (a1) and c3 (a2) were live sessions; c2 a call with voice cues too; a text and a voice cue of c2
        // were undecided when it closed
        cueAdoption: {
          shown: 9,
          accepted: 3,
          ignored: 3,
          dismissed: 1,
          decided: 7,
          rate: 0.428571,
          byKind: [
            cues('acknowledge-deadline', 3, 2, 1, 0, 0.666667),
            cues('own-the-chase', 1, 0, 1, 0, 0),
            cues('consider-human', 1, 0, 0, 0, null),
            cues('care', 1, 0, 0, 1, 0),
            cues('voice:slow-down', 1, 1, 0, 0, 1),
            cues('voice:stop-talking-over', 1, 0, 1, 0, 0),
            cues('voice:long-silence', 1, 0, 0, 0, null),
          ],
        },
      });
      assert.deepEqual(
        [groupBy, rows],
        [
          'agent',
          [
            {
              group: 'a1',
              count: 2,
              skipped: 0,
              empathy: 60,
              compassion: 65,
              overall: 62.5,
              heardNotHelpedRate: 0.5,
              sentimentShift: -5,
              humanRequiredRate: 0.5,
              missedMomentShare: 0.666667,
              repeatContactRate: 0.5,
              vulnerableRate: 0.5,
              handleTimeSeconds: 209.5,
              handleTimeConversations: 2,
              empathyCount: 2,
              momentCount: 3,
              cueAdoption: {
                shown: 8,
                accepted: 3,
                ignored: 2,
                dismissed: 1,
                decided: 6,
                rate: 0.5,
                byKind: [
                  cues('acknowledge-deadline', 2, 2, 0, 0, 1),
                  cues('own-the-chase', 1, 0, 1, 0, 0),
                  cues('consider-human', 1, 0, 0, 0, null),
                  cues('care', 1, 0, 0, 1, 0),
                  cues('voice:slow-down', 1, 1, 0, 0, 1),
                  cues('voice:stop-talking-over', 1, 0, 1, 0, 0),
                  cues('voice:long-silence', 1, 0, 0, 0, null),
                ],
              },
            },
            {
              // a2's one conversation had no moment: no empathy to average
              group: 'a2',
              count: 1,
              skipped: 0,
              empathy: null,
              compassion: 50,
              overall: 55,
              heardNotHelpedRate: 0,
              sentimentShift: 0,
              humanRequiredRate: 0,
              missedMomentShare: null,
              repeatContactRate: 0,
              vulnerableRate: 0,
              handleTimeSeconds: null,
              handleTimeConversations: 0,
              empathyCount: 0,
              momentCount: 0,
              cueAdoption: {
                shown: 1,
                accepted: 0,
                ignored: 1,
                dismissed: 0,
                decided: 1,
                rate: 0,
                byKind: [cues('acknowledge-deadline', 1, 0, 1, 0, 0)],
              },
            },
            { group: 'a3', count: 0, skipped: 1, ...none },
            {
              group: null,
              count: 1,
              skipped: 0,
              empathy: 90,
              compassion: 90,
              overall: 90,
              heardNotHelpedRate: 0,
              sentimentShift: 30,
              humanRequiredRate: 0,
              missedMomentShare: null,
              repeatContactRate: 0,
              vulnerableRate: 0,
              handleTimeSeconds: null,
              handleTimeConversations: 0,
              empathyCount: 1,
              momentCount: 0,
              cueAdoption: noCues,
            },
          ],
        ],
      );
    });

    test('without groupBy, the total alone; dates are whole local days, the `to` day included, in metrics and lists', async () => {
      const { total, rows } = await store.metrics(ALL, {});
      assert.deepEqual([total.count, total.skipped, total.handleTimeConversations, rows], [4, 1, 2, []]);
      assert.deepEqual(await store.metrics(ALL, { from: '2030-01-01' }), expectedMetrics([]));
      assert.equal(expectedMetrics([]).total.count, 0);
      // London is on GMT on 2 March and BST on 1 June
      const byDay = await store.metrics(ALL, { groupBy: 'day', from: '2026-03-02', to: '2026-03-02' });
      assert.deepEqual(
        byDay,
        await store.metrics(ALL, { groupBy: 'day', from: '2026-03-02T00:00:00Z', to: '2026-03-03T00:00:00Z' }),
      );
      assert.deepEqual(
        byDay.rows.map((r) => [r.group, r.count]),
        [['2026-03-02', 2]],
      );
      assert.deepEqual(
        await store.metrics(ALL, { from: '2026-06-01', to: '2026-06-01' }),
        await store.metrics(ALL, { from: '2026-05-31T23:00:00Z', to: '2026-06-01T23:00:00Z' }),
      );
      assert.deepEqual((await store.metrics(ALL, { from: '2026-06-01' })).total.skipped, 1);
      // conversation and moment lists take dates the same way
      assert.deepEqual(ids(await all({ from: '2026-03-02', to: '2026-03-02' })), ['c2', 'c1']);
      assert.deepEqual(
        ids(await all({ from: '2026-06-01', to: '2026-06-01' })),
        ids(await all({ from: '2026-05-31T23:00:00Z', to: '2026-06-01T23:00:00Z' })),
      );
      const momentIds = async (filter: { from: string; to: string }) =>
        (await store.listMoments(ALL, filter, {})).items.map((m) => `${m.conversationId}#${m.turn}`);
      assert.deepEqual(
        await momentIds({ from: '2026-03-02', to: '2026-03-02' }),
        await momentIds({ from: '2026-03-02T00:00:00Z', to: '2026-03-03T00:00:00Z' }),
      );
    });

    test('groups the KPIs by every dimension, scope and time range', async () => {
      assert.deepEqual(await metricsMatchRows(), ['c4', 'c3', 'c2', 'c1', 'c5']);
      assert.deepEqual(await metricsMatchRows({ kind: 'teams', teams: ['red', 'blue'] }), ['c4', 'c3', 'c2', 'c1']);
      assert.deepEqual(await metricsMatchRows({ kind: 'agent', agentId: 'a1' }, { from: '2026-03-02T08:00:00Z' }), [
        'c2',
      ]);
      // one agent's figures over all their conversations (a scorecard's trend), within the reader's scope
      assert.deepEqual(await metricsMatchRows(ALL, { agent: 'a1' }), ['c2', 'c1']);
      assert.deepEqual(await metricsMatchRows(ALL, { agent: 'a1', from: '2026-03-02T08:00:00Z' }), ['c2']);
      assert.deepEqual(await metricsMatchRows({ kind: 'teams', teams: ['blue'] }, { agent: 'a1' }), []);
      assert.deepEqual(await metricsMatchRows({ kind: 'agent', agentId: 'a2' }, { agent: 'a1' }), []);
      const ranges: [{ from?: string; to?: string }, string[]][] = [
        [{ from: '2026-03-02T08:00:00Z', to: '2026-04-01T00:00:00Z' }, ['c3', 'c2']],
        [{ from: '2026-03-02T00:00:00Z', to: '2026-03-02T15:00:00Z' }, ['c1']],
        [{ from: '2026-03-02T15:00:00Z', to: '2026-03-02T15:00:00.001Z' }, ['c2']],
        [{ from: '2026-03-01T00:00:00Z' }, ['c4', 'c3', 'c2', 'c1']],
        [{ from: '2026-03-09T23:30:00Z' }, ['c4', 'c3']],
        [{ to: '2026-03-09T23:30:00Z' }, ['c2', 'c1']],
        [{ to: '2026-06-01T12:00:00.001Z' }, ['c4', 'c3', 'c2', 'c1']],
        [{ from: '2026-06-01T12:00:00Z', to: '2026-03-01T00:00:00Z' }, []],
      ];
      const red: Scope = { kind: 'teams', teams: ['red'] };
      for (const [range, expected] of ranges) {
        assert.deepEqual(await metricsMatchRows(ALL, range), expected, JSON.stringify(range));
        assert.deepEqual(
          await metricsMatchRows(red, range),
          expected.filter((id) => id === 'c1' || id === 'c2'),
          JSON.stringify(range),
        );
      }
    });

    test('lists moments with the exact words', async () => {
      const [c1] = sample();
      const page = await store.listMoments(ALL, {}, {});
      assert.deepEqual(
        page.items.map((m) => [m.conversationId, m.turn, m.outcome]),
        [
          ['c2', 0, 'missed'],
          ['c1', 2, 'met-specific'],
          ['c1', 0, 'missed'],
        ],
      );
      assert.deepEqual(page.items[2], {
        conversationId: 'c1',
        turn: 0,
        outcome: 'missed',
        triggers: ['frustration'],
        customerText: c1!.conversation.turns[0]!.text,
        responseTurn: 1,
        agentText: c1!.conversation.turns[1]!.text,
        evidence: [
          {
            turn: 0,
            start: 0,
            end: c1!.conversation.turns[0]!.text.length,
            text: c1!.conversation.turns[0]!.text,
            detector: 'test',
            why: 'test',
          },
        ],
        agentId: 'a1',
        team: 'red',
        startedAt: '2026-03-02T07:30:00.000Z',
      });
      const key = (p: typeof page) => p.items.map((m) => `${m.conversationId}#${m.turn}`);
      assert.deepEqual(key(await store.listMoments(ALL, { outcome: 'missed' }, {})), ['c2#0', 'c1#0']);
      assert.deepEqual(key(await store.listMoments(ALL, { outcome: 'met-specific', agent: 'a1' }, {})), ['c1#2']);
      assert.deepEqual(key(await store.listMoments(ALL, { team: 'blue' }, {})), []);
      assert.deepEqual(key(await store.listMoments(ALL, { from: '2026-03-02T08:00:00Z' }, {})), ['c2#0']);
      assert.deepEqual(key(await store.listMoments(ALL, { to: '2026-03-02T08:00:00Z' }, {})), ['c1#2', 'c1#0']);
      const first = await store.listMoments(ALL, {}, { limit: 2 });
      assert.ok(first.nextCursor);
      assert.deepEqual(key(await store.listMoments(ALL, {}, { limit: 2, cursor: first.nextCursor })), ['c1#0']);
    });

    test('re-ingesting updates and never duplicates', async () => {
      const extra = fakeConversation({
        id: 'c6',
        channel: 'chat',
        startedAt: '2026-03-03T10:00:00Z',
        customer: { id: 'cust5' },
        agent: { id: 'a9', team: 'green' },
      });
      const first = fakeItem(extra, {
        empathy: 10,
        compassion: 10,
        overall: 10,
        sentimentShift: 0,
        moments: ['missed', 'missed'],
      });
      const second = fakeItem(extra, {
        empathy: 20,
        compassion: 30,
        overall: 25,
        sentimentShift: 5,
        moments: ['met-generic'],
      });
      assert.deepEqual(await store.saveAnalysed([first, first]), { saved: 1, refused: [] });
      await store.saveAnalysed([second]);
      await store.saveAnalysed([second]);
      const rows = (await all({ agent: 'a9' })).items;
      assert.deepEqual(
        rows.map((r) => [r.id, r.overall, r.missedMoments, r.totalMoments]),
        [['c6', 25, 0, 1]],
      );
      assert.deepEqual(
        (await store.listMoments(ALL, { agent: 'a9' }, {})).items.map((m) => m.outcome),
        ['met-generic'],
      );
      await metricsMatchRows();
      await metricsMatchRows(ALL, { from: '2026-03-03T09:00:00Z' });
      assert.deepEqual(await store.eraseCustomer('cust5'), { conversations: 1, moments: 1, reviews: 0 });
      assert.equal((await all()).items.length, 5);
    });

    test('a different conversation under a stored id, or under an id earlier in the batch, is refused and stores nothing over the first', async () => {
      const original = fakeConversation({
        id: 'c9',
        channel: 'chat',
        startedAt: '2026-03-05T10:00:00Z',
        customer: { id: 'cust9' },
        agent: { id: 'a9', team: 'green' },
      });
      const other = fakeConversation({
        id: 'c9',
        channel: 'voice',
        startedAt: '2026-03-05T11:00:00Z',
        customer: { id: 'cust9' },
      });
      const spec = { empathy: 30, compassion: 30, overall: 30, sentimentShift: 0, moments: ['missed' as const] };
      const fresh = fakeConversation({ id: 'c10', channel: 'chat', customer: { id: 'cust9' } });
      assert.deepEqual(
        await store.saveAnalysed([fakeItem(original, spec), fakeItem(other, spec), fakeItem(fresh, spec)]),
        {
          saved: 2,
          refused: [
            {
              id: 'c9',
              field: 'id',
              code: 'conflict',
              reason: 'a different conversation with id "c9" came earlier in the same batch',
            },
          ],
        },
      );
      const before = await store.getConversation(ALL, 'c9');
      assert.deepEqual(await store.saveAnalysed([fakeItem(other, spec)]), {
        saved: 0,
        refused: [
          {
            id: 'c9',
            field: 'id',
            code: 'conflict',
            reason:
              'a different conversation is already stored under id "c9": send it under another id, or erase the stored one first',
          },
        ],
      });
      // re-sent unchanged (a client's retry), it is stored again, with its new analysis
      assert.deepEqual(await store.saveAnalysed([fakeItem(original, { ...spec, overall: 35 })]), {
        saved: 1,
        refused: [],
      });
      const after = await store.getConversation(ALL, 'c9');
      assert.deepEqual([before?.conversation, after?.conversation, after?.row.overall], [original, original, 35]);
      await metricsMatchRows();
      assert.deepEqual(await store.eraseCustomer('cust9'), { conversations: 2, moments: 2, reviews: 0 });
    });

    test("a customer's latest journey summaries come back newest first, at most the number asked for", async () => {
      const contact = (id: string, at: string): ContactSummary => ({
        conversationId: id,
        customerId: 'cust11',
        channel: 'chat',
        at: Date.parse(at),
        startSentiment: -0.5,
        endSentiment: 0,
        emotions: ['frustration'],
        topic: 'billing',
        keywords: [{ term: 'refund', turn: 0, start: 0, end: 6, text: 'refund' }],
      });
      const spec = { empathy: 30, compassion: 30, overall: 30, sentimentShift: 0 };
      const times = ['2026-03-06T09:00:00Z', '2026-03-08T09:00:00Z', '2026-03-07T09:00:00Z'];
      await store.saveAnalysed(
        times.map((at, i) => {
          const { conversation, analysis } = fakeItem(
            fakeConversation({ id: `j${i}`, channel: 'chat', startedAt: at, customer: { id: 'cust11' } }),
            spec,
          );
          return { prepared: prepare(conversation, analysis, { contact: encodeContact(contact(`j${i}`, at)) }) };
        }),
      );
      await store.saveAnalysed([
        fakeItem(
          fakeConversation({
            id: 'j3',
            channel: 'chat',
            startedAt: '2026-03-09T09:00:00Z',
            customer: { id: 'cust11' },
          }),
          'skipped',
        ),
      ]);
      const recent = await store.recentContacts(['cust11', 'nobody'], 2);
      assert.deepEqual(
        [...recent].map(([customer, encoded]) => [customer, decodeContacts(encoded)]),
        [
          ['cust11', [contact('j1', times[1]!), contact('j2', times[2]!)]],
          ['nobody', []],
        ],
      );
      assert.deepEqual(await store.eraseCustomer('cust11'), { conversations: 4, moments: 0, reviews: 0 });
      assert.deepEqual(await store.recentContacts(['cust11']), new Map([['cust11', []]]));
    });

    test('a prepared item is stored exactly as the analysed conversation it was prepared from', async () => {
      const extra = fakeConversation({
        id: 'c7',
        channel: 'voice',
        startedAt: '2026-03-04T21:15:00Z',
        customer: { id: 'cust7' },
        agent: { id: 'a7', team: 'green' },
      });
      const item = fakeItem(extra, {
        empathy: 40,
        compassion: 50,
        overall: 45,
        sentimentShift: -5,
        moments: ['missed', 'met-generic'],
      });
      const skipped = fakeItem(fakeConversation({ id: 'c8', channel: 'chat', customer: { id: 'cust7' } }), 'skipped');
      const read = async () => ({
        stored: await Promise.all(
          ['c7', 'c8'].map(async (id) => {
            const got = await store.getConversation(ALL, id);
            return got && { ...got, row: withoutReceived(got.row) };
          }),
        ),
        moments: (await store.listMoments(ALL, { agent: 'a7' }, {})).items,
        metrics: await store.metrics(ALL, { groupBy: 'agent' }),
      });
      await store.saveAnalysed([item, skipped]);
      const direct = await read();
      assert.deepEqual(await store.eraseCustomer('cust7'), { conversations: 2, moments: 2, reviews: 0 });
      assert.equal(await store.liftErasure('cust7'), true);
      await store.saveAnalysed([item, skipped].map((i) => ({ prepared: prepare(i.conversation, i.analysis) })));
      assert.deepEqual(await read(), direct);
      await metricsMatchRows();
      assert.deepEqual(await store.eraseCustomer('cust7'), { conversations: 2, moments: 2, reviews: 0 });
      assert.equal(await store.liftErasure('cust7'), true);
    });

    test('erasure leaves a tombstone: the customer or the conversation sent again is refused, until an admin lifts it', async () => {
      const jane = fakeConversation({
        id: 'c-jane',
        channel: 'email',
        startedAt: '2026-03-05T10:00:00Z',
        customer: { id: 'jane@example.com' },
        agent: { id: 'a8', team: 'green' },
      });
      const kim = fakeConversation({
        id: 'c-kim',
        channel: 'chat',
        startedAt: '2026-03-05T11:00:00Z',
        customer: { id: 'kim' },
        agent: { id: 'a8', team: 'green' },
      });
      const scores = { empathy: 50, compassion: 50, overall: 50, sentimentShift: 0 };
      await store.saveAnalysed([fakeItem(jane, scores)]);
      assert.deepEqual(await store.eraseCustomer('jane@example.com'), { conversations: 1, moments: 0, reviews: 0 });
      const refusedOf = (result: Awaited<ReturnType<Store['saveAnalysed']>>) =>
        result.refused.map((r) => ({ id: r.id, field: r.field, reason: r.reason.replace(/at \S+;/, 'at <time>;') }));
      const lift = 'it is refused until an admin lifts the erasure';
      const again = await store.saveAnalysed([fakeItem(jane, scores), fakeItem(kim, scores)]);
      assert.deepEqual(
        { saved: again.saved, refused: refusedOf(again) },
        {
          saved: 1,
          refused: [
            { id: 'c-jane', field: 'customer.id', reason: `its customer was erased on request at <time>; ${lift}` },
          ],
        },
      );
      // the erased conversation under another customer id, and another conversation of the erased customer
      const moved = await store.saveAnalysed([
        fakeItem({ ...jane, customer: { id: 'jane-2' } }, scores),
        fakeItem({ ...kim, id: 'c-jane-new', customer: { id: 'jane@example.com' } }, scores),
      ]);
      assert.deepEqual(
        { saved: moved.saved, refused: refusedOf(moved) },
        {
          saved: 0,
          refused: [
            { id: 'c-jane', field: 'id', reason: `it was erased on request at <time>; ${lift}` },
            { id: 'c-jane-new', field: 'customer.id', reason: `its customer was erased on request at <time>; ${lift}` },
          ],
        },
      );
      // stored as the server stores it: an id that is personal data under its keyed pseudonym
      const pseudonym = storedCustomerId('jane@example.com', hmacHex(await store.hashKey()));
      const stored = await store.saveAnalysed([
        fakeItem({ ...kim, id: 'c-jane-kept', customer: { id: pseudonym } }, scores),
      ]);
      assert.deepEqual(refusedOf(stored), [
        { id: 'c-jane-kept', field: 'customer.id', reason: `its customer was erased on request at <time>; ${lift}` },
      ]);
      assert.equal(await store.getConversation(ALL, 'c-jane'), null);
      assert.deepEqual(
        [await store.erasedAt('jane@example.com'), await store.erasedAt(pseudonym), await store.erasedAt('kim')].map(
          (at) => at !== null,
        ),
        [true, true, false],
      );
      assert.equal(await store.liftErasure('jane@example.com'), true);
      assert.equal(await store.erasedAt('jane@example.com'), null);
      assert.equal(await store.liftErasure('jane@example.com'), false);
      assert.deepEqual(await store.saveAnalysed([fakeItem(jane, scores)]), { saved: 1, refused: [] });
      // a customer erased before anything of theirs was stored is refused too
      assert.deepEqual(await store.eraseCustomer('nobody-yet'), { conversations: 0, moments: 0, reviews: 0 });
      const early = await store.saveAnalysed([
        fakeItem({ ...kim, id: 'c-nobody', customer: { id: 'nobody-yet' } }, scores),
      ]);
      assert.deepEqual(refusedOf(early), [
        { id: 'c-nobody', field: 'customer.id', reason: `its customer was erased on request at <time>; ${lift}` },
      ]);
      for (const customer of ['jane@example.com', 'kim', 'nobody-yet']) {
        await store.eraseCustomer(customer);
        await store.liftErasure(customer);
      }
      await metricsMatchRows();
    });

    test('keeps reviews with the engine score', async () => {
      const r1 = await store.addReview({
        conversationId: 'c1',
        reviewer: 'ann',
        empathy: 4,
        customerFeeling: 'worried about rent',
        responded: 'partly',
        note: 'ok',
      });
      const r2 = await store.addReview({ conversationId: 'c3', reviewer: 'bob', empathy: 2, responded: 'no' });
      assert.deepEqual(r2, {
        id: r2.id,
        conversationId: 'c3',
        reviewer: 'bob',
        empathy: 2,
        customerFeeling: '',
        responded: 'no',
        note: '',
        createdAt: r2.createdAt,
        engineEmpathy: null,
      });
      const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
      const mine = (await store.listReviews(ALL)).filter((r) => r.id === r1.id || r.id === r2.id);
      assert.deepEqual(mine.sort(byId), [r1, r2].sort(byId));
      assert.equal(r1.engineEmpathy, 80);
      assert.deepEqual(
        (await store.listReviews(ALL, { conversationId: 'c3' })).map((r) => r.id),
        [r2.id],
      );
      assert.deepEqual(
        (await store.listReviews({ kind: 'teams', teams: ['blue'] })).map((r) => r.id),
        [r2.id],
      );
    });

    test('the same reviewer rating again replaces their review; another reviewer adds one', async () => {
      const first = await store.addReview({
        conversationId: 'c3',
        reviewer: 'eve',
        empathy: 2,
        responded: 'no',
        note: 'cold',
      });
      const again = await store.addReview({ conversationId: 'c3', reviewer: 'eve', empathy: 4, responded: 'partly' });
      const other = await store.addReview({ conversationId: 'c3', reviewer: 'fay', empathy: 3, responded: 'yes' });
      assert.deepEqual(again, { ...first, empathy: 4, responded: 'partly', note: '', createdAt: again.createdAt });
      assert.ok(again.createdAt >= first.createdAt);
      const byReviewer = (a: { reviewer: string }, b: { reviewer: string }) => (a.reviewer < b.reviewer ? -1 : 1);
      assert.deepEqual(
        (await store.listReviews(ALL, { conversationId: 'c3' })).filter((r) => r.reviewer !== 'bob').sort(byReviewer),
        [again, other],
      );
    });

    test('stores keys hashed, finds, lists and revokes them', async () => {
      const { key, secret } = await store.createKey({ name: 'sup', role: 'supervisor', teams: ['red'] });
      assert.match(secret, /^atn_[\w-]{43}$/);
      assert.deepEqual(key, {
        id: key.id,
        name: 'sup',
        role: 'supervisor',
        teams: ['red'],
        agentId: null,
        createdAt: key.createdAt,
        revokedAt: null,
      });
      const agent = await store.createKey({ name: 'me', role: 'agent', agentId: 'a1' });
      assert.deepEqual(await store.findKey(secret), key);
      assert.deepEqual(await store.findKey(agent.secret), agent.key);
      assert.equal(await store.findKey(`${secret}x`), null);
      const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
      assert.deepEqual(
        (await store.listKeys()).filter((k) => k.id === key.id || k.id === agent.key.id).sort(byId),
        [key, agent.key].sort(byId),
      );
      assert.equal(await store.revokeKey(key.id), true);
      assert.equal(await store.revokeKey(key.id), false);
      assert.equal(await store.revokeKey('nope'), false);
      assert.equal(await store.findKey(secret), null);
      assert.ok((await store.listKeys()).find((k) => k.id === key.id)?.revokedAt);
    });

    test('records and lists the audit trail', async () => {
      await store.recordAudit({
        keyId: 'k1',
        action: 'read-conversation',
        target: 'c1',
        at: '2026-03-02T10:00:00+01:00',
      });
      await store.recordAudit({ keyId: 'k2', action: 'read-conversation', target: 'c2', at: '2026-03-02T10:00:00Z' });
      await store.recordAudit({ keyId: 'k1', action: 'erase-customer', target: 'cust9', at: '2026-03-03T10:00:00Z' });
      const page = await store.listAudit({}, { limit: 100 });
      const e = page.items.slice(0, 3).map(({ seq: _s, ...rest }) => rest);
      assert.deepEqual(e, [
        { keyId: 'k1', action: 'erase-customer', target: 'cust9', at: '2026-03-03T10:00:00.000Z' },
        { keyId: 'k2', action: 'read-conversation', target: 'c2', at: '2026-03-02T10:00:00.000Z' },
        { keyId: 'k1', action: 'read-conversation', target: 'c1', at: '2026-03-02T09:00:00.000Z' },
      ]);
      const targets = async (filter: Parameters<Store['listAudit']>[0]) =>
        (await store.listAudit(filter, {})).items.map((x) => x.target);
      assert.deepEqual(await targets({ keyId: 'k1' }), ['cust9', 'c1']);
      assert.deepEqual(await targets({ action: 'read-conversation' }), ['c2', 'c1']);
      assert.deepEqual(await targets({ target: 'c2' }), ['c2']);
      assert.deepEqual(await targets({ from: '2026-03-02T09:30:00Z', to: '2026-03-03T00:00:00Z' }), ['c2']);
      const first = await store.listAudit({}, { limit: 2 });
      const second = await store.listAudit({}, { limit: 2, cursor: first.nextCursor! });
      assert.deepEqual(
        second.items.map((x) => x.target),
        ['c1'],
      );
      assert.equal(second.nextCursor, null);
    });

    test('keeps the settings an admin set, and audits each change in the same transaction', async () => {
      assert.deepEqual(await store.readSettings(), { values: {}, unreadable: [], updatedAt: null, updatedBy: null });
      const first = {
        retentionDays: 30,
        disclosureText: 'We analyse <b>this</b> chat.',
        phraseOverlay: { cues: { deadline: ['by close of play'] }, emotions: { anger: { 'livid af': 0.8 } } },
      };
      assert.deepEqual(await store.saveSettings(first, { keyId: 'k-admin', at: '2026-03-04T10:00:00+01:00' }), [
        'retentionDays',
        'disclosureText',
        'phraseOverlay',
      ]);
      assert.deepEqual(await store.readSettings(), {
        values: first,
        unreadable: [],
        updatedAt: '2026-03-04T09:00:00.000Z',
        updatedBy: 'k-admin',
      });
      // the same document again changes nothing and is not audited; a new retention is, with the old and new figures
      assert.deepEqual(await store.saveSettings(first, { keyId: 'k-other', at: '2026-03-05T00:00:00Z' }), []);
      assert.deepEqual(
        await store.saveSettings({ ...first, retentionDays: 0 }, { keyId: 'k-other', at: '2026-03-06T00:00:00Z' }),
        ['retentionDays'],
      );
      assert.deepEqual(await store.readSettings(), {
        values: { ...first, retentionDays: 0 },
        unreadable: [],
        updatedAt: '2026-03-06T00:00:00.000Z',
        updatedBy: 'k-other',
      });
      const audit = (await store.listAudit({ action: 'settings-update' }, {})).items.map(
        ({ seq: _s, ...rest }) => rest,
      );
      assert.deepEqual(audit, [
        { keyId: 'k-other', action: 'settings-update', target: 'retentionDays 30 → 0', at: '2026-03-06T00:00:00.000Z' },
        {
          keyId: 'k-admin',
          action: 'settings-update',
          target: 'retentionDays (server default) → 30; disclosureText; phraseOverlay',
          at: '2026-03-04T09:00:00.000Z',
        },
      ]);
      await assert.rejects(store.saveSettings({ ...first, retentionDays: -1 }, { keyId: 'k-admin' }));
      assert.deepEqual((await store.readSettings()).values.retentionDays, 0);
    });

    test('erases a customer and purges old conversations', async () => {
      await store.addReview({ conversationId: 'c1', reviewer: 'cid', empathy: 3, responded: 'yes' });
      const reviewsOfC1AndC3 = (await store.listReviews(ALL)).filter(
        (r) => r.conversationId === 'c1' || r.conversationId === 'c3',
      ).length;
      assert.deepEqual(await store.eraseCustomer('cust1'), { conversations: 2, moments: 2, reviews: reviewsOfC1AndC3 });
      assert.deepEqual(await store.eraseCustomer('cust1'), { conversations: 0, moments: 0, reviews: 0 });
      assert.equal(await store.getConversation(ALL, 'c1'), null);
      assert.deepEqual(
        (await store.listReviews(ALL)).filter((r) => r.conversationId === 'c1' || r.conversationId === 'c3'),
        [],
      );
      assert.deepEqual(ids(await all()), ['c4', 'c2', 'c5']);
      await metricsMatchRows();
      assert.deepEqual(await store.purgeOlderThan('2026-05-01T00:00:00Z'), {
        conversations: 1,
        moments: 1,
        reviews: 0,
      });
      assert.deepEqual(ids(await all()), ['c4', 'c5']);
      await metricsMatchRows();
      const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
      const future = fakeItem(
        fakeConversation({ id: 'c-future', channel: 'chat', startedAt: '2999-01-01T00:00:00Z' }),
        { empathy: 50, compassion: 50, overall: 50, sentimentShift: 0 },
      );
      await store.saveAnalysed([future]);
      // without a bound, a conversation dated 2999 would outlive any retention period
      assert.deepEqual(await store.purgeOlderThan(tomorrow), { conversations: 2, moments: 0, reviews: 0 });
      assert.deepEqual(ids(await all()), ['c-future']);
      assert.deepEqual(await store.purgeOlderThan(tomorrow, new Date(Date.now() + 2 * 86_400_000).toISOString()), {
        conversations: 1,
        moments: 0,
        reviews: 0,
      });
      assert.deepEqual(ids(await all()), []);
      assert.deepEqual(await store.metrics(ALL, { groupBy: 'day' }), expectedMetrics([], 'day'));
    });
  });
}
