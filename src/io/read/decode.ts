import { isUtf8 } from 'node:buffer';
import { isWellFormed } from './raw.ts';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** What decoding found: the encoding, a byte order mark, and the lines whose bytes were invalid (drained per record). */
export interface DecodeReport {
  encoding: Encoding;
  invalidLines: number[];
  /** The input began with a byte order mark (kept on line 1, see `Line.bom`). */
  bom?: boolean;
  /** Some bytes were invalid in the encoding, so lines are checked for them. */
  lossy?: boolean;
}

export interface Line {
  /**
   * The line without its terminator. Bytes invalid in the file's encoding are kept as lone surrogates
   * (see raw.ts), so the rejected record keeps them exactly; accepted conversations get U+FFFD instead.
   */
  text: string;
  /** 1-based line number in the file. */
  no: number;
  /** The terminator as it came: "\n", "\r\n", "\r", or "" on a last line without one. */
  eol: string;
  /** Line 1 of an input that began with a byte order mark. */
  bom?: boolean;
  /** The line was longer than the record limit; text holds only its start. */
  overflow?: boolean;
  /** The line held bytes invalid in the file's encoding. */
  invalid?: boolean;
}

/** A line exactly as it came: its byte order mark, text and terminator. */
export function lineRaw(line: Line): string {
  return (line.bom ? '\uFEFF' : '') + line.text + line.eol;
}

/** Picks the encoding from a BOM, or from the NUL pattern of UTF-16 text without one. */
export function sniffEncoding(head: Uint8Array): { encoding: Encoding; bomLength: number } {
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

/**
 * Decodes byte chunks to text without losing a byte: invalid UTF-8 bytes become lone surrogates
 * U+DC80–U+DCFF and unpaired UTF-16 surrogates stay as they are (raw.ts encodes both back), never an exception.
 */
export async function* decodeBytes(chunks: AsyncIterable<Uint8Array>, report: DecodeReport): AsyncGenerator<string> {
  let decode: ((bytes: Uint8Array, final: boolean) => string) | undefined;
  let pending: Uint8Array = new Uint8Array(0);
  const start = (bytes: Uint8Array): Uint8Array => {
    const sniffed = sniffEncoding(bytes);
    report.encoding = sniffed.encoding;
    report.bom = sniffed.bomLength > 0;
    decode = sniffed.encoding === 'utf-8' ? utf8Decoder(report) : utf16Decoder(sniffed.encoding === 'utf-16be', report);
    return bytes.subarray(sniffed.bomLength);
  };
  for await (const chunk of chunks) {
    if (!decode) {
      pending = concat(pending, chunk);
      if (pending.length < 512) continue;
      const bytes = start(pending);
      const text = decode!(bytes, false);
      if (text) yield text;
      continue;
    }
    const text = decode(chunk, false);
    if (text) yield text;
  }
  const bytes = decode ? new Uint8Array(0) : start(pending);
  const rest = decode!(bytes, true);
  if (rest) yield rest;
}

// Node 20's TextDecoder decodes text with non-ASCII characters ~5× faster than Buffer#toString (67 vs 360 ms for a
// 31 MB chat file); ignoreBOM keeps a U+FEFF as the text holds it, as Buffer#toString does.
const VALID_UTF8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** UTF-8, natively where a chunk is valid; a sequence cut by the chunk's end waits for the next chunk. */
function utf8Decoder(report: DecodeReport): (bytes: Uint8Array, final: boolean) => string {
  let carry: Uint8Array = new Uint8Array(0);
  return (bytes, final) => {
    const all = carry.length > 0 ? concat(carry, bytes) : bytes;
    const end = final ? all.length : completeUtf8Length(all);
    carry = all.slice(end);
    const body = all.subarray(0, end);
    if (isUtf8(body)) return VALID_UTF8.decode(body);
    report.lossy = true;
    return escapeInvalidUtf8(body);
  };
}

/** How many leading bytes hold only whole characters: a multi-byte sequence cut at the end is left out. */
function completeUtf8Length(bytes: Uint8Array): number {
  for (let i = bytes.length - 1; i >= Math.max(0, bytes.length - 3); i--) {
    const b = bytes[i]!;
    if ((b & 0xc0) === 0x80) continue;
    if (b < 0xc0) return bytes.length;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    return bytes.length - i < need ? i : bytes.length;
  }
  return bytes.length;
}

// Written here because TextDecoder can only replace invalid bytes, which loses them; Python calls this "surrogateescape".
/** Decodes UTF-8, keeping each byte of an invalid sequence as the lone surrogate U+DC00 + byte. */
function escapeInvalidUtf8(bytes: Uint8Array): string {
  const units: number[] = [];
  const parts: string[] = [];
  const flush = () => {
    for (let i = 0; i < units.length; i += 8192) parts.push(String.fromCharCode(...units.slice(i, i + 8192)));
    units.length = 0;
  };
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const length =
      b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 1) {
      units.push(b);
      i++;
    } else if (length > 0 && validSequence(bytes, i, length)) {
      let cp = b & (0xff >> (length + 1));
      for (let k = 1; k < length; k++) cp = (cp << 6) | (bytes[i + k]! & 0x3f);
      if (cp > 0xffff) units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
      else units.push(cp);
      i += length;
    } else {
      units.push(0xdc00 + b);
      i++;
    }
    if (units.length >= 65536) flush();
  }
  flush();
  return parts.join('');
}

/** A well-formed sequence (RFC 3629 table 3-7): no overlong forms, no surrogates, nothing past U+10FFFF. */
function validSequence(bytes: Uint8Array, i: number, length: number): boolean {
  if (i + length > bytes.length) return false;
  const b0 = bytes[i]!;
  const b1 = bytes[i + 1]!;
  const [low, high] =
    b0 === 0xe0
      ? [0xa0, 0xbf]
      : b0 === 0xed
        ? [0x80, 0x9f]
        : b0 === 0xf0
          ? [0x90, 0xbf]
          : b0 === 0xf4
            ? [0x80, 0x8f]
            : [0x80, 0xbf];
  if (b1 < low || b1 > high) return false;
  for (let k = 2; k < length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return false;
  return true;
}

/** UTF-16 code unit by code unit, so an unpaired surrogate stays as it came; an odd last byte waits for the next chunk. */
function utf16Decoder(bigEndian: boolean, report: DecodeReport): (bytes: Uint8Array, final: boolean) => string {
  let carry: Uint8Array = new Uint8Array(0);
  report.lossy = true;
  return (bytes, final) => {
    const all = carry.length > 0 ? concat(carry, bytes) : bytes;
    const even = all.length - (all.length % 2);
    carry = all.slice(even);
    const parts: string[] = [];
    const units = new Array<number>(Math.min(8192, even / 2));
    for (let at = 0; at < even; at += 16384) {
      const end = Math.min(even, at + 16384);
      let n = 0;
      for (let i = at; i < end; i += 2)
        units[n++] = bigEndian ? (all[i]! << 8) | all[i + 1]! : all[i]! | (all[i + 1]! << 8);
      parts.push(String.fromCharCode(...units.slice(0, n)));
    }
    // an odd byte at the very end cannot be a code unit: it is kept as U+DC00 + byte, like invalid UTF-8
    if (final && carry.length === 1) parts.push(String.fromCharCode(0xdc00 + carry[0]!));
    return parts.join('');
  };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Splits text chunks into lines on LF, CRLF or CR, keeping each terminator; a line longer than maxChars is cut and flagged, so memory stays bounded. */
export async function* splitLines(
  chunks: AsyncIterable<string>,
  report: DecodeReport,
  maxChars: number,
): AsyncGenerator<Line> {
  for await (const batch of splitLineBatches(chunks, report, maxChars, true)) yield* batch;
}

/**
 * splitLines, one array of lines per decoded chunk: the hot JSONL path pays one await per chunk, not per line.
 * Lines with invalid bytes are flagged; they are also listed in the report only when `listInReport` (per-line readers).
 */
export async function* splitLineBatches(
  chunks: AsyncIterable<string>,
  report: DecodeReport,
  maxChars: number,
  listInReport = false,
): AsyncGenerator<Line[]> {
  let carry = '';
  let no = 0;
  let overflowing = false;
  let pendingCR = false;
  const emit = (text: string, eol: string): Line => {
    no++;
    const invalid = report.lossy === true && !isWellFormed(text);
    if (invalid && listInReport && report.invalidLines.length < 1000) report.invalidLines.push(no);
    const line: Line =
      text.length > maxChars || overflowing
        ? { text: text.slice(0, maxChars), no, eol, overflow: true }
        : { text, no, eol };
    overflowing = false;
    if (invalid) line.invalid = true;
    if (no === 1 && report.bom) line.bom = true;
    return line;
  };
  for await (const chunk of chunks) {
    const batch: Line[] = [];
    let from = 0;
    if (pendingCR) {
      pendingCR = false;
      const eol = chunk.charCodeAt(0) === 10 ? '\r\n' : '\r';
      batch.push(emit(carry, eol));
      carry = '';
      from = eol.length - 1;
    }
    const hasCR = chunk.includes('\r', from);
    let nl = chunk.indexOf('\n', from);
    let cr = hasCR ? chunk.indexOf('\r', from) : -1;
    for (;;) {
      const at = cr === -1 ? nl : nl === -1 ? cr : Math.min(nl, cr);
      if (at === -1) break;
      let eol = '\n';
      if (at === cr) {
        if (at + 1 === chunk.length) {
          // a CR at the chunk's end: the next chunk says whether a LF follows
          pendingCR = true;
          carry += chunk.slice(from, at);
          from = chunk.length;
          break;
        }
        eol = chunk.charCodeAt(at + 1) === 10 ? '\r\n' : '\r';
      }
      batch.push(emit(carry + chunk.slice(from, at), eol));
      carry = '';
      from = at + eol.length;
      if (nl !== -1 && nl < from) nl = chunk.indexOf('\n', from);
      if (cr !== -1 && cr < from) cr = chunk.indexOf('\r', from);
    }
    if (batch.length > 0) yield batch;
    if (overflowing || from >= chunk.length) continue;
    carry += chunk.slice(from);
    if (carry.length > maxChars) {
      overflowing = true;
      carry = carry.slice(0, maxChars);
    }
  }
  if (pendingCR) yield [emit(carry, '\r')];
  else if (carry !== '' || overflowing) yield [emit(carry, '')];
}
