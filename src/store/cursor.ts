import { z } from 'zod';

const Key = z
  .array(z.union([z.string(), z.number()]))
  .min(1)
  .max(4);

/** An opaque keyset cursor: the sort key of the last row of a page. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The sort key in a cursor, or null when the text is not a cursor of `length` parts. */
export function decodeCursor(cursor: string, length: number): (string | number)[] | null {
  try {
    const parsed = Key.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return parsed.success && parsed.data.length === length ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Thrown for a cursor this store did not produce; the server maps it to a 400. */
export class BadCursorError extends Error {
  constructor() {
    super('the pagination cursor is not valid');
    this.name = 'BadCursorError';
  }
}
