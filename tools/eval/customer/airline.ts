import type { Engine } from '../../../src/core/engine.ts';
import { analyzeConversation } from '../../../src/core/analyze.ts';
import { Conversation } from '../../../src/core/schema/index.ts';
import { afinnScorer, vaderCompound } from '../peers.ts';
import { airlineTweets, halfOf, readData } from './read.ts';
import { bestBand, classify, macroF1, type Polarity } from './sentiment-band.ts';

export const AIRLINE_FILE = 'twitter-us-airline-sentiment/Tweets.csv';

/** The sentiment Attune gives one customer message on its own. */
export function customerSentiment(text: string, engine: Engine): number {
  const analysis = analyzeConversation(
    Conversation.parse({ id: 'x', channel: 'social', turns: [{ role: 'customer', text }] }),
    engine,
  );
  return 'turns' in analysis ? analysis.turns[0]!.sentiment : 0;
}

export interface SystemFigures {
  macroF1: number;
  band: [number, number];
}
export interface AirlineFigures {
  tweets: number;
  scored: number;
  attune: SystemFigures;
  vader: SystemFigures;
  afinn: SystemFigures;
}

/** Customer tweets to airlines, 3-class macro-F1: each system's neutral band chosen on one half (by id), scored on the other. */
export function airlineFigures(dir: string, engine: Engine): AirlineFigures | { error: string } {
  const file = readData(dir, AIRLINE_FILE);
  if (!file.ok) return { error: file.error };
  const tweets = airlineTweets(file.text).filter((t) => ['negative', 'neutral', 'positive'].includes(t.label));
  const afinn = afinnScorer();
  const systems: Record<'attune' | 'vader' | 'afinn', (text: string) => number> = {
    attune: (text) => customerSentiment(text, engine),
    vader: vaderCompound,
    afinn,
  };
  const tune = tweets.filter((t) => halfOf(t.id) === 0);
  const score = tweets.filter((t) => halfOf(t.id) === 1);
  const figures = {} as Record<keyof typeof systems, SystemFigures>;
  for (const [name, f] of Object.entries(systems) as [keyof typeof systems, (t: string) => number][]) {
    const band = bestBand(
      tune.map((t) => f(t.text)),
      tune.map((t) => t.label),
    );
    const predicted: Polarity[] = score.map((t) => classify(f(t.text), band));
    figures[name] = {
      macroF1: macroF1(
        predicted,
        score.map((t) => t.label),
      ),
      band: [round(band[0]), round(band[1])],
    };
  }
  return { tweets: tweets.length, scored: score.length, ...figures };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
