import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { ArtefactHeader } from '../../src/core/models/artefact.ts';

/** Figures something shipped was measured at: a model artefact's header, or the lexicon's record. */
export const Recorded = z.object({
  name: z.string(),
  version: z.union([z.number(), z.string()]),
  devFigures: z.record(z.string(), z.number()),
  /** Figures where lower is better (e.g. the share of replies an edit wrongly raises): a rise past them is a regression. */
  ceilings: z.record(z.string(), z.number()).optional(),
});
export type Recorded = z.infer<typeof Recorded>;

/** The default lexicon's EPITOME figures (the rules, not a model, score the agent's behaviours). */
export const LEXICON_FIGURES_FILE = new URL('./lexicon-figures.json', import.meta.url);

/** The customer-service figures (STC-3, airline tweets, the edit suite, the project's own labels) as last measured. */
export const CUSTOMER_FIGURES_FILE = new URL('./customer-figures.json', import.meta.url);

export function readLexiconFigures(file: URL | string = LEXICON_FIGURES_FILE): Recorded {
  return Recorded.parse(JSON.parse(readFileSync(file, 'utf8')));
}

export interface Regression {
  model: string;
  figure: string;
  recorded: number;
  measured: number;
  message: string;
}

/** Reads a dotted key from nested figures, e.g. "goemotions.ekman.macroF1", or from a flat `headline` record. */
export function lookup(figures: Record<string, unknown>, key: string): number | undefined {
  const headline = figures.headline as Record<string, unknown> | undefined;
  if (headline && typeof headline[key] === 'number') return headline[key];
  let at: unknown = figures;
  for (const part of key.split('.'))
    at = at && typeof at === 'object' ? (at as Record<string, unknown>)[part] : undefined;
  return typeof at === 'number' ? at : undefined;
}

/**
 * Headline figures that fell more than `tolerance` below what an artefact header recorded.
 * A figure not measured in this run (e.g. its data absent) is not a regression.
 */
export function checkRegression(
  figures: Record<string, unknown>,
  artefactHeaders: Array<ArtefactHeader | Recorded>,
  tolerance = 0.02,
): Regression[] {
  const out: Regression[] = [];
  for (const header of artefactHeaders) {
    for (const [figure, recorded] of Object.entries(header.devFigures)) {
      const measured = lookup(figures, figure);
      if (measured === undefined || measured >= recorded - tolerance) continue;
      out.push({
        model: `${header.name}@${header.version}`,
        figure,
        recorded,
        measured,
        message: `${figure} is ${measured.toFixed(4)}, more than ${tolerance} below the ${recorded.toFixed(4)} recorded by ${header.name}@${header.version}`,
      });
    }
    for (const [figure, recorded] of Object.entries('ceilings' in header ? (header.ceilings ?? {}) : {})) {
      const measured = lookup(figures, figure);
      if (measured === undefined || measured <= recorded + tolerance) continue;
      out.push({
        model: `${header.name}@${header.version}`,
        figure,
        recorded,
        measured,
        message: `${figure} is ${measured.toFixed(4)}, more than ${tolerance} above the ${recorded.toFixed(4)} recorded by ${header.name}@${header.version}`,
      });
    }
  }
  return out;
}
