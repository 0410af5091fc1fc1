const isHandleChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/**
 * The text with every @handle blanked to spaces of the same length, so offsets still point into the
 * original: a brand's handle ("@RockstarSupport") says nothing about how the customer feels, yet a
 * model trained on other text can read it as praise.
 */
export function withoutHandles(text: string): string {
  let at = text.indexOf('@');
  if (at < 0) return text;
  let out = '';
  let from = 0;
  while (at >= 0) {
    let end = at + 1;
    while (end < text.length && isHandleChar(text.charCodeAt(end))) end++;
    // an e-mail address ("me@example.com") or a lone "@" is not a handle
    const glued = at > 0 && isHandleChar(text.charCodeAt(at - 1));
    if (end > at + 1 && !glued) {
      out += text.slice(from, at) + ' '.repeat(end - at);
      from = end;
    }
    at = text.indexOf('@', end);
  }
  return out + text.slice(from);
}
