import { writeFileSync } from 'node:fs';
import { lookup, type Recorded } from '../regression.ts';

/** The customer-service figures CI guards: higher is better for these ... */
export const GUARDED = [
  'stc3.overall',
  'stc3.empathyWithMoment',
  'stc3.lastCustomerTurn',
  'airline.attune.macroF1',
  'labels.outcomeKappa',
  'labels.empathySpearman',
  'labels.moments.f1',
  'labels.cues.f1',
  'labels.helped.f1',
  'labels.scripted.f1',
  'labels.template.f1',
  'labels.emotions.macroF1',
  'labels.sentimentMacroF1',
];
/** ... and lower is better for these. */
export const CEILINGS = [
  'edits.rises.blame-echo.share',
  'edits.rises.echo-only.share',
  'edits.rises.boilerplate.share',
  'edits.rises.formula-variant.share',
  'labels.emotions.calibrationError',
];

/** Writes this run's guarded figures as the new record (`npm run eval -- --only customer --record`). */
export function recordCustomerFigures(file: URL, figures: Record<string, unknown>, lexiconVersion: string): Recorded {
  const [name, version] = lexiconVersion.split('@') as [string, string];
  const pick = (keys: string[]) =>
    Object.fromEntries(
      keys.flatMap((k) => {
        const v = lookup(figures, k);
        return v === undefined ? [] : [[k, Math.round(v * 1000) / 1000]];
      }),
    );
  const recorded = {
    name,
    version,
    about:
      "Customer-service figures of the shipped lexicon, weights and model on ../shared/data and the test half of the project's own labels (npm run eval -- --only customer --record). `npm run eval -- --check` fails when a devFigure drops more than 0.02 below these or a ceiling rises more than 0.02 above.",
    devFigures: pick(GUARDED),
    ceilings: pick(CEILINGS),
  };
  writeFileSync(file, JSON.stringify(recorded, null, 2) + '\n');
  return recorded;
}
