import { count, percent, score, seconds, signed } from '../format.ts';
import type { Kpi } from '../kpis.ts';

export function kpiText(kpi: Kpi): string {
  switch (kpi.unit) {
    case 'score':
      return score(kpi.value);
    case 'rate':
      return percent(kpi.value);
    case 'shift':
      return signed(kpi.value);
    case 'seconds':
      return seconds(kpi.value);
    case 'count':
      return kpi.value === null ? '–' : count(kpi.value);
  }
}

const N_OF: Record<Kpi['unit'], string> = {
  score: 'conversations',
  rate: 'conversations',
  shift: 'conversations',
  seconds: 'timed conversations',
  count: 'moments',
};

/** The headline figures, each with the n behind it. */
export function KpiGrid({ kpis, skipped }: { kpis: Kpi[]; skipped: number }) {
  return (
    <>
      <ul className="kpis" aria-label="Key figures">
        {kpis.map((kpi) => (
          <li key={kpi.key} className="kpi" data-kpi={kpi.key}>
            <span className="kpi-label">{kpi.label}</span>
            <span className="kpi-value">{kpiText(kpi)}</span>
            <span className="kpi-n">
              n = <span data-n="">{count(kpi.n)}</span>{' '}
              {kpi.key === 'empathy' ? 'with a moment' : kpi.key === 'missedMomentShare' ? 'moments' : N_OF[kpi.unit]}
            </span>
          </li>
        ))}
        <li className="kpi" data-kpi="cueAdoption">
          <span className="kpi-label">Cue adoption</span>
          <span className="kpi-value">–</span>
          <span className="kpi-n">not measured until live cues exist</span>
        </li>
      </ul>
      {skipped > 0 ? (
        <p className="muted">
          {count(skipped)} opted-out conversations are counted here and nowhere else: they were not analysed.
        </p>
      ) : null}
    </>
  );
}
