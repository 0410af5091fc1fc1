import { useState, type FormEvent } from 'react';
import type { PhraseOverlay } from '../../api/index.ts';
import type { Settings as SettingsData } from '../api.ts';
import { Status } from '../components/Status.tsx';
import { when } from '../format.ts';
import { useLoad } from '../load.ts';
import { useSession } from '../session.ts';
import { OverlayEditor, OverlaySection } from './OverlayEditor.tsx';

/** This key, and the server's settings from `GET /v1/settings`; an admin edits them (`PUT /v1/settings`), everyone else reads them. */
export function Settings() {
  const { api, me } = useSession();
  const loaded = useLoad(() => api.settings(), [api]);
  return (
    <>
      <h1>Settings</h1>
      <section aria-labelledby="key-h" className="panel">
        <h2 id="key-h">This key</h2>
        <dl className="facts">
          <div>
            <dt>Name</dt>
            <dd>{me.name}</dd>
          </div>
          <div>
            <dt>Role</dt>
            <dd>{me.role}</dd>
          </div>
          {me.role === 'supervisor' ? (
            <div>
              <dt>Teams</dt>
              <dd>{me.teams.join(', ')}</dd>
            </div>
          ) : null}
          {me.role === 'agent' ? (
            <div>
              <dt>Agent</dt>
              <dd>{me.agentId ?? '–'}</dd>
            </div>
          ) : null}
        </dl>
      </section>
      <Status loaded={loaded}>
        {(settings) => (
          <>
            <Unreadable settings={settings} />
            {me.role === 'admin' ? <Editable initial={settings} /> : <ReadOnly settings={settings} />}
          </>
        )}
      </Status>
    </>
  );
}

/** Stored settings that no longer read: their defaults apply, and an admin should set them again. */
function Unreadable({ settings }: { settings: SettingsData }) {
  if (!settings.unreadable.length) return null;
  return (
    <div className="notice" role="alert" data-unreadable>
      <p>Some stored settings could not be read, so their defaults apply until an admin sets them again:</p>
      <ul>
        {settings.unreadable.map((u) => (
          <li key={u.name}>
            <code>{u.name}</code>: {u.reason}
          </li>
        ))}
      </ul>
    </div>
  );
}

function ReadOnly({ settings }: { settings: SettingsData }) {
  return (
    <div className="settings">
      <p className="muted" data-readonly>
        Only an admin key can change these settings.
      </p>
      <section aria-labelledby="retention-h" className="panel">
        <h2 id="retention-h">Retention</h2>
        <RetentionFacts settings={settings} />
      </section>
      <section aria-labelledby="disclosure-h" className="panel">
        <h2 id="disclosure-h">Disclosure shown to customers</h2>
        <blockquote data-disclosure>{settings.disclosureText}</blockquote>
        {settings.disclosureSource === 'default' ? (
          <p className="muted">The default text: no admin has set one.</p>
        ) : null}
      </section>
      <OverlaySection settings={settings} overlay={settings.phraseOverlay} />
      <RedactionSection settings={settings} />
      <Updated settings={settings} />
    </div>
  );
}

function RetentionFacts({ settings }: { settings: SettingsData }) {
  return (
    <p data-retention={settings.retentionDays}>
      {settings.retentionDays === 0
        ? 'Conversations are kept until erased.'
        : `Conversations are deleted ${settings.retentionDays} days after they started.`}{' '}
      <span className="muted">
        {settings.retentionSource === 'server' ? "The server's default (ATTUNE_RETENTION_DAYS)." : 'Set by an admin.'}{' '}
        The retention job runs every {settings.retentionIntervalMinutes} minutes.
      </span>
    </p>
  );
}

function RedactionSection({ settings }: { settings: SettingsData }) {
  return (
    <section aria-labelledby="redaction-h" className="panel">
      <h2 id="redaction-h">Redaction (read-only)</h2>
      <p>{settings.redaction.why}</p>
      <div className="table-wrap">
        <table data-redaction>
          <thead>
            <tr>
              <th scope="col">Personal data</th>
              <th scope="col">Stored as</th>
            </tr>
          </thead>
          <tbody>
            {settings.redaction.types.map((t) => (
              <tr key={t.type}>
                <td>{t.type}</td>
                <td>
                  {t.storedAs === 'keyed-pseudonym' ? `[${t.type}:keyed hash] (joinable, not readable)` : `[${t.type}]`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Updated({ settings }: { settings: SettingsData }) {
  return (
    <p className="muted">
      {settings.updatedAt
        ? `Last changed ${when(settings.updatedAt)} UTC by key ${settings.updatedBy ?? '–'}.`
        : 'No admin has changed these settings.'}
    </p>
  );
}

function Editable({ initial }: { initial: SettingsData }) {
  const { api } = useSession();
  const [saved, setSaved] = useState(initial);
  const [retention, setRetention] = useState(String(initial.retentionDays));
  const [disclosure, setDisclosure] = useState(initial.disclosureText);
  const [overlay, setOverlay] = useState<PhraseOverlay>(initial.phraseOverlay);
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null);
  const [saving, setSaving] = useState(false);
  // an edit after a save or a refusal clears what was said about it
  const edit =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      setOutcome(null);
      set(value);
    };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    const result = await api.saveSettings({
      retentionDays: Number(retention),
      disclosureText: disclosure,
      phraseOverlay: overlay,
    });
    setSaving(false);
    if (!result.ok) return setOutcome({ ok: false, message: result.message });
    setSaved(result.data);
    setOverlay(result.data.phraseOverlay);
    setOutcome({ ok: true, message: 'Saved.' });
  };

  return (
    <form className="settings" onSubmit={(e) => void submit(e)} aria-label="Settings">
      <section aria-labelledby="retention-h" className="panel">
        <h2 id="retention-h">Retention</h2>
        <RetentionFacts settings={saved} />
        <label className="inline">
          Delete conversations after (days; 0 keeps them){' '}
          <input
            name="retentionDays"
            type="number"
            min={0}
            max={36500}
            step={1}
            required
            value={retention}
            onChange={(e) => edit(setRetention)(e.target.value)}
          />
        </label>
        <p className="muted">A shorter retention deletes older conversations at the job's next run.</p>
      </section>
      <section aria-labelledby="disclosure-h" className="panel">
        <h2 id="disclosure-h">Disclosure shown to customers</h2>
        <blockquote data-disclosure>{saved.disclosureText}</blockquote>
        <label htmlFor="disclosureText">Text</label>
        <textarea
          id="disclosureText"
          name="disclosureText"
          maxLength={2000}
          required
          value={disclosure}
          onChange={(e) => edit(setDisclosure)(e.target.value)}
        />
      </section>
      <OverlayEditor settings={saved} overlay={overlay} onChange={edit(setOverlay)} />
      <RedactionSection settings={saved} />
      <p>
        <button type="submit" disabled={saving}>
          Save settings
        </button>{' '}
        {outcome ? (
          <span
            className={outcome.ok ? 'ok' : 'error'}
            role={outcome.ok ? 'status' : 'alert'}
            data-outcome={outcome.ok ? 'saved' : 'refused'}
          >
            {outcome.message}
          </span>
        ) : null}
      </p>
      <Updated settings={saved} />
    </form>
  );
}
