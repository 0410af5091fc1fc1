import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { CueAdoption, GroupBy } from '../api/index.ts';
import { ADOPTION_KINDS, type AdoptionKind } from '../core/schema/index.ts';
import { inScope } from './scope.ts';
import type { Scope } from './scope.ts';
import type { Database } from './tables.ts';

type Counts = Omit<CueAdoption, 'byKind' | 'rate' | 'decided'>;
/** Per group, per cue kind (text and voice): how many were shown and how each was decided. */
export type CueCounts = Map<string | null, Map<AdoptionKind, Counts>>;

const OUTCOMES = new Set(['accepted', 'ignored', 'dismissed'] as const);
const GROUP_COLUMN: Record<GroupBy, string> = {
  agent: 'agent_id',
  team: 'team',
  channel: 'channel',
  queue: 'queue',
  shift: 'shift',
  day: 'day',
  week: 'week',
};

/**
 * Live cues of the conversations in scope and in [from, to) (UTC instants, as the metrics' raw rows take them),
 * counted by group, kind and outcome. Cue rows are few beside conversations, so they are counted from the rows
 * each time, joined to their conversation for its scope, group and time.
 */
export async function cueCounts(
  db: Kysely<Database>,
  scope: Scope,
  groupBy: GroupBy | undefined,
  from: string | undefined,
  to: string | undefined,
  agent?: string,
): Promise<CueCounts> {
  let q = db
    .selectFrom('live_cues as c')
    .innerJoin('conversations as v', 'v.id', 'c.conversation_id')
    .select([
      groupBy === undefined ? sql<null>`null`.as('grp') : sql.ref(`v.${GROUP_COLUMN[groupBy]}`).as('grp'),
      'c.kind',
      'c.outcome',
      sql<number>`count(*)`.as('n'),
    ])
    .where(inScope(scope, 'v'));
  if (agent !== undefined) q = q.where('v.agent_id', '=', agent);
  if (from !== undefined) q = q.where('v.sort_at', '>=', from);
  if (to !== undefined) q = q.where('v.sort_at', '<', to).where('v.sort_at', '<>', '');
  const rows = await q.groupBy(['grp', 'c.kind', 'c.outcome']).execute();
  const out: CueCounts = new Map();
  for (const r of rows) {
    const group = r.grp === null ? null : String(r.grp);
    const kind = r.kind as AdoptionKind;
    const byKind = out.get(group) ?? new Map<AdoptionKind, Counts>();
    const counts = byKind.get(kind) ?? { shown: 0, accepted: 0, ignored: 0, dismissed: 0 };
    const n = Number(r.n);
    counts.shown += n;
    if (r.outcome !== null && OUTCOMES.has(r.outcome as 'accepted'))
      counts[r.outcome as 'accepted' | 'ignored' | 'dismissed'] += n;
    byKind.set(kind, counts);
    out.set(group, byKind);
  }
  return out;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

function withRate(c: Counts): Omit<CueAdoption, 'byKind'> {
  const decided = c.accepted + c.ignored + c.dismissed;
  return { ...c, decided, rate: decided === 0 ? null : round(c.accepted / decided) };
}

/** The adoption figures of one group (or of several added up, for the total), kinds in catalogue order. */
export function adoptionOf(groups: readonly (Map<AdoptionKind, Counts> | undefined)[]): CueAdoption {
  const byKind = new Map<AdoptionKind, Counts>();
  for (const g of groups) {
    for (const [kind, c] of g ?? []) {
      const sum = byKind.get(kind) ?? { shown: 0, accepted: 0, ignored: 0, dismissed: 0 };
      byKind.set(kind, {
        shown: sum.shown + c.shown,
        accepted: sum.accepted + c.accepted,
        ignored: sum.ignored + c.ignored,
        dismissed: sum.dismissed + c.dismissed,
      });
    }
  }
  const kinds = ADOPTION_KINDS.filter((k) => byKind.has(k));
  const all: Counts = { shown: 0, accepted: 0, ignored: 0, dismissed: 0 };
  for (const k of kinds)
    for (const f of ['shown', 'accepted', 'ignored', 'dismissed'] as const) all[f] += byKind.get(k)![f];
  return { ...withRate(all), byKind: kinds.map((kind) => ({ kind, ...withRate(byKind.get(kind)!) })) };
}
