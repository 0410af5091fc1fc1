/** Terminal-safe text: control characters (escape sequences a customer could type) become "?". */
export function printable(text: string, max = 200): string {
  const cut = text.length > max ? text.slice(0, max - 1) + '…' : text;
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return cut.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}
