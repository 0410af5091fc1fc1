import { printable } from './printable.ts';
import type { Analysis } from '../../core/schema/index.ts';
import type { Conversation } from '../../core/schema/index.ts';

const COLUMNS = [
  ['id', 14], ['channel', 9], ['agent', 12], ['empathy', 7], ['compassion', 10], ['overall', 7],
  ['shift', 6], ['heard≠helped', 12], ['moments', 9], ['routing', 14], ['tier', 4],
] as const;

const cell = (value: string, width: number) => (value.length > width ? value.slice(0, width - 1) + '…' : value.padEnd(width));

export function tableHeader(): string {
  const head = COLUMNS.map(([name, w]) => cell(name, w)).join('  ');
  return `${head}\n${'-'.repeat(head.length)}`;
}

/** One row of the summary table; control characters in ids are shown as "?" so a row stays one line. */
export function tableRow(conversation: Conversation, analysis: Analysis): string {
  const id = printable(conversation.id, 40);
  const agent = printable(conversation.agent?.id ?? '-', 40);
  if ('skipped' in analysis) {
    return [cell(id, 14), cell(conversation.channel, 9), cell(agent, 12), 'skipped: customer opted out of analysis'].join('  ');
  }
  const s = analysis.scores;
  const met = analysis.moments.filter((m) => m.outcome.startsWith('met')).length;
  const values = [
    id, conversation.channel, agent, s.empathy === null ? '—' : String(s.empathy), String(s.compassion), String(s.overall),
    (s.sentimentShift > 0 ? '+' : '') + s.sentimentShift, s.heardNotHelped ? 'yes' : '', `${met}/${analysis.moments.length} met`,
    analysis.routing.decision, String(analysis.tier),
  ];
  return values.map((v, i) => cell(v, COLUMNS[i]![1])).join('  ');
}

/** Means over the analysed conversations, for the table's last line. */
export class Totals {
  private n = 0;
  private empathy = 0;
  private withMoment = 0;
  private compassion = 0;
  private overall = 0;
  private hnh = 0;
  private human = 0;

  add(analysis: Analysis): void {
    if ('skipped' in analysis) return;
    this.n++;
    if (analysis.scores.empathy !== null) {
      this.empathy += analysis.scores.empathy;
      this.withMoment++;
    }
    this.compassion += analysis.scores.compassion;
    this.overall += analysis.scores.overall;
    if (analysis.scores.heardNotHelped) this.hnh++;
    if (analysis.routing.decision === 'human-required') this.human++;
  }

  line(): string {
    if (!this.n) return 'no conversations analysed';
    const mean = (x: number) => Math.round(x / this.n);
    const empathy = this.withMoment ? `${Math.round(this.empathy / this.withMoment)} (${this.withMoment} with a moment)` : '— (no moments)';
    return `${this.n} analysed — mean empathy ${empathy}, compassion ${mean(this.compassion)}, overall ${mean(this.overall)}; heard-not-helped ${Math.round((100 * this.hnh) / this.n)}%; human-required ${Math.round((100 * this.human) / this.n)}%`;
  }
}
