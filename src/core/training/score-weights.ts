/**
 * Fits the scoring weights to people's ratings, keeping every score a sum of explained terms.
 * Empathy is 100 × the mean credit of the answered moments plus the penalties, and each credit is a
 * weighted sum of the moment's terms, so the score is linear in the weights: ridge least squares,
 * shrunk toward the current weights (a prior worth `priorSamples` conversations), then held to the
 * ranges the lexicon schema allows.
 */
import type { BehaviourKind } from '../schema/index.ts';
import { MOMENT_OUTCOMES } from '../schema/index.ts';
import type { Lexicon } from '../lexicon/schema.ts';
import type { ScoreInputs } from '../analyze.ts';
import { COMPASSION_TERMS, compassionWeight } from '../scoring/compassion.ts';
import { spearman } from './metrics.ts';
import { solve } from './stack.ts';
import { createRandom } from './prng.ts';

type Weights = Lexicon['weights'];
export interface RatedSample {
  inputs: ScoreInputs;
  rating: number;
}
const GRADES = ['helped', 'owned', 'explored', 'deferred'] as const;
/** Column offsets of the empathy row: outcomes, then grades, then timing, then penalties. */
const GRADE_AT = MOMENT_OUTCOMES.length;
const TIMING_AT = GRADE_AT + GRADES.length;
const PENALTY_AT = TIMING_AT + 1;
const PENALTIES: BehaviourKind[] = ['dismissal', 'blame', 'minimising', 'repetition', 'scripted'];
/** Penalty counts beyond this add nothing (the score caps them too). */
const MAX_COUNT = 3;

/**
 * Ridge least squares shrunk toward `prior`: (XᵀX + λD) w = Xᵀy + λD·prior, with D the square of each
 * column's unit, so the prior weighs as much as `priorSamples` conversations lying wholly in that column.
 */
function ridge(rows: number[][], y: number[], prior: number[], units: number[], priorSamples: number): number[] {
  const d = prior.length;
  const a = new Float64Array(d * d);
  const b = new Float64Array(d);
  rows.forEach((x, r) => {
    for (let j = 0; j < d; j++) {
      b[j]! += x[j]! * y[r]!;
      for (let k = 0; k < d; k++) a[j * d + k]! += x[j]! * x[k]!;
    }
  });
  for (let j = 0; j < d; j++) {
    const scale = units[j]! ** 2 * priorSamples;
    a[j * d + j]! += scale;
    b[j]! += scale * prior[j]!;
  }
  return [...solve(a, b, d)];
}

/** A grade's weight; help that only starts is worth a fix where a configuration does not say. */
const grade = (w: Pick<Weights, 'momentGrade'>, g: (typeof GRADES)[number]) =>
  g === 'deferred' ? (w.momentGrade.deferred ?? w.momentGrade.helped) : w.momentGrade[g];
const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x));
const round = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places;
/** A 1-5 rating on the 0-100 score scale. */
const asScore = (rating: number) => 25 * (rating - 1);

function empathyRow(inputs: ScoreInputs): number[] {
  const n = inputs.moments.length;
  const share = (f: (m: ScoreInputs['moments'][number]) => boolean) => (100 * inputs.moments.filter(f).length) / n;
  return [
    ...MOMENT_OUTCOMES.map((o) => share((m) => m.credited === o)),
    // a brief answer to a hurrying customer is credited as met-specific with help, and nothing else
    ...GRADES.map((g) => share((m) => (m.hurryBrief ? g === 'helped' : m[g]))),
    share((m) => m.fixBeforeAck && !m.hurryBrief),
    ...PENALTIES.map((k) => Math.min(MAX_COUNT, inputs.penalties[k] ?? 0)),
  ];
}

export interface FitReport {
  samples: number;
  before: number | null;
  after: number | null;
}

/** Empathy weights (moment outcomes, grades, timing, penalties) fitted to 1-5 empathy ratings. */
export function fitEmpathyWeights(
  samples: readonly RatedSample[],
  current: Weights,
  priorSamples = 10,
): { weights: Pick<Weights, 'moment' | 'momentGrade' | 'fixBeforeAckCredit' | 'empathyPenalty'>; report: FitReport } {
  const rated = samples.filter((s) => s.inputs.moments.length > 0);
  const prior = [
    ...MOMENT_OUTCOMES.map((o) => current.moment[o]),
    ...GRADES.map((g) => grade(current, g)),
    current.fixBeforeAckCredit,
    ...PENALTIES.map((k) => current.empathyPenalty[k] ?? 0),
  ];
  const rows = rated.map((s) => empathyRow(s.inputs));
  const y = rated.map((s) => asScore(s.rating));
  const units = [...MOMENT_OUTCOMES.map(() => 100), ...GRADES.map(() => 100), 100, ...PENALTIES.map(() => 1)];
  const w = rated.length ? ridge(rows, y, prior, units, priorSamples) : prior;
  const at = (i: number) => w[i]!;
  // an outcome never earns more than a better one: specific ≥ generic ≥ helped-not-heard ≥ missed
  const outcome: number[] = [];
  MOMENT_OUTCOMES.forEach((_, i) => outcome.push(clamp(at(i), 0, i ? outcome[i - 1]! : 1)));
  const weights = {
    moment: Object.fromEntries(MOMENT_OUTCOMES.map((o, i) => [o, round(outcome[i]!, 3)])) as Weights['moment'],
    momentGrade: Object.fromEntries(
      // help that only starts is never worth more than a fix
      GRADES.map((g, i) => [
        g,
        round(clamp(at(GRADE_AT + i), 0, g === 'deferred' ? clamp(at(GRADE_AT), 0, 0.5) : 0.5), 3),
      ]),
    ) as Weights['momentGrade'],
    fixBeforeAckCredit: round(clamp(at(TIMING_AT), -0.5, 0), 3),
    empathyPenalty: {
      ...current.empathyPenalty,
      ...Object.fromEntries(PENALTIES.map((k, i) => [k, round(clamp(at(PENALTY_AT + i), -40, 0), 1)])),
    },
  };
  const fitted = [
    ...MOMENT_OUTCOMES.map((o) => weights.moment[o]),
    ...GRADES.map((g) => grade(weights, g)),
    weights.fixBeforeAckCredit,
    ...PENALTIES.map((k) => weights.empathyPenalty[k] ?? 0),
  ];
  return { weights, report: fitReport(rows, prior, fitted, rated) };
}

/** Compassion weights (base and each term) fitted to 1-5 helpfulness ratings. */
export function fitCompassionWeights(
  samples: readonly RatedSample[],
  current: Weights,
  priorSamples = 10,
): { weights: Pick<Weights, 'compassion' | 'compassionPenalty'>; report: FitReport } {
  const prior = [current.compassion.base, ...COMPASSION_TERMS.map((t) => compassionWeight(t, current))];
  const rows = samples.map((s) => [1, ...COMPASSION_TERMS.map((t) => (s.inputs.compassion.includes(t) ? 1 : 0))]);
  const y = samples.map((s) => asScore(s.rating));
  const w = samples.length
    ? ridge(
        rows,
        y,
        prior,
        prior.map(() => 1),
        priorSamples,
      )
    : prior;
  const term = (t: (typeof COMPASSION_TERMS)[number]) => w[1 + COMPASSION_TERMS.indexOf(t)]!;
  const positive = (t: (typeof COMPASSION_TERMS)[number]) => round(clamp(term(t), 0, 100), 1);
  const negative = (t: (typeof COMPASSION_TERMS)[number]) => round(clamp(term(t), -100, 0), 1);
  const weights = {
    compassion: {
      base: round(clamp(w[0]!, 0, 100), 1),
      ownership: positive('ownership'),
      action: positive('action'),
      // help that only starts is never worth more than a fix
      deferral: Math.min(positive('deferral'), positive('action')),
      expectation: positive('expectation'),
      resolution: positive('resolution'),
      exploration: positive('exploration'),
      reassurance: positive('reassurance'),
    },
    compassionPenalty: {
      'policy-hiding': negative('policy-hiding'),
      blame: negative('blame'),
      dismissal: negative('dismissal'),
      unresolvedNegative: negative('unresolved'),
    },
  };
  const fitted = [
    weights.compassion.base,
    ...COMPASSION_TERMS.map((t) => compassionWeight(t, { ...current, ...weights })),
  ];
  return { weights, report: fitReport(rows, prior, fitted, samples) };
}

const predict = (row: number[], ws: number[]) => row.reduce((s, x, i) => s + x * ws[i]!, 0);

/** How well the weights before and after the fit rank the samples as their ratings do. */
function fitReport(rows: number[][], prior: number[], fitted: number[], samples: readonly RatedSample[]): FitReport {
  const ratings = samples.map((s) => s.rating);
  return {
    samples: samples.length,
    before: spearman(
      rows.map((r) => predict(r, prior)),
      ratings,
    ),
    after: spearman(
      rows.map((r) => predict(r, fitted)),
      ratings,
    ),
  };
}

export type OverallKey = keyof Weights['overall'];
const OVERALL_KEYS: OverallKey[] = ['empathy', 'compassion', 'customerEnd'];
/** A conversation's overall parts (null where a part does not apply) and the people's rating of how it went. */
export interface PartSample {
  parts: Record<OverallKey, number | null>;
  rating: number;
}

/** The overall score as the engine combines it: the weighted mean of the parts that apply (null when none does). */
export function combineParts(parts: Record<OverallKey, number | null>, w: Weights['overall']): number | null {
  let sum = 0,
    weight = 0;
  for (const k of OVERALL_KEYS) {
    const p = parts[k];
    if (p === null || w[k] <= 0) continue;
    sum += w[k] * p;
    weight += w[k];
  }
  return weight ? sum / weight : null;
}

/**
 * The overall weights fitted to 1-5 ratings: a grid search (steps of `step` up to `max`) of the compassion and
 * customer-end weights against empathy's, which is held at its prior (a weighted mean does not change when every
 * weight is scaled). A weight only matters where its part applies beside another one, and on a few dozen such
 * conversations the best grid point flips with any small change; so the search runs on `resamples` bootstrap
 * resamples (a seeded draw: the same labels always give the same weights) and each weight is the median of the
 * resamples' choices. With fewer than `minSamples` such conversations the data cannot say anything and the weight
 * stays at its prior (the report says so). Spearman is flat in places, so any grid point within `tolerance` of a
 * resample's best counts as best and the one nearest the prior is taken.
 */
export function fitOverallWeights(
  samples: readonly PartSample[],
  prior: Weights['overall'],
  options: {
    step?: number;
    max?: number;
    tolerance?: number;
    minSamples?: number;
    resamples?: number;
    seed?: number;
  } = {},
): {
  weights: Weights['overall'];
  report: FitReport & { held: OverallKey[]; spread: Partial<Record<OverallKey, [number, number]>> };
} {
  const { step = 0.25, max = 4, tolerance = 0.005, minSamples = 15, resamples = 200, seed = 1 } = options;
  const agreement = (w: Weights['overall'], on: readonly PartSample[]) => {
    const scores: number[] = [],
      ratings: number[] = [];
    for (const s of on) {
      const score = combineParts(s.parts, w);
      if (score === null) continue;
      scores.push(score);
      ratings.push(s.rating);
    }
    return spearman(scores, ratings) ?? -Infinity;
  };
  const beside = (k: OverallKey) =>
    samples.filter((s) => s.parts[k] !== null && OVERALL_KEYS.some((o) => o !== k && s.parts[o] !== null)).length;
  const held = OVERALL_KEYS.filter((k) => k === 'empathy' || beside(k) < minSamples);
  const values = (k: OverallKey) =>
    held.includes(k) ? [prior[k]] : Array.from({ length: Math.floor(max / step) + 1 }, (_, i) => round(i * step, 3));
  const grid: Weights['overall'][] = [];
  for (const compassion of values('compassion'))
    for (const customerEnd of values('customerEnd')) grid.push({ empathy: prior.empathy, compassion, customerEnd });
  const distance = (w: Weights['overall']) =>
    (w.compassion - prior.compassion) ** 2 + (w.customerEnd - prior.customerEnd) ** 2;
  const bestOn = (on: readonly PartSample[]) => {
    const scored = grid.map((w) => ({ w, rho: agreement(w, on) }));
    const best = Math.max(...scored.map((g) => g.rho));
    return scored.filter((g) => g.rho >= best - tolerance).sort((a, b) => distance(a.w) - distance(b.w))[0]!.w;
  };
  const random = createRandom(seed);
  const chosen: Weights['overall'][] =
    grid.length === 1 || !samples.length
      ? [grid[0]!]
      : Array.from({ length: resamples }, () =>
          bestOn(Array.from({ length: samples.length }, () => samples[Math.floor(random() * samples.length)]!)),
        );
  const quantile = (k: OverallKey, q: number) => {
    const sorted = chosen.map((w) => w[k]).sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  };
  const weights = {
    empathy: prior.empathy,
    compassion: quantile('compassion', 0.5),
    customerEnd: quantile('customerEnd', 0.5),
  };
  const spread = Object.fromEntries(
    OVERALL_KEYS.filter((k) => !held.includes(k)).map((k) => [k, [quantile(k, 0.1), quantile(k, 0.9)]]),
  ) as Partial<Record<OverallKey, [number, number]>>;
  const before = agreement(prior, samples),
    after = agreement(weights, samples);
  return {
    weights,
    report: {
      samples: samples.length,
      before: Number.isFinite(before) ? before : null,
      after: Number.isFinite(after) ? after : null,
      held: held.filter((k) => k !== 'empathy'),
      spread,
    },
  };
}
