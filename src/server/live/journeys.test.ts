import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeConversation } from '../../core/analyze.ts';
import { createEngine } from '../../core/engine.ts';
import { redactConversation } from '../../core/privacy/redact.ts';
import type { ServerEvent } from '../../core/live/events.ts';
import type { CueAdoption } from '../../api/index.ts';
import { LiveSession } from '../../live/client.ts';
import { harness, onEveryBackend, type Harness } from '../testing.ts';

const built = createEngine({ userConfig: { live: { cueIntervalMs: 0 } } });
if (!built.ok) throw new Error(built.errors.join('; '));
const engine = built.engine;

const EARLIER = {
  id: 'old-order',
  channel: 'email',
  startedAt: '2026-03-01T09:00:00Z',
  customer: { id: 'cust-77' },
  agent: { id: 'agent-a', team: 'tech' },
  turns: [
    { role: 'customer', text: 'My refund for order 558812 never arrived and the parcel was returned two weeks ago.' },
    { role: 'agent', text: 'I have raised it with the warehouse.' },
  ],
};
const CHASE = [
  { role: 'customer', text: 'Hi, where is the refund for order 558812?' },
  { role: 'agent', text: "I'm sorry you've had to chase us about this refund. I'll sort it out for you myself today." },
  { role: 'customer', text: 'thank you' },
] as const;

onEveryBackend((backend, options) =>
  describe(`live sessions with the store: ${backend}`, () => {
    let h: Harness;
    let url: string;
    before(async () => {
      h = await harness({
        ...options,
        analyze: (c, _e, o) => analyzeConversation(c, engine, o),
        redact: redactConversation,
        live: { engine, graceMs: 5_000 },
      });
      url = await h.app.listen({ port: 0, host: '127.0.0.1' });
      const posted = await h.app.inject({
        method: 'POST',
        url: '/v1/conversations',
        headers: h.as('admin'),
        payload: EARLIER,
      });
      assert.equal(posted.statusCode, 200);
    });
    after(() => h.close());

    async function run(
      key: string,
      conversation: Record<string, unknown>,
      turns: readonly { role: 'customer' | 'agent'; text: string }[],
    ) {
      const live = await LiveSession.open({
        url,
        key,
        conversation: { channel: 'chat', startedAt: '2026-03-03T10:00:00Z', ...conversation } as never,
      });
      const events: ServerEvent[] = [];
      live.onEvent((e) => events.push(e));
      for (const turn of turns) live.turn(turn);
      return { events, closed: await live.close() };
    }

    test("the customer's earlier contacts reach the session (the chase is cued) and its stored analysis as POST /v1/conversations reads them (repeat contact)", async () => {
      const { events, closed } = await run(
        h.keys.agent,
        { id: 'live-chase', agent: { id: 'agent-a', team: 'tech' }, customer: { id: 'cust-77' } },
        CHASE,
      );
      const cues = events.flatMap((e) => (e.type === 'cue' ? [e.cue] : []));
      assert.deepEqual(
        cues.map((c) => [c.kind, c.evidence.map((e) => e.conversation ?? 'this')]),
        [['own-the-chase', ['this', 'old-order']]],
      );
      assert.deepEqual(
        events.flatMap((e) => (e.type === 'cue-withdrawn' ? [[e.id, e.outcome]] : [])),
        [[cues[0]!.id, 'accepted']],
      );
      const stored = (
        await h.app.inject({ method: 'GET', url: '/v1/conversations/live-chase', headers: h.as('admin') })
      ).json();
      assert.equal(stored.row.repeatContact, true);
      const repeat = stored.analysis.cues.find((c: { kind: string }) => c.kind === 'repeat-contact');
      assert.deepEqual(
        repeat.evidence.map((e: { conversation: string }) => e.conversation),
        ['old-order'],
      );
      assert.deepEqual(stored.analysis.live, closed.summary);

      // the same words from a customer with no earlier contact: no chase, no repeat contact
      const fresh = await run(
        h.keys.admin,
        { id: 'live-first', agent: { id: 'agent-a', team: 'tech' }, customer: { id: 'cust-new' } },
        CHASE,
      );
      assert.deepEqual(fresh.events.filter((e) => e.type === 'cue').length, 0);
      const first = (
        await h.app.inject({ method: 'GET', url: '/v1/conversations/live-first', headers: h.as('admin') })
      ).json();
      assert.equal(first.row.repeatContact, false);
      assert.equal(
        first.analysis.cues.some((c: { kind: string }) => c.kind === 'repeat-contact'),
        false,
      );
    });

    test('GET /v1/metrics reports cue adoption by agent, team and kind with its n; an agent sees only their own', async () => {
      await run(h.keys.admin, { id: 'live-other', agent: { id: 'agent-b', team: 'billing' } }, [
        { role: 'customer', text: 'I need this fixed before my flight tomorrow at 6am' },
        { role: 'agent', text: 'Please hold.' },
      ]);
      const metrics = async (role: 'admin' | 'agent', query: string) =>
        (await h.app.inject({ method: 'GET', url: `/v1/metrics${query}`, headers: h.as(role) })).json();
      const count = (
        kind: CueAdoption['byKind'][number]['kind'],
        shown: number,
        accepted: number,
        ignored: number,
        dismissed: number,
      ) => {
        const decided = accepted + ignored + dismissed;
        return {
          kind,
          shown,
          accepted,
          ignored,
          dismissed,
          decided,
          rate: decided === 0 ? null : Math.round((accepted / decided) * 1e6) / 1e6,
        };
      };
      const { kind: _a, ...chaseA } = count('own-the-chase', 1, 1, 0, 0);
      const agentA: CueAdoption = { ...chaseA, byKind: [count('own-the-chase', 1, 1, 0, 0)] };
      const { kind: _b, ...deadlineB } = count('acknowledge-deadline', 1, 0, 1, 0);
      const agentB: CueAdoption = { ...deadlineB, byKind: [count('acknowledge-deadline', 1, 0, 1, 0)] };
      const byAgent = await metrics('admin', '?groupBy=agent');
      assert.deepEqual(
        byAgent.rows.map((r: { group: string; cueAdoption: CueAdoption }) => [r.group, r.cueAdoption]),
        [
          ['agent-a', agentA],
          ['agent-b', agentB],
        ],
      );
      const byTeam = await metrics('admin', '?groupBy=team');
      assert.deepEqual(
        byTeam.rows.map((r: { group: string; cueAdoption: CueAdoption }) => [r.group, r.cueAdoption]),
        [
          ['billing', agentB],
          ['tech', agentA],
        ],
      );
      const { kind: _t, ...all } = count('care', 2, 1, 1, 0);
      assert.deepEqual(byAgent.total.cueAdoption, {
        ...all,
        byKind: [count('acknowledge-deadline', 1, 0, 1, 0), count('own-the-chase', 1, 1, 0, 0)],
      });
      const own = await metrics('agent', '?groupBy=agent');
      assert.deepEqual([own.total.cueAdoption, own.rows.map((r: { group: string }) => r.group)], [agentA, ['agent-a']]);
    });
  }),
);
