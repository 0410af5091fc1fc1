import { useMemo, type FormEvent } from 'react';
import type { MomentOutcome } from '../../core/schema/index.ts';
import { MomentCard } from '../components/MomentCard.tsx';
import { PagedList } from '../components/PagedList.tsx';
import { PeopleFilter } from '../components/PeopleFilter.tsx';
import { usePaged } from '../components/usePaged.ts';
import { href } from '../router.ts';
import { useSession } from '../session.ts';

const OUTCOMES: { value: MomentOutcome; text: string }[] = [
  { value: 'missed', text: 'Missed' },
  { value: 'helped-not-heard', text: 'Helped, not heard' },
  { value: 'met-generic', text: 'Met generically' },
  { value: 'met-specific', text: 'Best moments to share (met specifically)' },
];

/** Moments to coach on (missed, helped-not-heard) and the best ones to share, with the exact words. */
export function Coaching({ query }: { query: URLSearchParams }) {
  const { api, me } = useSession();
  const filter = useMemo(
    () => ({
      outcome: query.get('outcome') ?? 'missed',
      agent: query.get('agent') ?? undefined,
      team: query.get('team') ?? undefined,
    }),
    [query],
  );
  const [paged, more] = usePaged((q) => api.moments({ ...q, limit: 20 }), filter, JSON.stringify(filter));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    window.location.hash = href(['coaching'], {
      outcome: String(data.get('outcome') ?? ''),
      agent: String(data.get('agent') ?? ''),
      team: String(data.get('team') ?? ''),
    });
  };
  return (
    <>
      <h1>Coaching queue</h1>
      <form className="filters" onSubmit={submit} aria-label="Filter moments">
        <label>
          Outcome{' '}
          <select name="outcome" defaultValue={filter.outcome}>
            {OUTCOMES.map((o) => (
              <option key={o.value} value={o.value}>
                {o.text}
              </option>
            ))}
          </select>
        </label>
        <PeopleFilter role={me.role} agent={filter.agent} team={filter.team} />
        <button type="submit">Show</button>
      </form>
      <PagedList paged={paged} more={more} noun="moments">
        {(items) =>
          items.length === 0 ? (
            <p className="muted">No moments match.</p>
          ) : (
            <div className="moment-list">
              {items.map((m) => (
                <MomentCard key={`${m.conversationId}:${m.turn}`} moment={m} />
              ))}
            </div>
          )
        }
      </PagedList>
    </>
  );
}
