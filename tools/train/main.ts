/**
 * `npm run train`: trains the shipped GoEmotions model (28-label, Ekman and group heads over
 * shared hashed features) on GoEmotions train only, and writes models/goemotions-linear.json.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createEmotionModel, emotionModelColumns } from '../../src/core/models/emotion-model.ts';
import { GOEMOTIONS_TO_PRODUCT } from '../../src/core/models/product-mapping.ts';
import { createLinearModel } from '../../src/core/models/linear.ts';
import type { FeaturizerParams } from '../../src/core/models/featurize.ts';
import { writeArtefact } from '../../src/io/models.ts';
import { goEmotionsFigures, headline, HEAD_FOR } from '../eval/emotion-figures.ts';
import { codeVersion } from '../../src/io/code-version.ts';
import { fit, type HeadSpec } from '../../src/core/training/fit.ts';
import { GROUPINGS, readGoEmotions, type GoEmotionsSet } from './goemotions.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface TrainConfig {
  name: string;
  version: number;
  seed: number;
  heldOutFraction: number;
  maxEpochs: number;
  patience: number;
  learningRate: number;
  l2: number;
  featurizer: FeaturizerParams;
  maxPositiveWeight?: number | Record<string, number>;
  stacked?: string[];
  stackL2?: number;
  runs?: number;
  refit?: boolean;
}

/** A head whose labels (and target columns) follow `labels`. */
function reorder(head: { name: string; set: GoEmotionsSet; atLeastOne: boolean }, labels: string[]): HeadSpec {
  const from = labels.map((l) => head.set.labels.indexOf(l));
  return {
    name: head.name,
    labels,
    atLeastOne: head.atLeastOne,
    targets: head.set.targets.map((row) => Uint8Array.from(from, (i) => row[i]!)),
  };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string', default: join(repoRoot, '..', 'shared', 'data') },
      out: { type: 'string', default: join(repoRoot, 'models', 'goemotions-linear.json') },
      config: { type: 'string', default: join(repoRoot, 'tools', 'train', 'goemotions.config.json') },
      'dev-split': { type: 'string', default: 'dev' },
    },
  });
  const config = JSON.parse(readFileSync(values.config, 'utf8')) as TrainConfig;
  const started = performance.now();
  const sets: GoEmotionsSet[] = [];
  for (const grouping of GROUPINGS) {
    const set = await readGoEmotions(values.data, grouping, 'train');
    if ('error' in set) {
      console.error(`train: ${set.error}; nothing trained`);
      return 1;
    }
    sets.push(set);
  }
  const [original, ekman, group] = sets as [GoEmotionsSet, GoEmotionsSet, GoEmotionsSet];
  if (ekman.ids.join() !== original.ids.join() || group.ids.join() !== original.ids.join()) {
    console.error('train: the original, ekman and group train files do not list the same texts in the same order');
    return 1;
  }
  console.log(`train: ${original.texts.length} GoEmotions train texts, seed ${config.seed}`);
  // the sentiment head first and the product-mapped labels first in the 28-label head: the
  // columns the engine reads then lead every row, and the model loads without reordering
  const mapped = new Set(Object.values(GOEMOTIONS_TO_PRODUCT).flat());
  const sentimentFirst = ['positive', 'negative', ...group.labels.filter((l) => l !== 'positive' && l !== 'negative')];
  const mappedFirst = [
    ...original.labels.filter((l) => mapped.has(l)),
    ...original.labels.filter((l) => !mapped.has(l)),
  ];
  const result = fit(
    original.texts,
    [
      reorder({ name: HEAD_FOR.group, set: group, atLeastOne: true }, sentimentFirst),
      reorder({ name: HEAD_FOR.original, set: original, atLeastOne: true }, mappedFirst),
      reorder({ name: HEAD_FOR.ekman, set: ekman, atLeastOne: true }, ekman.labels),
    ],
    { ...config, log: (m) => console.log(m) },
  );
  const trainSeconds = (performance.now() - started) / 1000;

  const model = { featurizer: config.featurizer, heads: result.heads };
  const header = {
    name: config.name,
    version: config.version,
    data: config.refit
      ? `GoEmotions train (original, ekman, group groupings): epochs, stacker, calibration and thresholds chosen with ${result.heldOutCount} texts held out from ${result.trainCount} fitted, then every head refit on all ${result.trainCount + result.heldOutCount}; no dev or test text`
      : `GoEmotions train (original, ekman, group groupings): ${result.trainCount} texts fitted, ${result.heldOutCount} held out for epochs, calibration and thresholds; no dev or test text`,
    license: 'Apache-2.0 (GoEmotions, google-research)',
    seed: config.seed,
    codeVersion: codeVersion(repoRoot),
    trainedAt: new Date().toISOString(),
    devFigures: {} as Record<string, number>,
    notes: `held-out macro-F1: ${Object.entries(result.heldOut)
      .map(([h, f]) => `${h} ${f.macroF1.toFixed(4)} (epoch ${f.epochs})`)
      .join(', ')}; trained in ${trainSeconds.toFixed(0)} s`,
  };
  const linear = createLinearModel(
    { format: 'attune-linear', header, ...model },
    result.weights,
    emotionModelColumns(result.heads),
  );
  const dev = await goEmotionsFigures(linear, createEmotionModel(linear), values.data, values['dev-split']);
  if ('error' in dev) console.log(`train: no dev figures recorded: ${dev.error}`);
  else header.devFigures = headline(dev);
  writeArtefact(values.out, { header, ...model }, result.weights);
  const size = statSync(values.out).size;
  console.log(
    `train: wrote ${values.out} (${(size / 1e6).toFixed(1)} MB) in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  console.log(`train: dev figures ${JSON.stringify(header.devFigures)}`);
  return 0;
}

process.exitCode = await main();
