import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { HEADS } from '../../core/models/emotion-model.ts';
import { writeArtefact } from '../../io/models.ts';
import { fit } from '../../core/training/fit.ts';
import { codeVersion } from '../../io/code-version.ts';
import { COMMANDS } from './index.ts';
import { runWeights } from './train-weights.ts';
import { cannotRead } from '../../io/cannot-read.ts';

const LabelledTurn = z.object({
  text: z.string().min(1, 'text is empty'),
  labels: z.array(z.string().min(1, 'a label is empty')),
});

export interface ParsedTurns {
  texts: string[];
  labels: string[][];
  /** One message per skipped line: "line N: reason". */
  rejected: string[];
}

/** Parses JSONL labelled turns; bad lines are reported with their number and skipped. */
export function parseLabelledTurns(raw: string): ParsedTurns {
  const out: ParsedTurns = { texts: [], labels: [], rejected: [] };
  raw.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (err) {
      out.rejected.push(`line ${i + 1}: not valid JSON (${(err as Error).message})`);
      return;
    }
    const parsed = LabelledTurn.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      out.rejected.push(`line ${i + 1}: ${issue.path.length ? `field ${issue.path.join('.')}: ` : ''}${issue.message}`);
      return;
    }
    out.texts.push(parsed.data.text);
    out.labels.push([...new Set(parsed.data.labels)]);
  });
  return out;
}

const FEATURIZER = {
  log2Buckets: 14,
  charMin: 3,
  charMax: 5,
  negationScope: 3,
  negators: [
    'not',
    'no',
    'never',
    'nothing',
    'nobody',
    'none',
    'nowhere',
    'cannot',
    'without',
    'hardly',
    'neither',
    'nor',
  ],
};

const usage =
  'usage: attune train --data FILE.jsonl [--out FILE] [--seed N] [--name NAME]\n       attune train weights --reviews REVIEWS.jsonl CONVERSATIONS... (attune train weights --help)';

export async function run(argv: string[]): Promise<number> {
  if (argv[0] === 'weights') return runWeights(argv.slice(1));
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        data: { type: 'string' },
        out: { type: 'string' },
        seed: { type: 'string', default: '1' },
        name: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    console.error(`attune train: ${(err as Error).message}\n${usage}`);
    return 2;
  }
  if (values.help) {
    console.log(`${COMMANDS.train!.summary}\n${usage}`);
    return 0;
  }
  if (!values.data) {
    console.error(`attune train: --data is required\n${usage}`);
    return 2;
  }
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) {
    console.error(`attune train: --seed must be an integer, got "${values.seed}"`);
    return 2;
  }
  let raw: string;
  try {
    raw = readFileSync(values.data, 'utf8');
  } catch (err) {
    console.error(`attune train: ${cannotRead(values.data, err)}`);
    return 1;
  }
  const turns = parseLabelledTurns(raw);
  for (const message of turns.rejected) console.error(`attune train: ${values.data} ${message} (skipped)`);
  const labels = [...new Set(turns.labels.flat())].sort();
  if (turns.texts.length < 2 || labels.length === 0) {
    console.error(
      `attune train: need at least 2 valid turns and 1 label; got ${turns.texts.length} turns, ${labels.length} labels (${turns.rejected.length} lines skipped)`,
    );
    return 1;
  }
  const started = performance.now();
  const result = fit(
    turns.texts,
    [
      {
        name: HEADS.custom,
        labels,
        atLeastOne: false,
        targets: turns.labels.map((own) => Uint8Array.from(labels, (l) => (own.includes(l) ? 1 : 0))),
      },
    ],
    { featurizer: FEATURIZER, seed, heldOutFraction: 0.15, maxEpochs: 10, patience: 2, learningRate: 0.15, l2: 1e-3 },
  );
  const heldOut = result.heldOut[HEADS.custom]!;
  const out = values.out ?? values.data.replace(/\.jsonl?$/i, '') + '.model.json';
  const name = values.name ?? `custom-${basename(values.data).replace(/\.jsonl?$/i, '')}`;
  writeArtefact(
    out,
    {
      header: {
        name,
        version: 1,
        seed,
        data: `${basename(values.data)}: ${turns.texts.length} labelled turns (${turns.rejected.length} lines skipped), ${result.trainCount} fitted`,
        license: 'user-supplied data',
        codeVersion: codeVersion(process.cwd()),
        trainedAt: new Date().toISOString(),
        devFigures: { 'labels.macroF1': Math.round(heldOut.macroF1 * 10000) / 10000 },
        notes: `figures are on ${result.tunedOn === 'held-out' ? `a held-out ${result.heldOutCount}-turn slice` : 'the training turns (too few to hold any out)'}`,
      },
      featurizer: FEATURIZER,
      heads: result.heads,
    },
    result.weights,
  );
  console.log(
    `attune train: ${turns.texts.length} turns, ${labels.length} labels (${labels.join(', ')}), ${turns.rejected.length} lines skipped`,
  );
  console.log(
    `attune train: ${result.tunedOn} macro-F1 ${heldOut.macroF1.toFixed(3)}; wrote ${out} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return 0;
}
