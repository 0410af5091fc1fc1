import type { Evidence } from '../../core/schema/index.ts';
import { href } from '../router.ts';
import { showSpan } from './Highlighted.tsx';

/** The words behind a finding, each a button that moves to them in the timeline (or a link to the earlier contact they are in). */
export function EvidenceLinks({ evidence }: { evidence: readonly Evidence[] }) {
  if (evidence.length === 0) return <span className="muted">no words cited</span>;
  return (
    <ul className="evidence">
      {evidence.map((e, i) => (
        <li key={i}>
          {e.conversation !== undefined ? (
            <a href={href(['conversations', e.conversation])}>
              “{e.text}”{' '}
              <span className="muted">
                (turn {e.turn + 1} of {e.conversation})
              </span>
            </a>
          ) : (
            <button type="button" className="quote" onClick={() => showSpan(e.turn, e.start, e.end)}>
              “{e.text}” <span className="muted">turn {e.turn + 1}</span>
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
