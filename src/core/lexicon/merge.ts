type Json = unknown;

const isRecord = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Layers a user's config over a lexicon: lists are appended (deduplicated), objects merged key
 * by key, and numbers, strings and booleans replaced. A CX team extends phrases without copying ours.
 */
export function mergeLexicon(base: Json, overlay: Json): Json {
  if (Array.isArray(base) && Array.isArray(overlay)) return [...new Set([...base, ...overlay])];
  if (isRecord(base) && isRecord(overlay)) {
    const merged: Record<string, Json> = { ...base };
    for (const [key, value] of Object.entries(overlay))
      merged[key] = key in base ? mergeLexicon(base[key], value) : value;
    return merged;
  }
  return overlay === undefined ? base : overlay;
}
