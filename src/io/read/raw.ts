import type { Encoding } from './decode.ts';

const native = String.prototype as unknown as {
  isWellFormed(this: string): boolean;
  toWellFormed(this: string): string;
};

/** True when the text holds no lone surrogate (no byte that was invalid in its file). */
export function isWellFormed(text: string): boolean {
  return native.isWellFormed.call(text);
}

/** The text with each lone surrogate (an invalid byte kept by the decoder) as U+FFFD. */
export function toWellFormed(text: string): string {
  return native.toWellFormed.call(text);
}

/**
 * The bytes a decoded text came from (decode.ts): in UTF-8, a lone surrogate U+DC80–U+DCFF stands for
 * the invalid byte 0x80–0xFF; in UTF-16 each code unit is written back as it was.
 */
export function encodeRaw(text: string, encoding: Encoding = 'utf-8'): Uint8Array {
  if (encoding !== 'utf-8') {
    const odd = text.length > 0 && isOddByte(text, text.length - 1) ? 1 : 0;
    const out = new Uint8Array(2 * (text.length - odd) + odd);
    for (let i = 0; i < text.length - odd; i++) {
      const c = text.charCodeAt(i);
      out[2 * i] = encoding === 'utf-16be' ? c >> 8 : c & 0xff;
      out[2 * i + 1] = encoding === 'utf-16be' ? c & 0xff : c >> 8;
    }
    if (odd) out[out.length - 1] = text.charCodeAt(text.length - 1) - 0xdc00;
    return out;
  }
  if (isWellFormed(text)) return Buffer.from(text, 'utf8');
  const parts: Uint8Array[] = [];
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && isLow(text.charCodeAt(i + 1))) {
      i++;
      continue;
    }
    if (c >= 0xdc80 && c <= 0xdcff && !isHigh(text.charCodeAt(i - 1))) {
      parts.push(Buffer.from(text.slice(from, i), 'utf8'), Uint8Array.of(c - 0xdc00));
      from = i + 1;
    }
  }
  parts.push(Buffer.from(text.slice(from), 'utf8'));
  return Buffer.concat(parts);
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** The decoder keeps a UTF-16 input's odd last byte as U+DC00 + byte (below U+DC00 + 0x100). */
function isOddByte(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c >= 0xdc00 && c <= 0xdcff && !isHigh(text.charCodeAt(i - 1));
}
