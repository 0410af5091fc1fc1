import { readInputs, type ReadOptionsInput } from '../io/read/index.ts';
import type { ReadBody } from './context.ts';

/** The ingestion readers over a request body instead of a file; the format is detected when not given. */
export function bodyReader(options: ReadOptionsInput = {}): ReadBody {
  return ({ text, format }) => {
    async function* bytes(): AsyncGenerator<Uint8Array> {
      yield Buffer.from(text, 'utf8');
    }
    return readInputs(['body'], { ...options, ...(format ? { inputFormat: format } : {}) }, bytes);
  };
}
