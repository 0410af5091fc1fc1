import type { Line } from './decode.ts';

export interface JsonValueText {
  text: string;
  line: number;
  /** The value was longer than the limit; text holds only its start. */
  overflow?: boolean;
}

/**
 * Streams the top-level JSON values of a document in constant memory: the elements of a top-level array,
 * or each value of a file holding one or more objects. A hand scanner (depth and string state), no regex.
 */
export async function* jsonValues(lines: AsyncIterable<Line>, maxChars: number): AsyncGenerator<JsonValueText> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let arrayMode: boolean | undefined;
  let buffer = '';
  let overflow = false;
  let startLine = 0;
  let active = false;
  let first = true;
  let bom = false;
  for await (const line of lines) {
    bom ||= line.bom === true;
    const text = line.text + line.eol;
    let segmentStart = -1;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let ends = false;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === 92) escaped = true;
        else if (c === 34) {
          inString = false;
          ends = depth === 0;
        }
      } else {
        if (c === 32 || c === 10 || c === 9 || c === 13) continue;
        if (!active) {
          if (arrayMode === undefined) {
            arrayMode = c === 91;
            if (arrayMode) continue;
          }
          if (arrayMode && depth === 0 && (c === 44 || c === 93)) continue;
          active = true;
          startLine = line.no;
          segmentStart = i;
        }
        if (c === 34) inString = true;
        else if (c === 123 || c === 91) depth++;
        else if (c === 125 || c === 93) {
          depth--;
          ends = depth <= 0;
        } else ends = depth === 0 && isScalarEnd(text, i);
      }
      if (ends) {
        if (!overflow) buffer += text.slice(Math.max(segmentStart, 0), i + 1);
        // a document that is one value keeps the byte order mark it began with
        if (bom && startLine === 1 && !arrayMode && first) buffer = '\uFEFF' + buffer;
        first = false;
        yield { text: buffer, line: startLine, ...(overflow ? { overflow: true } : {}) };
        buffer = '';
        overflow = false;
        active = false;
        depth = 0;
        segmentStart = -1;
      }
    }
    if (active && !overflow) {
      buffer += text.slice(Math.max(segmentStart, 0));
      if (buffer.length > maxChars) {
        overflow = true;
        buffer = buffer.slice(0, maxChars);
      }
    }
  }
  if (active) yield { text: buffer, line: startLine, ...(overflow ? { overflow: true } : {}) };
}

/** A bare scalar at depth 0 (a number, true, null) ends before whitespace, a comma or a bracket. */
function isScalarEnd(text: string, i: number): boolean {
  const next = text.charCodeAt(i + 1);
  return Number.isNaN(next) || next === 32 || next === 10 || next === 9 || next === 44 || next === 93 || next === 13;
}
