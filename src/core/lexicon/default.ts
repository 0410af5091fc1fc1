import defaults from './default.json' with { type: 'json' };

/** The lexicon Attune ships, as plain data (validated when compiled). */
export const DEFAULT_LEXICON: unknown = defaults;
