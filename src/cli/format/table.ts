import { printable } from './printable.ts';
import type { Analysis } from '../../core/schema/index.ts';
import type { Conversation } from '../../core/schema/index.ts';

// the id comes last and whole, so it can be pasted into --explain; every other column has a fixed width
const COLUMNS = [
  ['channel', 9],
  ['agent', 14],
  ['empathy', 7],
  ['compassion', 10],
  ['overall', 7],
  ['shift', 6],
  ['heard≠helped', 12],
  ['moments', 9],
  ['routing', 14],
  ['tier', 4],
  ['id', 0],
] as const;

const cell = (value: string, width: number) =>
  width === 0 ? value : value.length > width ? value.slice(0, width - 1) + '…' : value.padEnd(width);
const join = (cells: string[]) => cells.join('  ');
/** The width of the score columns, which a skipped conversation's row fills with its reason. */
const SCORES_WIDTH = join(COLUMNS.slice(2, -1).map(([, w]) => ' '.repeat(w))).length;

export function tableHeader(): string {
  const head = join(COLUMNS.map(([name, w]) => cell(name, w)));
  return `${head}\n${'-'.repeat(head.length)}`;
}

/** What each column means, printed under the table. */
export const TABLE_LEGEND =
  'legend: empathy = the customer heard, 0-100 (— when no turn called for it) · compassion = helped · overall = both, ' +
  'with how the customer ended · shift = customer sentiment, start to end · heard≠helped = empathy words, no action · ' +
  'moments = empathy moments met of all · routing = ai-safe or human-required · tier = 1 complaint/bereavement, 2 billing/delay/fault, ' +
  '3 routine · id = pass to --explain';

/** One row of the summary table; control characters in ids are shown as "?" so a row stays one line. */
export function tableRow(conversation: Conversation, analysis: Analysis): string {
  const id = printable(conversation.id, 1000);
  const agent = printable(conversation.agent?.id ?? '-', 40);
  if ('skipped' in analysis) {
    return join([
      cell(conversation.channel, 9),
      cell(agent, 14),
      cell('skipped: customer opted out of analysis', SCORES_WIDTH),
      id,
    ]);
  }
  const s = analysis.scores;
  const met = analysis.moments.filter((m) => m.outcome.startsWith('met')).length;
  const values = [
    conversation.channel,
    agent,
    s.empathy === null ? '—' : String(s.empathy),
    String(s.compassion),
    String(s.overall),
    (s.sentimentShift > 0 ? '+' : '') + s.sentimentShift,
    s.heardNotHelped ? 'yes' : '',
    `${met}/${analysis.moments.length} met`,
    analysis.routing.decision,
    String(analysis.tier),
    id,
  ];
  return join(values.map((v, i) => cell(v, COLUMNS[i]![1])));
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
    const empathy = this.withMoment
      ? `${Math.round(this.empathy / this.withMoment)} (${this.withMoment} with a moment)`
      : '— (no moments)';
    return `${this.n} analysed — mean empathy ${empathy}, compassion ${mean(this.compassion)}, overall ${mean(this.overall)}; heard-not-helped ${Math.round((100 * this.hnh) / this.n)}%; human-required ${Math.round((100 * this.human) / this.n)}%`;
  }
}
