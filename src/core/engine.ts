import { compileLexicon, type CompiledLexicon } from './lexicon/compile.ts';
import { DEFAULT_LEXICON } from './lexicon/default.ts';
import { mergeLexicon } from './lexicon/merge.ts';
import type { EmotionModel } from './models/types.ts';

/** Everything the analysis needs, built once: compiled lexicon, word valences, optional model. */
export interface Engine {
  version: string;
  lexicon: CompiledLexicon;
  /** Valence (VADER scale, about -4..4) by the word's id in `lexicon.vocabulary`; a hole for words without one. */
  valences: readonly (number | undefined)[];
  model?: EmotionModel;
}

export const ENGINE_VERSION = 'attune-engine@0.1.0';

export interface EngineParts {
  /** A user's config layered over the default lexicon (lists appended, numbers replaced). */
  userConfig?: unknown;
  valences?: Record<string, number>;
  model?: EmotionModel;
}

export type EngineResult = { ok: true; engine: Engine } | { ok: false; errors: string[] };

/** Builds an engine from plain values; loading files is the caller's job (see src/io/engine.ts). */
export function createEngine(parts: EngineParts = {}): EngineResult {
  const raw = parts.userConfig === undefined ? DEFAULT_LEXICON : mergeLexicon(DEFAULT_LEXICON, parts.userConfig);
  const compiled = compileLexicon(raw);
  if (!compiled.ok) return compiled;
  // indexed by word id, so the id each token gets once per turn finds its valence too: one hash lookup, not two
  const valences: (number | undefined)[] = [];
  for (const [word, valence] of Object.entries(parts.valences ?? {}))
    valences[compiled.lexicon.vocabulary.add(word)] = valence;
  // the lexicon's own valences win: politeness is not praise, a problem word is not neutral, in customer service
  for (const [word, valence] of Object.entries(compiled.lexicon.data.valences))
    valences[compiled.lexicon.vocabulary.add(word)] = valence === 0 ? undefined : valence;
  return {
    ok: true,
    engine: {
      version: ENGINE_VERSION,
      lexicon: compiled.lexicon,
      valences,
      ...(parts.model ? { model: parts.model } : {}),
    },
  };
}
