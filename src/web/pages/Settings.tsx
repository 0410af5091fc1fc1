import { useSession } from '../session.ts';

/** What this key is; the API does not expose the server's privacy settings yet, and the page says so. */
export function Settings() {
  const { me } = useSession();
  return (
    <>
      <h1>Settings</h1>
      <section aria-labelledby="key-h" className="panel">
        <h2 id="key-h">This key</h2>
        <dl className="facts">
          <div><dt>Name</dt><dd>{me.name}</dd></div>
          <div><dt>Role</dt><dd>{me.role}</dd></div>
          {me.role === 'supervisor' ? <div><dt>Teams</dt><dd>{me.teams.join(', ')}</dd></div> : null}
          {me.role === 'agent' ? <div><dt>Agent</dt><dd>{me.agentId ?? '–'}</dd></div> : null}
        </dl>
      </section>
      <section aria-labelledby="privacy-h" className="panel">
        <h2 id="privacy-h">Redaction, retention, disclosure and phrase lists</h2>
        <p>The API does not expose these settings yet, so this dashboard cannot show them. They are set where the server runs:
          retention with <code>ATTUNE_RETENTION_DAYS</code>, shifts and the phrase-list overlay with <code>--config</code>
          (see the deployment notes). Personal data is redacted before anything is stored.</p>
      </section>
    </>
  );
}
