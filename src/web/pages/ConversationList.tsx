import { useMemo, type FormEvent } from 'react';
import type { Channel } from '../../core/schema/index.ts';
import type { ConversationRow } from '../../api/index.ts';
import { PagedList } from '../components/PagedList.tsx';
import { PeopleFilter } from '../components/PeopleFilter.tsx';
import { usePaged } from '../components/usePaged.ts';
import { score, signed, when } from '../format.ts';
import { href } from '../router.ts';
import { useSession } from '../session.ts';
import { Table } from '../components/Table.tsx';

// Listed here, not imported: the schema module would bring zod into the bundle. The type keeps them in step.
const CHANNELS = ['voice', 'chat', 'email', 'messaging', 'social', 'ticket'] as const satisfies readonly Channel[];

const FIELDS = ['agent', 'team', 'channel', 'queue', 'tier', 'humanRequired', 'heardNotHelped', 'vulnerable'] as const;

/** Analysed conversations in scope, newest first, filterable; each opens its conversation view. */
export function ConversationList({ query }: { query: URLSearchParams }) {
  const { api, me } = useSession();
  const filter = useMemo(() => Object.fromEntries(FIELDS.map((f) => [f, query.get(f) ?? undefined])), [query]);
  const key = JSON.stringify(filter);
  const [paged, more] = usePaged((q) => api.conversations({ ...q, limit: 50 }), filter, key);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    window.location.hash = href(
      ['conversations'],
      Object.fromEntries(FIELDS.map((f) => [f, String(data.get(f) ?? '')])),
    );
  };
  return (
    <>
      <h1>Conversations</h1>
      <form className="filters" onSubmit={submit} aria-label="Filter conversations">
        <PeopleFilter role={me.role} agent={filter.agent} team={filter.team} />
        <label>
          Channel{' '}
          <select name="channel" defaultValue={filter.channel ?? ''}>
            <option value="">any</option>
            {CHANNELS.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
        <label>
          Queue <input name="queue" defaultValue={filter.queue ?? ''} />
        </label>
        <label>
          Tier{' '}
          <select name="tier" defaultValue={filter.tier ?? ''}>
            <option value="">any</option>
            <option>1</option>
            <option>2</option>
            <option>3</option>
          </select>
        </label>
        {(['humanRequired', 'heardNotHelped', 'vulnerable'] as const).map((flag) => (
          <label key={flag}>
            {flag === 'humanRequired'
              ? 'Human required'
              : flag === 'heardNotHelped'
                ? 'Heard, not helped'
                : 'Vulnerable'}{' '}
            <select name={flag} defaultValue={filter[flag] ?? ''}>
              <option value="">any</option>
              <option value="true">yes</option>
              <option value="false">no</option>
            </select>
          </label>
        ))}
        <button type="submit">Filter</button>
      </form>
      <PagedList paged={paged} more={more} noun="shown">
        {(rows) => <ConversationTable rows={rows} />}
      </PagedList>
    </>
  );
}

export function ConversationTable({ rows }: { rows: ConversationRow[] }) {
  if (rows.length === 0) return <p className="muted">No conversations match.</p>;
  return (
    <Table
      label="Conversations"
      columns={['Conversation', 'Started', 'Agent', 'Team', 'Channel', 'Empathy', 'Compassion', 'Shift', 'Flags']}
    >
      {rows.map((r) => (
        <tr key={r.id}>
          <th scope="row">
            <a href={href(['conversations', r.id])}>{r.id}</a>
          </th>
          <td>{when(r.startedAt)}</td>
          <td>{r.agentId ?? '–'}</td>
          <td>{r.team ?? '–'}</td>
          <td>{r.channel}</td>
          <td>{r.skipped ? 'opted out' : score(r.empathy)}</td>
          <td>{score(r.compassion)}</td>
          <td>{signed(r.sentimentShift)}</td>
          <td>
            {[
              r.humanRequired ? 'human required' : '',
              r.heardNotHelped ? 'heard, not helped' : '',
              r.vulnerable ? 'vulnerable' : '',
              r.tier ? `tier ${r.tier}` : '',
            ]
              .filter(Boolean)
              .join(', ')}
          </td>
        </tr>
      ))}
    </Table>
  );
}
