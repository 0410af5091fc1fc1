/**
 * Evaluation of the learned models and the engine on public labelled data (see ../shared/data).
 * `evaluate` prints its tables (unless `json`) and returns every figure; `checkRegression`
 * compares a run's headline figures with those recorded in artefact headers.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ArtefactHeader } from '../../src/core/models/artefact.ts';
import { GOEMOTIONS_TO_PRODUCT } from '../../src/core/models/product-mapping.ts';
import { readArtefactHeader, readShippedModel, SHIPPED_MODEL_FILE } from '../../src/io/models.ts';
import { readGoEmotions } from '../train/goemotions.ts';
import { goEmotionsFigures, headline, MAPPED_PRODUCT_LABELS, round, type EmotionFigures } from './emotion-figures.ts';
import { engineFigures } from './engine-figures.ts';
import { microsPerTurn } from './model-speed.ts';
import { peerFigures } from './peers.ts';
import { formatTable } from './table.ts';

export { checkRegression } from './regression.ts';

/** Headers of every committed artefact in models/ (for `checkRegression`), with unreadable files as errors. */
export function shippedHeaders(dir = dirname(SHIPPED_MODEL_FILE)): { headers: ArtefactHeader[]; errors: string[] } {
  const headers: ArtefactHeader[] = [];
  const errors: string[] = [];
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];
  for (const file of files) {
    const header = readArtefactHeader(join(dir, file));
    if ('error' in header) errors.push(header.error);
    else headers.push(header);
  }
  return { headers, errors };
}

const MAPPING_NOTE = [
  ...MAPPED_PRODUCT_LABELS.map((e) => `${e} ← ${GOEMOTIONS_TO_PRODUCT[e].join(' + ')}`),
  'impatience ← (no GoEmotions label: not evaluated here; rules detect it)',
].join('; ');

function perLabelTable(
  title: string,
  figures: EmotionFigures[keyof Pick<EmotionFigures, 'original' | 'ekman' | 'group' | 'product'>],
): string {
  return `${title}\n${formatTable(
    ['label', 'F1', 'support'],
    Object.entries(figures.perLabel).map(([l, f]) => [l, f, figures.support[l] ?? 0]),
  )}`;
}

/** Runs every evaluation on one split of the data folder; absent data is reported, never fatal. */
export async function evaluate(opts: {
  data: string;
  split: string;
  json?: boolean;
}): Promise<Record<string, unknown>> {
  const say = (text: string) => {
    if (!opts.json) console.log(text);
  };
  if (!existsSync(opts.data)) {
    say(`eval: data folder ${opts.data} is absent; nothing evaluated`);
    return { skipped: `data folder ${opts.data} is absent` };
  }
  const loaded = readShippedModel();
  const result: Record<string, unknown> = { split: opts.split, mapping: MAPPING_NOTE };
  if (!loaded.ok) {
    say(`eval: ${loaded.reason}; model figures skipped`);
    result.model = { error: loaded.reason };
  } else {
    result.model = { id: loaded.model.id, loadMs: round(loaded.loadMs), header: loaded.header };
    const emotion = await goEmotionsFigures(loaded.linear, loaded.model, opts.data, opts.split);
    if ('error' in emotion) {
      say(`eval: ${emotion.error}; GoEmotions figures skipped`);
      result.goemotions = emotion;
    } else {
      result.goemotions = emotion;
      result.headline = headline(emotion);
      const original = await readGoEmotions(opts.data, 'original', opts.split);
      const micros = 'error' in original ? 0 : microsPerTurn(loaded.model, original.texts);
      (result.model as Record<string, unknown>).microsPerTurn = round(micros);
      say(
        `\nCustomer emotion on GoEmotions ${opts.split} (${emotion.original.count} texts), model ${loaded.model.id} (loaded in ${loaded.loadMs.toFixed(0)} ms; emotions + sentiment ${micros.toFixed(1)} CPU µs per text)`,
      );
      say(
        formatTable(
          ['grouping', 'macro-F1', 'target', 'BERT-base'],
          [
            ['28 labels', emotion.original.macroF1, 0.42, 0.46],
            ['Ekman', emotion.ekman.macroF1, 0.58, 0.64],
            ['sentiment group', emotion.group.macroF1, 0.65, 0.69],
            ['product labels', emotion.product.macroF1, '-', '-'],
          ],
        ),
      );
      say(`product mapping: ${MAPPING_NOTE}`);
      say(perLabelTable('\nper label, 28 labels', emotion.original));
      say(perLabelTable('\nper label, Ekman', emotion.ekman));
      say(perLabelTable('\nper label, sentiment group', emotion.group));
      say(perLabelTable('\nper label, product labels', emotion.product));
      const group = await readGoEmotions(opts.data, 'group', opts.split);
      if (!('error' in group)) {
        const peers = peerFigures(group);
        result.peers = peers;
        say(
          '\nSentiment grouping, peers side by side (ambiguous: peers never predict it, so it scores 0 for them; group3 = positive/negative/neutral only)',
        );
        say(
          formatTable(
            ['system', 'macro-F1 (4)', 'macro-F1 (3)', 'texts/s'],
            [
              [`attune ${loaded.model.id}`, emotion.group.macroF1, emotion.group3.macroF1, emotion.throughput.group],
              ['vader-sentiment', peers.vader.group.macroF1, peers.vader.group3.macroF1, peers.vader.textsPerSecond],
              ['AFINN (sentiment)', peers.afinn.group.macroF1, peers.afinn.group3.macroF1, peers.afinn.textsPerSecond],
            ],
          ),
        );
        say(`vader: ${peers.vader.rule}; AFINN: ${peers.afinn.rule}`);
        say(
          `margin over the best peer: ${(emotion.group.macroF1 - Math.max(peers.vader.group.macroF1, peers.afinn.group.macroF1)).toFixed(3)} (target 0.15); all heads + product mapping: ${emotion.throughput.all} texts/s`,
        );
      }
    }
  }
  Object.assign(result, await engineFigures(opts.data, opts.split, say));
  return result;
}
