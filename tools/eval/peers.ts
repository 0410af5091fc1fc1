import { createRequire } from 'node:module';
import type { GoEmotionsSet } from '../train/goemotions.ts';
import { multiLabelF1 } from '../../src/core/training/metrics.ts';
import { throughput, type GroupingFigures } from './emotion-figures.ts';

const require = createRequire(import.meta.url);
const vader = require('vader-sentiment') as {
  SentimentIntensityAnalyzer: { polarity_scores(text: string): { compound: number } };
};
const Afinn = require('sentiment') as new () => { analyze(text: string): { score: number } };

/**
 * How each peer's score becomes a sentiment group. Neither can say "ambiguous", so that label
 * always scores 0 for them; figures over positive/negative/neutral alone are reported too.
 */
export const PEER_RULES = {
  vader: "compound >= 0.05 → positive, <= -0.05 → negative, else neutral (VADER authors' thresholds)",
  afinn: 'AFINN score > 0 → positive, < 0 → negative, 0 → neutral',
} as const;

export interface PeerFigures {
  group: GroupingFigures;
  group3: GroupingFigures;
  textsPerSecond: number;
  rule: string;
}

function scorePeer(
  set: GoEmotionsSet,
  classify: (text: string) => 'positive' | 'negative' | 'neutral',
  rule: string,
): PeerFigures {
  const predicted = set.texts.map((text) => {
    const label = classify(text);
    return Uint8Array.from(set.labels, (l) => (l === label ? 1 : 0));
  });
  const three = ['negative', 'neutral', 'positive'];
  const keep = three.map((l) => set.labels.indexOf(l));
  const pick = (rows: Uint8Array[]) => rows.map((r) => Uint8Array.from(keep, (i) => r[i]!));
  return {
    group: { ...multiLabelF1(predicted, set.targets, set.labels), count: set.texts.length },
    group3: { ...multiLabelF1(pick(predicted), pick(set.targets), three), count: set.texts.length },
    textsPerSecond: throughput(set.texts, classify),
    rule,
  };
}

/** VADER's compound score, -1..1. */
export const vaderCompound = (text: string) => vader.SentimentIntensityAnalyzer.polarity_scores(text).compound;

/** An AFINN scorer (the `sentiment` package): the summed word valences. */
export function afinnScorer(): (text: string) => number {
  const afinn = new Afinn();
  return (text) => afinn.analyze(text).score;
}

/** vader-sentiment and AFINN (`sentiment`) on the GoEmotions sentiment grouping. */
export function peerFigures(group: GoEmotionsSet): { vader: PeerFigures; afinn: PeerFigures } {
  const afinn = new Afinn();
  return {
    vader: scorePeer(
      group,
      (text) => {
        const c = vader.SentimentIntensityAnalyzer.polarity_scores(text).compound;
        return c >= 0.05 ? 'positive' : c <= -0.05 ? 'negative' : 'neutral';
      },
      PEER_RULES.vader,
    ),
    afinn: scorePeer(
      group,
      (text) => {
        const s = afinn.analyze(text).score;
        return s > 0 ? 'positive' : s < 0 ? 'negative' : 'neutral';
      },
      PEER_RULES.afinn,
    ),
  };
}
