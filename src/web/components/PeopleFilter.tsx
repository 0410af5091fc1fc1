import type { KeyRole } from '../../api/index.ts';

/** Agent and team filter inputs; an agent sees only their own data, so they get neither. */
export function PeopleFilter({ role, agent, team }: { role: KeyRole; agent?: string; team?: string }) {
  if (role === 'agent') return null;
  return (
    <>
      <label>
        Agent <input name="agent" defaultValue={agent ?? ''} />
      </label>
      <label>
        Team <input name="team" defaultValue={team ?? ''} />
      </label>
    </>
  );
}
