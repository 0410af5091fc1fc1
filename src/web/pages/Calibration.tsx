import { useState, type FormEvent } from 'react';
import type { Agreement, CalibrationReport } from '../api.ts';
import { Status } from '../components/Status.tsx';
import { count } from '../format.ts';
import { useLoad } from '../load.ts';
import { href } from '../router.ts';
import { useSession } from '../session.ts';
import { Table } from '../components/Table.tsx';

/** Rate a conversation as a reviewer; see agreement between reviewers and with the engine, and the largest disagreements. */
export function Calibration({ query }: { query: URLSearchParams }) {
  const { api } = useSession();
  const [version, setVersion] = useState(0);
  const report = useLoad(() => api.calibration(), [api, version]);
  return (
    <>
      <h1>Calibration</h1>
      <ReviewForm initial={query.get('conversation') ?? ''} onSaved={() => setVersion((v) => v + 1)} />
      <Status loaded={report}>{(r) => <Report report={r} />}</Status>
    </>
  );
}

function ReviewForm({ initial, onSaved }: { initial: string; onSaved: () => void }) {
  const { api } = useSession();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const result = await api.review({
      conversationId: String(data.get('conversationId') ?? '').trim(),
      empathy: Number(data.get('empathy')),
      customerFeeling: String(data.get('customerFeeling') ?? ''),
      responded: String(data.get('responded')) as 'yes' | 'partly' | 'no',
      note: String(data.get('note') ?? ''),
    });
    if (result.ok) {
      setMessage({
        ok: true,
        text: `Saved your rating of ${result.data.conversationId} (engine's empathy: ${result.data.engineEmpathy === null ? 'none' : result.data.engineEmpathy.toFixed(1)}).`,
      });
      onSaved();
    } else setMessage({ ok: false, text: result.message });
  };
  return (
    <section aria-labelledby="rate-h" className="panel">
      <h2 id="rate-h">Rate a conversation</h2>
      <p className="muted">
        What was the customer feeling, and did the agent respond to that? Read the conversation first
        {initial ? (
          <>
            : <a href={href(['conversations', initial])}>open it</a>
          </>
        ) : (
          ''
        )}
        .
      </p>
      <form className="review" onSubmit={(e) => void submit(e)}>
        <label>
          Conversation id <input name="conversationId" defaultValue={initial} required />
        </label>
        <fieldset>
          <legend>Empathy (1 = none, 5 = fully heard)</legend>
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n} className="inline">
              <input type="radio" name="empathy" value={n} required /> {n}
            </label>
          ))}
        </fieldset>
        <label>
          What was the customer feeling? <input name="customerFeeling" maxLength={2000} />
        </label>
        <fieldset>
          <legend>Did the agent respond to it?</legend>
          {(['yes', 'partly', 'no'] as const).map((r) => (
            <label key={r} className="inline">
              <input type="radio" name="responded" value={r} required /> {r}
            </label>
          ))}
        </fieldset>
        <label>
          Note <textarea name="note" maxLength={10000} rows={3} />
        </label>
        <button type="submit">Save rating</button>
      </form>
      {message ? (
        <p className={message.ok ? 'ok' : 'error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      ) : null}
    </section>
  );
}

const stat = (x: number | null) => (x === null ? '–' : x.toFixed(2));

function AgreementRow({ name, a }: { name: string; a: Agreement }) {
  return (
    <tr>
      <th scope="row">{name}</th>
      <td>{count(a.pairs)}</td>
      <td>{stat(a.spearman)}</td>
      <td>{stat(a.weightedKappa)}</td>
    </tr>
  );
}

function Report({ report }: { report: CalibrationReport }) {
  return (
    <>
      <section aria-labelledby="agreement-h">
        <h2 id="agreement-h">Agreement ({count(report.reviews)} reviews)</h2>
        <Table label="Agreement" columns={['Between', 'Pairs (n)', 'Spearman', 'Weighted kappa']}>
          <AgreementRow name="Reviewers and the engine" a={report.reviewerVsEngine} />
          <AgreementRow name="Reviewers with each other" a={report.betweenReviewers} />
        </Table>
      </section>
      <section aria-labelledby="disagree-h">
        <h2 id="disagree-h">Largest disagreements</h2>
        {report.disagreements.length === 0 ? (
          <p className="muted">No disagreement to show.</p>
        ) : (
          <Table
            label="Disagreements"
            columns={[
              'Conversation',
              'Reviewer',
              'Reviewer said (1–5)',
              'Engine said (0–100 → 1–5)',
              'Gap',
              'Customer felt',
              'Responded',
              'Note',
            ]}
          >
            {report.disagreements.map((d, i) => (
              <tr key={i}>
                <th scope="row">
                  <a href={href(['conversations', d.conversationId])}>{d.conversationId}</a>
                </th>
                <td>{d.reviewer}</td>
                <td>{d.reviewerEmpathy}</td>
                <td>
                  {d.engineEmpathy.toFixed(1)} → {d.engineBinned}
                </td>
                <td>{d.difference}</td>
                <td>{d.customerFeeling}</td>
                <td>{d.responded}</td>
                <td>{d.note}</td>
              </tr>
            ))}
          </Table>
        )}
      </section>
    </>
  );
}
