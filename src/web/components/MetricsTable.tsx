import type { MetricsRow } from '../../api/index.ts';
import { count, percent, score, seconds, signed } from '../format.ts';
import { href } from '../router.ts';

/** Every KPI of every group with its n, as text: what the charts draw, readable without them. */
export function MetricsTable({
  rows,
  groupLabel,
  linkAgents = false,
}: {
  rows: MetricsRow[];
  groupLabel: string;
  linkAgents?: boolean;
}) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={`Figures by ${groupLabel}`}>
      <table className="metrics">
        <thead>
          <tr>
            <th scope="col">{groupLabel}</th>
            <th scope="col">n</th>
            <th scope="col">Empathy (n)</th>
            <th scope="col">Compassion</th>
            <th scope="col">Overall</th>
            <th scope="col">Heard, not helped</th>
            <th scope="col">Sentiment shift</th>
            <th scope="col">Human required</th>
            <th scope="col">Missed moments (n)</th>
            <th scope="col">Repeat</th>
            <th scope="col">Vulnerable</th>
            <th scope="col">Handle time (n)</th>
            <th scope="col">Opted out</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.group ?? '\u0000none'} data-group={r.group ?? ''}>
              <th scope="row">
                {r.group === null ? (
                  <span className="muted">(none)</span>
                ) : linkAgents ? (
                  <a href={href(['agents', r.group])}>{r.group}</a>
                ) : (
                  r.group
                )}
              </th>
              <td data-col="count">{count(r.count)}</td>
              <td data-col="empathy">
                {score(r.empathy)} <span className="muted">({count(r.empathyCount)})</span>
              </td>
              <td data-col="compassion">{score(r.compassion)}</td>
              <td data-col="overall">{score(r.overall)}</td>
              <td>{percent(r.heardNotHelpedRate)}</td>
              <td>{signed(r.sentimentShift)}</td>
              <td>{percent(r.humanRequiredRate)}</td>
              <td>
                {percent(r.missedMomentShare)} <span className="muted">({count(r.momentCount)})</span>
              </td>
              <td>{percent(r.repeatContactRate)}</td>
              <td>{percent(r.vulnerableRate)}</td>
              <td>
                {seconds(r.handleTimeSeconds)} <span className="muted">({count(r.handleTimeConversations)})</span>
              </td>
              <td>{count(r.skipped)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
