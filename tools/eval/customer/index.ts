/**
 * Customer-service evaluation on ../shared/data: STC-3 satisfaction, airline tweets, the edit suite
 * on the IBM threads, and agreement with the project's own labels. Absent data is reported, never fatal.
 */
import type { Engine } from '../../../src/core/engine.ts';
import { formatTable } from '../table.ts';
import { airlineFigures } from './airline.ts';
import { editFigures } from './edits.ts';
import { labelFigures } from './labels.ts';
import { stc3Figures } from './stc3.ts';

export async function evaluateCustomer(opts: {
  data: string;
  engine: Engine;
  json?: boolean;
}): Promise<Record<string, unknown>> {
  const say = (text: string) => {
    if (!opts.json) console.log(text);
  };
  const out: Record<string, unknown> = {};
  const stc3 = stc3Figures(opts.data, opts.engine);
  out.stc3 = stc3;
  if ('error' in stc3) say(`\nSTC-3: ${stc3.error}`);
  else {
    say(`\nSTC-3 helpdesk dialogues (${stc3.dialogues}), Spearman with the raters' mean satisfaction`);
    say(
      formatTable(
        ['measure', 'Spearman'],
        [
          ['overall', stc3.overall ?? NaN],
          [`empathy, where a moment exists (${stc3.withMoment})`, stc3.empathyWithMoment ?? NaN],
          ['last customer turn sentiment (Attune)', stc3.lastCustomerTurn ?? NaN],
          ['last customer turn sentiment (VADER)', stc3.vaderLastCustomerTurn ?? NaN],
          ['last customer turn sentiment (AFINN)', stc3.afinnLastCustomerTurn ?? NaN],
          ['sentiment shift (Attune)', stc3.sentimentShift ?? NaN],
          ['sentiment shift, last minus first customer turn (VADER)', stc3.vaderShift ?? NaN],
          ['sentiment shift, last minus first customer turn (AFINN)', stc3.afinnShift ?? NaN],
        ],
      ),
    );
    say(
      `helpdesk solution nuggets (${stc3.solution.turns} turns) vs help behaviours: precision ${stc3.solution.precision.toFixed(3)}, recall ${stc3.solution.recall.toFixed(3)}`,
    );
  }
  const airline = airlineFigures(opts.data, opts.engine);
  out.airline = airline;
  if ('error' in airline) say(`\nairline tweets: ${airline.error}`);
  else {
    say(
      `\nAirline customer tweets, 3-class sentiment macro-F1 (neutral band chosen on one half by id, scored on the other ${airline.scored})`,
    );
    say(
      formatTable(
        ['system', 'macro-F1', 'band'],
        (['attune', 'vader', 'afinn'] as const).map((s) => [
          s,
          airline[s].macroF1,
          `${airline[s].band[0]}..${airline[s].band[1]}`,
        ]),
      ),
    );
  }
  const edits = editFigures(opts.data, opts.engine);
  out.edits = edits;
  if ('error' in edits) say(`\nedit suite: ${edits.error}`);
  else {
    say(
      `\nEdit suite on the IBM threads: share of ${edits.replies} final replies (with a moment) whose empathy rises after each edit`,
    );
    say(
      formatTable(
        ['edit', 'rose', 'share'],
        Object.entries(edits.rises).map(([k, v]) => [k, v.rose, v.share]),
      ),
    );
  }
  const labels = labelFigures(opts.data, opts.engine, 'test');
  out.labels = labels;
  if ('error' in labels) say(`\nown labels: ${labels.error}`);
  else {
    say(
      `\nThe project's own labels (data/labels/ibm-care), ${labels.split} half: ${labels.conversations} conversations`,
    );
    const row = (
      name: string,
      p: { precision: number; recall: number; f1: number; gold: number; predicted: number },
    ) => [name, p.precision, p.recall, p.f1, p.gold, p.predicted];
    say(
      formatTable(
        ['detector', 'precision', 'recall', 'F1', 'gold', 'found'],
        [
          row('moments (customer turns)', labels.moments),
          row('cues (turn × kind)', labels.cues),
          ...Object.entries(labels.cuesByKind).map(([k, p]) => row(`  cue: ${k}`, p)),
          row('vulnerability (turns)', labels.vulnerability),
          row('human-required ~ vulnerable', labels.humanRequiredOnVulnerable),
          row('helped (agent turns)', labels.helped),
          row('scripted (agent turns)', labels.scripted),
          row('template (agent turns)', labels.template),
          ...Object.entries(labels.emotions.perLabel)
            .filter(([, p]) => p.gold > 0)
            .map(([k, p]) => row(`emotion: ${k}`, p)),
        ],
      ),
    );
    say(
      `moment outcome vs adjudicated (kappa, ${labels.outcomePairs} moments both found): ${labels.outcomeKappa?.toFixed(3)}; empathy vs rating (Spearman, ${labels.empathyPairs}): ${labels.empathySpearman?.toFixed(3)}`,
    );
    say(
      `customer emotions macro-F1 ${labels.emotions.macroF1.toFixed(3)}, expected calibration error ${labels.emotions.calibrationError.toFixed(3)}; customer-turn sentiment macro-F1 ${labels.sentimentMacroF1.toFixed(3)} (VADER ${labels.sentimentPeers.vader.toFixed(3)}, AFINN ${labels.sentimentPeers.afinn.toFixed(3)}; each band chosen on the other half)`,
    );
  }
  return out;
}
