import type { MetricsRow } from '../../api/index.ts';
import { count, percent, score, seconds, signed } from '../format.ts';
import { href } from '../router.ts';
import { Table } from './Table.tsx';

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
    <Table
      label={`Figures by ${groupLabel}`}
      className="metrics"
      columns={[
        groupLabel,
        'n',
        'Empathy (n)',
        'Compassion',
        'Overall',
        'Heard, not helped',
        'Sentiment shift',
        'Human required',
        'Missed moments (n)',
        'Repeat',
        'Vulnerable',
        'Handle time (n)',
        'Opted out',
      ]}
    >
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
    </Table>
  );
}
