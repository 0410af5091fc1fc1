import { sql } from 'kysely';
import type { Kysely, RawBuilder } from 'kysely';
import { boundary, localTime } from './local-time.ts';
import { ROLLUP_DIMS } from './rollup.ts';
import { inScope } from './scope.ts';
import type { CueAdoption, GroupBy, MetricsQuery, MetricsResult, MetricsRow } from '../api/index.ts';
import { adoptionOf, cueCounts } from './cue-adoption.ts';
import type { ShiftConfig } from './options.ts';
import type { Scope } from './scope.ts';
import type { Database } from './tables.ts';

/** KPI sums of one group, from the rollup or from raw rows; means are taken only at the end. */
interface Sums {
  n: number;
  skipped: number;
  empathy: number;
  compassion: number;
  overall: number;
  sentimentShift: number;
  heardNotHelped: number;
  humanRequired: number;
  missed: number;
  moments: number;
  repeatContact: number;
  vulnerable: number;
  handle: number;
  nHandle: number;
  nEmpathy: number;
}
type SumKey = keyof Sums;

const FROM_ROWS: Record<SumKey, RawBuilder<unknown>> = {
  n: sql`count(*)`,
  skipped: sql`sum(skipped)`,
  empathy: sql`sum(empathy)`,
  compassion: sql`sum(compassion)`,
  overall: sql`sum(overall)`,
  sentimentShift: sql`sum(sentiment_shift)`,
  heardNotHelped: sql`sum(heard_not_helped)`,
  humanRequired: sql`sum(human_required)`,
  missed: sql`sum(missed_moments)`,
  moments: sql`sum(total_moments)`,
  repeatContact: sql`sum(repeat_contact)`,
  vulnerable: sql`sum(vulnerable)`,
  handle: sql`sum(handle_time_seconds)`,
  nHandle: sql`count(handle_time_seconds)`,
  nEmpathy: sql`count(empathy)`,
};
const FROM_ROLLUP: Record<SumKey, RawBuilder<unknown>> = {
  n: sql`sum(n)`,
  skipped: sql`sum(skipped)`,
  empathy: sql`sum(sum_empathy)`,
  compassion: sql`sum(sum_compassion)`,
  overall: sql`sum(sum_overall)`,
  sentimentShift: sql`sum(sum_sentiment_shift)`,
  heardNotHelped: sql`sum(sum_heard_not_helped)`,
  humanRequired: sql`sum(sum_human_required)`,
  missed: sql`sum(sum_missed_moments)`,
  moments: sql`sum(sum_total_moments)`,
  repeatContact: sql`sum(sum_repeat_contact)`,
  vulnerable: sql`sum(sum_vulnerable)`,
  handle: sql`sum(sum_handle_time)`,
  nHandle: sql`sum(n_handle_time)`,
  nEmpathy: sql`sum(n_empathy)`,
};
const SUM_KEYS = Object.keys(FROM_ROWS) as SumKey[];
const selectSums = (from: Record<SumKey, RawBuilder<unknown>>) => SUM_KEYS.map((k) => from[k].as(k));

type Partial = Map<string | null, Sums>;

function collect(into: Partial, rows: readonly Record<string, unknown>[]): void {
  for (const r of rows) {
    const group = r.grp === null ? null : String(r.grp);
    const sums = into.get(group) ?? (Object.fromEntries(SUM_KEYS.map((k) => [k, 0])) as unknown as Sums);
    for (const k of SUM_KEYS) sums[k] += Number(r[k] ?? 0);
    into.set(group, sums);
  }
}

const GROUP_COLUMN: Record<GroupBy, 'agent_id' | 'team' | 'channel' | 'queue' | 'shift' | 'day' | 'week'> = {
  agent: 'agent_id',
  team: 'team',
  channel: 'channel',
  queue: 'queue',
  shift: 'shift',
  day: 'day',
  week: 'week',
};

interface RowRange {
  day?: string;
  from?: string;
  to?: string;
  agent?: string;
}

const TOTAL = sql<null>`null`;

/** Sums straight from conversation rows in scope, optionally limited to one local day and a time range; one total without `groupBy`. */
async function fromRows(
  db: Kysely<Database>,
  scope: Scope,
  groupBy: GroupBy | undefined,
  range: RowRange,
  into: Partial,
) {
  const column = groupBy === undefined ? undefined : GROUP_COLUMN[groupBy];
  let q = db
    .selectFrom('conversations')
    .select((eb) => [column === undefined ? TOTAL.as('grp') : eb.ref(column).as('grp'), ...selectSums(FROM_ROWS)])
    .where(inScope(scope, 'conversations'));
  if (range.agent !== undefined) q = q.where('agent_id', '=', range.agent);
  if (range.day !== undefined) q = q.where('day', '=', range.day);
  if (range.from !== undefined) q = q.where('sort_at', '>=', range.from);
  if (range.to !== undefined) q = q.where('sort_at', '<', range.to).where('sort_at', '<>', '');
  collect(into, await (column === undefined ? q : q.groupBy(column)).execute());
}

/** Sums from the rollup for whole local days strictly between `afterDay` and `beforeDay`; one total without `groupBy`. */
async function fromRollup(
  db: Kysely<Database>,
  scope: Scope,
  groupBy: GroupBy | undefined,
  afterDay: string | undefined,
  beforeDay: string | undefined,
  into: Partial,
) {
  // every conversation is counted once under the channel dimension, so day, week and the total read it
  const dim = groupBy === undefined || groupBy === 'day' || groupBy === 'week' ? 'channel' : groupBy;
  const grp = groupBy === undefined ? undefined : groupBy === 'day' || groupBy === 'week' ? groupBy : 'value';
  let q = db
    .selectFrom('metrics_rollup')
    .select((eb) => [grp === undefined ? TOTAL.as('grp') : eb.ref(grp).as('grp'), ...selectSums(FROM_ROLLUP)])
    .where('dim', '=', dim satisfies keyof typeof ROLLUP_DIMS)
    .where(inScope(scope, 'metrics_rollup'));
  if (afterDay !== undefined) q = q.where('day', '>', afterDay);
  if (beforeDay !== undefined) q = q.where('day', '<', beforeDay);
  collect(into, await (grp === undefined ? q : q.groupBy(grp)).execute());
}

/** Local days are at most 25 hours long, so an edge day's rows lie within this much of the edge. */
const EDGE_MS = 26 * 3_600_000;
const shift = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
const min = (a: string, b: string | undefined) => (b !== undefined && b < a ? b : a);
const max = (a: string, b: string | undefined) => (b !== undefined && b > a ? b : a);

/**
 * Whole days come from the rollup and only the partial days at the edges of [from, to) from
 * raw rows. One agent's conversations are a small share of the rows, so an agent-scoped read,
 * or one for a single agent, is summed in SQL over the agent index instead.
 */
async function groupSums(
  db: Kysely<Database>,
  shifts: ShiftConfig,
  scope: Scope,
  query: MetricsQuery,
  from: string | undefined,
  to: string | undefined,
): Promise<Partial> {
  const into: Partial = new Map();
  if (scope.kind === 'agent' || query.agent !== undefined) {
    await fromRows(
      db,
      scope,
      query.groupBy,
      { from, to, ...(query.agent === undefined ? {} : { agent: query.agent }) },
      into,
    );
    return into;
  }
  const fromDay = from === undefined ? undefined : localTime(new Date(from), shifts).day;
  const toDay = to === undefined ? undefined : localTime(new Date(to), shifts).day;
  await fromRollup(db, scope, query.groupBy, fromDay, toDay, into);
  if (from !== undefined) {
    await fromRows(db, scope, query.groupBy, { day: fromDay, from, to: min(shift(from, EDGE_MS), to) }, into);
  }
  if (to !== undefined && toDay !== fromDay) {
    await fromRows(db, scope, query.groupBy, { day: toDay, from: max(shift(to, -EDGE_MS), from), to }, into);
  }
  return into;
}

/** Rounded to 6 decimals so both backends' floating-point sums print the same figures. */
const round = (x: number) => Math.round(x * 1e6) / 1e6;
const ratio = (a: number, b: number) => (b === 0 ? null : round(a / b));

/** Groups sort by name, the group of rows without one last, the same on both backends. */
function byGroup(a: MetricsRow, b: MetricsRow): number {
  if (a.group === b.group) return 0;
  if (a.group === null) return 1;
  if (b.group === null) return -1;
  return a.group < b.group ? -1 : 1;
}

const zero = () => Object.fromEntries(SUM_KEYS.map((k) => [k, 0])) as unknown as Sums;

/**
 * The total over the range and, with `groupBy`, KPIs per group; skipped conversations count only in `skipped`.
 * Every conversation falls in exactly one group, so the total is the groups' sums added up: one read.
 */
export async function metrics(
  db: Kysely<Database>,
  shifts: ShiftConfig,
  scope: Scope,
  query: MetricsQuery,
): Promise<MetricsResult> {
  const from = query.from === undefined ? undefined : boundary(query.from, shifts.timezone, 'from');
  const to = query.to === undefined ? undefined : boundary(query.to, shifts.timezone, 'to');
  const groups = await groupSums(db, shifts, scope, query, from, to);
  const cues = await cueCounts(db, scope, query.groupBy, from, to, query.agent);
  const total = zero();
  for (const s of groups.values()) for (const k of SUM_KEYS) total[k] += s[k];
  const rows: MetricsRow[] = [];
  for (const [group, s] of groups) if (s.n > 0) rows.push(kpis(group, s, adoptionOf([cues.get(group)])));
  return {
    groupBy: query.groupBy ?? null,
    total: kpis(null, total, adoptionOf([...cues.values()])),
    rows: query.groupBy === undefined ? [] : rows.sort(byGroup),
  };
}

/** Means and rates from sums; null where nothing was there to average. */
function kpis(group: string | null, s: Sums, cueAdoption: CueAdoption): MetricsRow {
  const analysed = s.n - s.skipped;
  return {
    group,
    count: analysed,
    skipped: s.skipped,
    empathy: ratio(s.empathy, s.nEmpathy),
    compassion: ratio(s.compassion, analysed),
    overall: ratio(s.overall, analysed),
    heardNotHelpedRate: ratio(s.heardNotHelped, analysed),
    sentimentShift: ratio(s.sentimentShift, analysed),
    humanRequiredRate: ratio(s.humanRequired, analysed),
    missedMomentShare: ratio(s.missed, s.moments),
    repeatContactRate: ratio(s.repeatContact, analysed),
    vulnerableRate: ratio(s.vulnerable, analysed),
    handleTimeSeconds: ratio(s.handle, s.nHandle),
    handleTimeConversations: s.nHandle,
    empathyCount: s.nEmpathy,
    momentCount: s.moments,
    cueAdoption,
  };
}
