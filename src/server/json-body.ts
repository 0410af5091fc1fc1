import type { FastifyInstance, FastifyRequest } from 'fastify';

/** JSON bodies longer than this (characters) that hold an array are parsed an element at a time. */
const SPLIT_ABOVE = 1024 * 1024;
/** How many characters are scanned or parsed before the event loop gets a turn. */
const SLICE = 256 * 1024;

const turn = () => new Promise((resolve) => setImmediate(resolve));
const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

/**
 * The [start, end) of each element of the top-level JSON array in `text`, found in one pass that yields
 * every SLICE characters; null when `text` is not an array shape (the whole parser then reports why).
 */
async function elements(text: string): Promise<Array<[number, number]> | null> {
  let open = 0;
  while (open < text.length && isSpace(text.charCodeAt(open))) open++;
  if (text.charCodeAt(open) !== 91) return null;
  const spans: Array<[number, number]> = [];
  let depth = 0;
  let inString = false;
  let escaped = false;
  let start = open + 1;
  let close = -1;
  for (let j = open; j < text.length && close === -1; j++) {
    if (j % SLICE === 0) await turn();
    const c = text.charCodeAt(j);
    if (inString) {
      if (escaped) escaped = false;
      else if (c === 92) escaped = true;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) depth++;
    else if (c === 93 || c === 125) {
      depth--;
      if (depth === 0) close = j;
    } else if (c === 44 && depth === 1) {
      spans.push([start, j]);
      start = j + 1;
    }
  }
  if (close === -1) return null;
  for (let k = close + 1; k < text.length; k++) if (!isSpace(text.charCodeAt(k))) return null;
  const last: [number, number] = [start, close];
  if (spans.length > 0 || text.slice(start, close).trim() !== '') spans.push(last);
  return spans;
}

/**
 * Parses `application/json` bodies as Fastify does (prototype poisoning refused), but a large array one
 * element at a time with the event loop served in between: a 10 MB batch is otherwise one JSON.parse of
 * around 100 ms on the HTTP thread, long enough to hold up health checks.
 */
export function installJsonBodyParser(scope: FastifyInstance): void {
  const whole = scope.getDefaultJsonParser('error', 'error');
  const parseOne = (request: FastifyRequest, text: string): { ok: true; value: unknown } | { ok: false } => {
    let out: { ok: true; value: unknown } | { ok: false } = { ok: false };
    void whole(request, text, (error, value) => {
      out = error ? { ok: false } : { ok: true, value };
    });
    return out;
  };
  scope.removeContentTypeParser('application/json');
  scope.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (text.length <= SPLIT_ABOVE) return void whole(request, text, done);
    void (async () => {
      const spans = await elements(text);
      if (spans === null) return void whole(request, text, done);
      const values: unknown[] = [];
      let since = 0;
      for (const [start, end] of spans) {
        const parsed = parseOne(request, text.slice(start, end));
        // a bad element: the whole body is refused with the parser's own message
        if (!parsed.ok) return void whole(request, text, done);
        values.push(parsed.value);
        since += end - start;
        if (since >= SLICE) {
          since = 0;
          await turn();
        }
      }
      done(null, values);
    })();
  });
}
