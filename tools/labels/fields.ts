import type { ConversationLabel } from '../../src/core/training/labels.ts';
import { CUES, EMOTIONS, VULNERABILITY_CATEGORIES } from '../../src/core/schema/index.ts';

/** A labelled field as a list of comparable units, one per turn or conversation, keyed so two annotators line up. */
export interface Field {
  name: string;
  kind: 'nominal' | 'rating';
  units(label: ConversationLabel): Map<string, string | number>;
}

const perCustomerTurn = (
  name: string,
  value: (t: ConversationLabel['customer'][number]) => string | number | undefined,
): Field => ({
  name,
  kind: 'nominal',
  units: (l) =>
    new Map(
      l.customer.flatMap((t) => {
        const v = value(t);
        return v === undefined ? [] : [[`${l.id}#${t.turn}`, v] as const];
      }),
    ),
});
const perAgentTurn = (name: string, value: (t: ConversationLabel['agent'][number]) => string | boolean): Field => ({
  name,
  kind: 'nominal',
  units: (l) => new Map(l.agent.map((t) => [`${l.id}#${t.turn}`, String(value(t))])),
});

/** Every field the guideline defines, for agreement and for comparing the engine with the gold labels. */
export const FIELDS: Field[] = [
  perCustomerTurn('sentiment', (t) => t.sentiment),
  ...EMOTIONS.map((e) => perCustomerTurn(`emotion:${e}`, (t) => String(t.emotions.includes(e)))),
  ...CUES.map((c) => perCustomerTurn(`cue:${c}`, (t) => String(t.cues.includes(c)))),
  perCustomerTurn('vulnerability (any)', (t) => String(t.vulnerability.length > 0)),
  ...VULNERABILITY_CATEGORIES.map((v) =>
    perCustomerTurn(`vulnerability:${v}`, (t) => String(t.vulnerability.includes(v))),
  ),
  perCustomerTurn('moment', (t) => String(t.moment)),
  // outcome is compared where both annotators called the turn a moment
  perCustomerTurn('outcome', (t) => t.outcome),
  perAgentTurn('acknowledgement', (t) => t.acknowledgement),
  perAgentTurn('helped', (t) => t.helped),
  perAgentTurn('scripted', (t) => t.scripted),
  perAgentTurn('template', (t) => t.template),
  perAgentTurn('blame', (t) => t.blame),
  { name: 'empathy (1-5)', kind: 'rating', units: (l) => new Map(l.empathy === null ? [] : [[l.id, l.empathy]]) },
  { name: 'helpfulness (1-5)', kind: 'rating', units: (l) => new Map([[l.id, l.helpfulness]]) },
];
