import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Reads the VADER valence lexicon shipped in the vader-sentiment package (MIT/Apache data).
 * The package ships it only as an ES module inside a CommonJS package, so it cannot be imported;
 * its lines are simple `word: 1.2,` entries, read here once at start.
 */
export function loadVaderValences(): Record<string, number> {
  const require = createRequire(import.meta.url);
  const main = require.resolve('vader-sentiment');
  const file = path.join(path.dirname(main), '..', 'src', 'vader_lexicon.js');
  const valences: Record<string, number> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const entry = /^\s*(?:'((?:[^'\\]|\\.)*)'|"([^"]*)"|([A-Za-z0-9_$]+)):\s*(-?\d+(?:\.\d+)?),?\s*$/.exec(line);
    if (!entry) continue;
    const word = (entry[1] ?? entry[2] ?? entry[3] ?? '').replace(/\\(.)/g, '$1');
    valences[word] = Number(entry[4]);
  }
  return valences;
}
