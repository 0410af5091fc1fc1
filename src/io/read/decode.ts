/** Lines whose bytes could not be decoded; the reader drains it to warn on the record that used them. */
export interface DecodeReport {
  encoding: string;
  invalidLines: number[];
}

export interface Line {
  text: string;
  /** 1-based line number in the file. */
  no: number;
  /** The line was longer than the record limit; text holds only its start. */
  overflow?: boolean;
  /** The line held bytes invalid in the file's encoding (now U+FFFD). */
  invalid?: boolean;
}

/** Picks the encoding from a BOM, or from the NUL pattern of UTF-16 text without one. */
export function sniffEncoding(head: Uint8Array): { encoding: 'utf-8' | 'utf-16le' | 'utf-16be'; bomLength: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  const pairs = Math.min(256, Math.floor(head.length / 2));
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < pairs; i++) {
    if (head[2 * i] === 0 && head[2 * i + 1] !== 0) evenNul++;
    if (head[2 * i + 1] === 0 && head[2 * i] !== 0) oddNul++;
  }
  if (pairs >= 2 && oddNul > pairs * 0.4) return { encoding: 'utf-16le', bomLength: 0 };
  if (pairs >= 2 && evenNul > pairs * 0.4) return { encoding: 'utf-16be', bomLength: 0 };
  return { encoding: 'utf-8', bomLength: 0 };
}

/** Decodes byte chunks to text; invalid bytes become U+FFFD (reported per line by splitLines), never an exception. */
export async function* decodeBytes(chunks: AsyncIterable<Uint8Array>, report: DecodeReport): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined;
  let pending: Uint8Array = new Uint8Array(0);
  for await (const chunk of chunks) {
    if (!decoder) {
      pending = concat(pending, chunk);
      if (pending.length < 512) continue;
      const sniffed = sniffEncoding(pending);
      decoder = new TextDecoder(sniffed.encoding, { fatal: false, ignoreBOM: true });
      report.encoding = sniffed.encoding;
      yield decoder.decode(pending.subarray(sniffed.bomLength), { stream: true });
      continue;
    }
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  if (!decoder) {
    const sniffed = sniffEncoding(pending);
    decoder = new TextDecoder(sniffed.encoding, { fatal: false, ignoreBOM: true });
    report.encoding = sniffed.encoding;
    const text = decoder.decode(pending.subarray(sniffed.bomLength));
    if (text) yield text;
    return;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Splits text chunks into lines on LF, CRLF or CR; a line longer than maxChars is cut and flagged, so memory stays bounded. */
export async function* splitLines(chunks: AsyncIterable<string>, report: DecodeReport, maxChars: number): AsyncGenerator<Line> {
  for await (const batch of splitLineBatches(chunks, report, maxChars, true)) yield* batch;
}

/**
 * splitLines, one array of lines per decoded chunk: the hot JSONL path pays one await per chunk, not per line.
 * Lines with invalid bytes are flagged; they are also listed in the report only when `listInReport` (per-line readers).
 */
export async function* splitLineBatches(chunks: AsyncIterable<string>, report: DecodeReport, maxChars: number, listInReport = false): AsyncGenerator<Line[]> {
  let carry = '';
  let no = 0;
  let overflowing = false;
  let pendingCR = false;
  const emit = (text: string): Line | undefined => {
    no++;
    const invalid = text.includes('\uFFFD');
    if (invalid && listInReport && report.invalidLines.length < 1000) report.invalidLines.push(no);
    const line: Line = text.length > maxChars || overflowing ? { text: text.slice(0, maxChars), no, overflow: true } : { text, no };
    overflowing = false;
    if (invalid) line.invalid = true;
    return line;
  };
  for await (let chunk of chunks) {
    const batch: Line[] = [];
    if (pendingCR) {
      if (chunk.startsWith('\n')) chunk = chunk.slice(1);
      pendingCR = false;
    }
    if (chunk.includes('\r')) {
      if (chunk.endsWith('\r')) {
        pendingCR = true;
        chunk = chunk.slice(0, -1) + '\n';
      }
      chunk = chunk.replace(/\r\n?/g, '\n');
    }
    let from = 0;
    let at = chunk.indexOf('\n');
    while (at !== -1) {
      const line = emit(carry + chunk.slice(from, at));
      carry = '';
      if (line) batch.push(line);
      from = at + 1;
      at = chunk.indexOf('\n', from);
    }
    if (batch.length > 0) yield batch;
    if (overflowing) continue;
    carry += chunk.slice(from);
    if (carry.length > maxChars) {
      overflowing = true;
      carry = carry.slice(0, maxChars);
    }
  }
  if (carry !== '' || overflowing) {
    const line = emit(carry);
    if (line) yield [line];
  }
}
