import type { ConversationLabel } from '../../src/core/training/labels.ts';
import { cohenKappa, weightedKappa } from '../../src/core/training/metrics.ts';
import { FIELDS } from './fields.ts';

export interface FieldAgreement {
  field: string;
  units: number;
  agreement: number;
  kappa: number | null;
  positives: number;
}

/** Cohen's kappa per field between two annotators over the conversations both labelled (quadratic-weighted for ratings). */
export function agreementOf(a: readonly ConversationLabel[], b: readonly ConversationLabel[]): FieldAgreement[] {
  const byId = new Map(b.map((l) => [l.id, l]));
  return FIELDS.map((field) => {
    const left: (string | number)[] = [];
    const right: (string | number)[] = [];
    for (const la of a) {
      const lb = byId.get(la.id);
      if (!lb) continue;
      const ua = field.units(la);
      const ub = field.units(lb);
      for (const [key, value] of ua)
        if (ub.has(key)) {
          left.push(value);
          right.push(ub.get(key)!);
        }
    }
    const agree = left.filter((v, i) => v === right[i]).length;
    const kappa =
      field.kind === 'rating' ? weightedKappa(left as number[], right as number[]) : cohenKappa(left, right);
    const positives = left.filter((v) => v === 'true').length + right.filter((v) => v === 'true').length;
    return {
      field: field.name,
      units: left.length,
      agreement: left.length ? agree / left.length : 0,
      kappa,
      positives,
    };
  });
}

/** The fields on which two labels of one conversation differ. */
export function disagreements(a: ConversationLabel, b: ConversationLabel): string[] {
  const differ: string[] = [];
  for (const field of FIELDS) {
    const ua = field.units(a);
    const ub = field.units(b);
    const keys = new Set([...ua.keys(), ...ub.keys()]);
    for (const key of keys)
      if (ua.get(key) !== ub.get(key))
        differ.push(`${field.name}${key.includes('#') ? ` (turn ${key.split('#')[1]})` : ''}`);
  }
  return differ;
}
