import { readInputs, type ReadOptionsInput } from '../io/read/index.ts';
import type { ReadBody } from './context.ts';

/** The ingestion readers over a request body instead of a file; the format is detected when not given. */
export function bodyReader(defaults: ReadOptionsInput = {}): ReadBody {
  return ({ bytes, options }) => {
    async function* body(): AsyncGenerator<Uint8Array> {
      yield bytes;
    }
    return readInputs(['body'], { ...defaults, ...options }, body);
  };
}
