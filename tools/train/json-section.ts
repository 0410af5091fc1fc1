/**
 * Rewrites only some values of a JSON file laid out by `JSON.stringify(_, null, 2)`, leaving every other byte as
 * it was: a refit then changes the lines of what it fitted, so the diff (and a merge beside other edits) stays local.
 */

interface Span {
  start: number;
  end: number;
}

/** The character spans of every value reachable through object keys, keyed by their path joined with NUL. */
function valueSpans(text: string): Map<string, Span> {
  const spans = new Map<string, Span>();
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  const fail = (what: string): never => {
    throw new Error(`not JSON: ${what} at character ${i}`);
  };
  const string = () => {
    if (text[i] !== '"') fail('expected a string');
    for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    if (i >= text.length) fail('unterminated string');
  };
  const value = (path: string | null) => {
    ws();
    const start = i;
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      while (text[i] !== '}') {
        const keyStart = i;
        string();
        const key = JSON.parse(text.slice(keyStart, ++i)) as string;
        ws();
        if (text[i++] !== ':') fail('expected ":"');
        value(path === null ? null : path ? `${path}\0${key}` : key);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] !== '}') fail('expected "," or "}"');
        ws();
      }
      i++;
    } else if (c === '[') {
      i++;
      ws();
      while (text[i] !== ']') {
        value(null);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] !== ']') fail('expected "," or "]"');
        ws();
      }
      i++;
    } else if (c === '"') {
      string();
      i++;
    } else {
      while (i < text.length && !',}] \t\r\n'.includes(text[i]!)) i++;
      if (i === start) fail('expected a value');
    }
    if (path) spans.set(path, { start, end: i });
  };
  value('');
  return spans;
}

/** `value` as `JSON.stringify(_, null, 2)` lays it out when it sits at `indent` spaces. */
const layout = (value: unknown, indent: number) =>
  JSON.stringify(value, null, 2).replace(/\n/g, `\n${' '.repeat(indent)}`);

/**
 * The text with each value at `path` (object keys from the root) replaced; a missing top-level key is added at
 * the end of the root object. Anything else not found is an error: the caller asked to write where nothing is.
 */
export function replaceJsonValues(
  text: string,
  updates: readonly { path: readonly string[]; value: unknown }[],
): string {
  const spans = valueSpans(text);
  const edits: { start: number; end: number; insert: string }[] = [];
  for (const { path, value } of updates) {
    const span = spans.get(path.join('\0'));
    const depth = path.length;
    if (span) {
      edits.push({ ...span, insert: layout(value, 2 * depth) });
      continue;
    }
    if (depth !== 1) throw new Error(`no value at ${path.join('.')}`);
    const close = text.lastIndexOf('}');
    let last = close - 1;
    while (last >= 0 && ' \t\r\n'.includes(text[last]!)) last--;
    const comma = text[last] === '{' ? '' : ',';
    edits.push({
      start: last + 1,
      end: last + 1,
      insert: `${comma}\n  ${JSON.stringify(path[0])}: ${layout(value, 2)}`,
    });
  }
  edits.sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.insert + out.slice(e.end);
  return out;
}
