/**
 * `npm run fit-weights`: fits the shipped scoring weights (empathy moments and penalties, compassion
 * terms, overall) to the `fit` half of the project's own labels (data/labels/ibm-care/gold.jsonl: empathy and
 * helpfulness ratings, Apache-2.0 texts from ../shared/data/ibm-twitter-care), rewrites only those weights and
 * their provenance (`fitted`) in src/core/lexicon/default.json, every other line untouched, and prints the agreement of the real scores
 * before (hand-set weights) and after, on both halves. The `test` half is only ever scored.
 * Deterministic: the prior is fixed (tools/train/weights.prior.json), so the same labels give the same weights.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeConversation, scoreInputs, scoreParts } from '../../src/core/analyze.ts';
import { createEngine } from '../../src/core/engine.ts';
import { spearman } from '../../src/core/training/metrics.ts';
import { loadVaderValences } from '../../src/io/valence.ts';
import {
  fitCompassionWeights,
  fitEmpathyWeights,
  fitOverallWeights,
  type PartSample,
  type RatedSample,
} from '../../src/core/training/score-weights.ts';
import { loadEngine } from '../../src/io/engine.ts';
import { LEXICON_FILE, readLabelled, repoRoot } from './labelled.ts';
import { replaceJsonValues } from './json-section.ts';

const { dryRun, labels, conversations } = readLabelled('fit-weights');
const engine = await loadEngine();
const lexicon = JSON.parse(readFileSync(LEXICON_FILE, 'utf8')) as Record<string, unknown> & {
  weights: Parameters<typeof fitEmpathyWeights>[1];
};
const samples = (half: 'fit' | 'test', rating: 'empathy' | 'helpfulness'): RatedSample[] =>
  labels
    .filter((l) => l.split === half && l[rating] !== null && conversations.has(l.id))
    .map((l) => ({ inputs: scoreInputs(conversations.get(l.id)!, engine), rating: l[rating]! }));

const prior = {
  ...lexicon.weights,
  ...(
    JSON.parse(readFileSync(join(repoRoot, 'tools', 'train', 'weights.prior.json'), 'utf8')) as {
      weights: Partial<typeof lexicon.weights>;
    }
  ).weights,
};
const empathy = fitEmpathyWeights(samples('fit', 'empathy'), prior);
const compassion = fitCompassionWeights(samples('fit', 'helpfulness'), prior);
const partsWeights = { ...lexicon.weights, ...empathy.weights, ...compassion.weights };
/** How the conversation went by people's judgement: the mean of its ratings (empathy where a moment was seen, helpfulness). */
const rated = (l: (typeof labels)[number]) => (l.empathy === null ? l.helpfulness : (l.empathy + l.helpfulness) / 2);
const partSamples = (w: typeof partsWeights, half: 'fit' | 'test'): PartSample[] => {
  const built = createEngine({
    valences: loadVaderValences(),
    ...(engine.model ? { model: engine.model } : {}),
    userConfig: { weights: w },
  });
  if (!built.ok) throw new Error(built.errors.join('; '));
  return labels
    .filter((l) => l.split === half && conversations.has(l.id))
    .map((l) => {
      const parts = scoreParts(conversations.get(l.id)!, built.engine);
      return {
        parts: {
          empathy: parts.empathy.score,
          compassion: parts.compassion.score,
          customerEnd: parts.customerEnd.score,
        },
        rating: rated(l),
      };
    });
};
const overall = fitOverallWeights(partSamples(partsWeights, 'fit'), prior.overall);
const weights = { ...partsWeights, overall: overall.weights };
console.log(
  `overall (before the fallback) vs the mean rating, fit half (${overall.report.samples} conversations), Spearman: ${overall.report.before?.toFixed(3)} prior → ${overall.report.after?.toFixed(3)} fitted`,
);
for (const [k, [lo, hi]] of Object.entries(overall.report.spread))
  console.log(
    `  overall.${k}: ${overall.weights[k as keyof typeof overall.weights]} (10th–90th percentile over the resamples: ${lo}–${hi})`,
  );
if (overall.report.held.length)
  console.log(
    `  held at the prior (too few fit-half conversations where the part applies beside another): ${overall.report.held.join(', ')}`,
  );

/** Spearman of the real scores (the engine run with `w`) against the ratings of one half. */
function agreement(
  w: typeof weights,
  half: 'fit' | 'test',
  rating: 'empathy' | 'helpfulness',
): { rho: number | null; n: number } {
  const built = createEngine({
    valences: loadVaderValences(),
    ...(engine.model ? { model: engine.model } : {}),
    userConfig: { weights: w },
  });
  if (!built.ok) throw new Error(built.errors.join('; '));
  const scores: number[] = [],
    ratings: number[] = [];
  for (const l of labels) {
    const c = conversations.get(l.id);
    if (l.split !== half || l[rating] === null || !c) continue;
    const a = analyzeConversation(c, built.engine);
    const score = 'scores' in a ? (rating === 'empathy' ? a.scores.empathy : a.scores.compassion) : null;
    if (score === null) continue;
    scores.push(score);
    ratings.push(l[rating]!);
  }
  return { rho: spearman(scores, ratings), n: scores.length };
}
const figures: Record<string, number | null> = {};
for (const [score, rating] of [
  ['empathy', 'empathy'],
  ['compassion', 'helpfulness'],
] as const) {
  for (const half of ['fit', 'test'] as const) {
    const before = agreement(prior, half, rating);
    const after = agreement(weights, half, rating);
    figures[`${score}Spearman${half === 'fit' ? 'Fit' : 'Test'}`] =
      after.rho === null ? null : Math.round(after.rho * 1000) / 1000;
    console.log(
      `${score} vs ${rating} rating, ${half} half (${after.n} conversations), Spearman: ${before.rho?.toFixed(3)} before → ${after.rho?.toFixed(3)} fitted`,
    );
  }
}
console.log(JSON.stringify({ ...empathy.weights, ...compassion.weights, overall: overall.weights }));
if (!dryRun) {
  const fitted = {
    data: `data/labels/ibm-care/gold.jsonl, fit half (${empathy.report.samples} empathy ratings, ${compassion.report.samples} helpfulness ratings, ${overall.report.samples} conversations for overall; project labels on Apache-2.0 IBM customer-care threads)`,
    method:
      "ridge least squares toward the hand-set weights in tools/train/weights.prior.json (a prior worth 10 conversations per term), outcomes kept in order, help that only starts never above a fix, held to the schema ranges; overall: grid search of its weights against the mean of each conversation's ratings, nearest the prior among the best, on 200 seeded bootstrap resamples, each weight the median of their choices (held at the prior where its part applies beside another in fewer than 15 conversations): npm run fit-weights",
    figures,
    ...(overall.report.held.length ? { heldAtPrior: overall.report.held.map((k) => `overall.${k}`) } : {}),
  };
  // only what was fitted is rewritten, so a refit's diff is the lines of the weights that moved
  const fittedKeys = [
    'moment',
    'momentGrade',
    'fixBeforeAckCredit',
    'empathyPenalty',
    'compassion',
    'compassionPenalty',
    'overall',
  ] as const;
  const text = readFileSync(LEXICON_FILE, 'utf8');
  writeFileSync(
    LEXICON_FILE,
    replaceJsonValues(text, [
      ...fittedKeys.map((k) => ({ path: ['weights', k], value: weights[k] })),
      { path: ['fitted'], value: fitted },
    ]),
  );
  console.log(`weights written to ${LEXICON_FILE}`);
}
