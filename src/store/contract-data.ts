import { fakeConversation, fakeItem } from './fixtures.ts';
import type { ConversationRow, CueAdoption, GroupBy, MetricsResult, MetricsRow } from '../api/index.ts';
import { ADOPTION_KINDS, type AdoptionKind, type CueOutcome } from '../core/schema/index.ts';
import type { AnalysedConversation } from './store.ts';

/**
 * Five conversations covering the dimensions the store flattens. Times are in March (GMT)
 * and June (BST) so the Europe/London shifts see both offsets.
 */
export function sample(): AnalysedConversation[] {
  const c1 = fakeConversation({
    id: 'c1',
    channel: 'chat',
    startedAt: '2026-03-02T07:30:00Z',
    customer: { id: 'cust1' },
    agent: { id: 'a1', team: 'red' },
    queue: 'billing',
    turns: [
      {
        role: 'customer',
        text: 'c1: I have been charged twice and my rent is due tomorrow.',
        at: '2026-03-02T07:30:00Z',
      },
      {
        role: 'agent',
        text: 'c1: That is worrying with rent due tomorrow; I am refunding it now.',
        at: '2026-03-02T07:31:00Z',
      },
      { role: 'customer', text: 'c1: This is the third time I have called.', at: '2026-03-02T07:31:30Z' },
      { role: 'agent', text: 'c1: Thank you for your patience.', at: '2026-03-02T07:32:00Z' },
    ],
  });
  const c2 = fakeConversation({
    id: 'c2',
    channel: 'voice',
    startedAt: '2026-03-02T15:00:00+00:00',
    customer: { id: 'cust2' },
    agent: { id: 'a1', team: 'red' },
    queue: 'billing',
    turns: [
      { role: 'customer', text: 'c2: My husband died and the account is in his name.', start: 0, end: 12 },
      { role: 'agent', text: 'c2: I need the account number.', start: 13, end: 300 },
    ],
  });
  // an e-mail thread over two days: its span is not time anyone spent on it
  const c3 = fakeConversation({
    id: 'c3',
    channel: 'email',
    startedAt: '2026-03-09T23:30:00Z',
    customer: { id: 'cust1' },
    agent: { id: 'a2', team: 'blue' },
    queue: 'tech',
    turns: [
      { role: 'customer', text: 'c3: I have waited three weeks and I am furious.', at: '2026-03-09T23:30:00Z' },
      {
        role: 'agent',
        text: 'c3: I am sorry, three weeks is far too long. I will fix it now.',
        at: '2026-03-11T09:00:00Z',
      },
    ],
  });
  const c4 = fakeConversation({
    id: 'c4',
    channel: 'chat',
    startedAt: '2026-06-01T12:00:00Z',
    customer: { id: 'cust3' },
    agent: { id: 'a3', team: 'blue' },
    consent: { analysis: false },
  });
  const c5 = fakeConversation({ id: 'c5', channel: 'chat', customer: { id: 'cust4' } });
  return [
    fakeItem(c1, {
      empathy: 80,
      compassion: 60,
      overall: 70,
      sentimentShift: 10,
      tier: 2,
      moments: ['missed', 'met-specific'],
      live: [
        ['acknowledge-deadline', 'accepted'],
        ['own-the-chase', 'ignored'],
      ],
    }),
    fakeItem(c2, {
      empathy: 40,
      compassion: 70,
      overall: 55,
      sentimentShift: -20,
      tier: 1,
      moments: ['missed'],
      heardNotHelped: true,
      humanRequired: true,
      repeatContact: true,
      vulnerable: true,
      live: [
        ['care', 'dismissed'],
        ['consider-human', null],
        ['acknowledge-deadline', 'accepted'],
      ],
      // the call streamed audio: its voice cues count in adoption too, apart from the text slow-down
      voice: [
        ['stop-talking-over', 'ignored'],
        ['slow-down', 'accepted'],
        ['long-silence', null],
      ],
    }),
    fakeItem(c3, {
      empathy: null,
      compassion: 50,
      overall: 55,
      sentimentShift: 0,
      tier: 3,
      live: [['acknowledge-deadline', 'ignored']],
    }),
    fakeItem(c4, 'skipped'),
    fakeItem(c5, { empathy: 90, compassion: 90, overall: 90, sentimentShift: 30, tier: 3 }),
  ];
}

const GROUP_FIELD: Record<GroupBy, keyof ConversationRow> = {
  agent: 'agentId',
  team: 'team',
  channel: 'channel',
  queue: 'queue',
  shift: 'shift',
  day: 'day',
  week: 'week',
};

const round = (x: number) => Math.round(x * 1e6) / 1e6;
function mean(xs: (number | boolean | null)[]): number | null {
  const present = xs.filter((x) => x !== null).map(Number);
  return present.length === 0 ? null : round(present.reduce((a, b) => a + b, 0) / present.length);
}

/** Each conversation's live cues (text and voice) as adoption kind and outcome, by conversation id. */
export type CuesById = ReadonlyMap<string, readonly { kind: AdoptionKind; outcome: CueOutcome | null }[]>;

function adoption(cues: readonly { kind: AdoptionKind; outcome: CueOutcome | null }[]) {
  const count = (o: CueOutcome) => cues.filter((c) => c.outcome === o).length;
  const decided = count('accepted') + count('ignored') + count('dismissed');
  return {
    shown: cues.length,
    accepted: count('accepted'),
    ignored: count('ignored'),
    dismissed: count('dismissed'),
    decided,
    rate: decided === 0 ? null : round(count('accepted') / decided),
  };
}

function cueAdoption(rs: ConversationRow[], cuesById: CuesById): CueAdoption {
  const cues = rs.flatMap((r) => cuesById.get(r.id) ?? []);
  const kinds = ADOPTION_KINDS.filter((k) => cues.some((c) => c.kind === k));
  return {
    ...adoption(cues),
    byKind: kinds.map((kind) => ({ kind, ...adoption(cues.filter((c) => c.kind === kind)) })),
  };
}

function kpis(group: string | null, rs: ConversationRow[], cuesById: CuesById): MetricsRow {
  const analysed = rs.filter((r) => !r.skipped);
  const moments = analysed.reduce((s, r) => s + (r.totalMoments ?? 0), 0);
  const missed = analysed.reduce((s, r) => s + (r.missedMoments ?? 0), 0);
  return {
    group,
    count: analysed.length,
    skipped: rs.length - analysed.length,
    empathy: mean(analysed.map((r) => r.empathy)),
    compassion: mean(analysed.map((r) => r.compassion)),
    overall: mean(analysed.map((r) => r.overall)),
    heardNotHelpedRate: mean(analysed.map((r) => r.heardNotHelped)),
    sentimentShift: mean(analysed.map((r) => r.sentimentShift)),
    humanRequiredRate: mean(analysed.map((r) => r.humanRequired)),
    missedMomentShare: moments === 0 ? null : round(missed / moments),
    repeatContactRate: mean(analysed.map((r) => r.repeatContact)),
    vulnerableRate: mean(analysed.map((r) => r.vulnerable)),
    handleTimeSeconds: mean(analysed.map((r) => r.handleTimeSeconds)),
    handleTimeConversations: analysed.filter((r) => r.handleTimeSeconds !== null).length,
    empathyCount: analysed.filter((r) => r.empathy !== null).length,
    momentCount: moments,
    cueAdoption: cueAdoption(rs, cuesById),
  };
}

/** The metrics a correct store reports, computed naively from the flattened rows: the total, and the groups with `groupBy`. */
export function expectedMetrics(
  rows: ConversationRow[],
  groupBy?: GroupBy,
  cuesById: CuesById = new Map(),
): MetricsResult {
  const groups = new Map<string | null, ConversationRow[]>();
  for (const r of groupBy === undefined ? [] : rows) {
    const key = r[GROUP_FIELD[groupBy!]] as string | null;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const grouped = [...groups].map(([group, rs]) => kpis(group, rs, cuesById));
  return {
    groupBy: groupBy ?? null,
    total: kpis(null, rows, cuesById),
    rows: grouped.sort((a, b) =>
      a.group === b.group ? 0 : a.group === null ? 1 : b.group === null ? -1 : a.group < b.group ? -1 : 1,
    ),
  };
}
