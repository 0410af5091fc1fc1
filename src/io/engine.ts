import { readFileSync } from 'node:fs';
import { createEngine, type Engine } from '../core/engine.ts';
import { mergeLexicon } from '../core/lexicon/merge.ts';
import { loadVaderValences } from './valence.ts';

export interface EngineOptions {
  /** A JSON lexicon overlay (phrases appended, numbers replaced). */
  configFile?: string;
  /** A further overlay layered over the file's (the phrase lists an admin set with `PUT /v1/settings`). */
  overlay?: unknown;
  /** A model artefact to use instead of the shipped one. */
  modelFile?: string;
  /** Skip learned models (rules only). */
  noModel?: boolean;
}

/** Builds the engine from the default lexicon, the user's config file and the shipped model. Throws one clear message. */
export async function loadEngine(options: EngineOptions = {}): Promise<Engine> {
  let userConfig: unknown;
  if (options.configFile) {
    try {
      userConfig = JSON.parse(readFileSync(options.configFile, 'utf8'));
    } catch (error) {
      throw new Error(`cannot read config ${options.configFile}: ${(error as Error).message}`);
    }
  }
  if (options.overlay !== undefined) userConfig = mergeLexicon(userConfig ?? {}, options.overlay);
  const model = options.noModel ? undefined : await loadModel(options.modelFile);
  const result = createEngine({ userConfig, valences: loadVaderValences(), ...(model ? { model } : {}) });
  if (!result.ok)
    throw new Error(
      `invalid lexicon${options.configFile ? ` (${options.configFile})` : ''}:\n  ${result.errors.join('\n  ')}`,
    );
  return result.engine;
}

async function loadModel(file?: string) {
  // the models module is optional at this stage of the build; a missing artefact means rules only
  try {
    const models = await import('./models.ts');
    if (file) return models.loadEmotionModel(file);
    return models.loadShippedModel() ?? undefined;
  } catch (error) {
    if (file) throw error;
    return undefined;
  }
}
