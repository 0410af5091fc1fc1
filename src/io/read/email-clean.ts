import phrases from './email-phrases.json' with { type: 'json' };

const SIGNATURE_TAIL_LINES = 8;

/**
 * Keeps only what the sender wrote in this message: cuts quoted replies ("On ... wrote:", `>` lines,
 * Outlook headers), the signature (`-- ` or a sign-off such as "Kind regards" near the end), and legal disclaimers.
 */
export function cleanEmailBody(body: string): string {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const lower = line.trim().toLowerCase();
    if (line === '-- ' || line === '--') break;
    if (isReplyHeader(lower, lines[i + 1]?.trim().toLowerCase())) break;
    if (phrases.separators.some((s) => lower.startsWith(s))) break;
    if (lower.startsWith('from:') && /^(sent|date|to):/.test(lines[i + 1]?.trim().toLowerCase() ?? '')) break;
    if (phrases.disclaimers.some((d) => lower.startsWith(d))) break;
    if (line.startsWith('>')) continue;
    if (phrases.clientLines.some((c) => lower.startsWith(c))) continue;
    kept.push(line);
  }
  return trimBlankEdges(cutSignoff(kept))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
}

/** "On Mon, 4 Mar 2024 at 10:02, Jane <jane@x.com> wrote:" (possibly wrapped onto the next line). */
function isReplyHeader(lower: string, next: string | undefined): boolean {
  if (!lower.startsWith('on ')) return false;
  if (lower.endsWith('wrote:') || lower.endsWith('writes:')) return true;
  return lower.length < 200 && (next?.endsWith('wrote:') ?? false) && (next?.length ?? 0) < 120;
}

function cutSignoff(lines: string[]): string[] {
  const content = lines.map((l, i) => [l.trim(), i] as const).filter(([l]) => l !== '');
  const tail = content.slice(-SIGNATURE_TAIL_LINES);
  for (const [text, index] of tail) {
    const phrase = trimPunctuation(text.toLowerCase());
    if (phrases.signoffs.includes(phrase) && index > 0) return lines.slice(0, index);
  }
  return lines;
}

function trimBlankEdges(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.trim() === '') start++;
  while (end > start && lines[end - 1]!.trim() === '') end--;
  return lines.slice(start, end).map((l) => l.trimEnd());
}

/** A plain-text rendering of an HTML body when a message has no text part: tags dropped, breaks kept. */
export function htmlToText(html: string): string {
  let out = '';
  let from = 0;
  for (let open = html.indexOf('<'); open !== -1; open = html.indexOf('<', from)) {
    const close = html.indexOf('>', open);
    if (close === -1) break;
    out += html.slice(from, open);
    const tag = html.slice(open + 1, Math.min(close, open + 4)).toLowerCase();
    if (
      tag.startsWith('br') ||
      tag.startsWith('p') ||
      tag.startsWith('/p') ||
      tag.startsWith('div') ||
      tag.startsWith('/di')
    )
      out += '\n';
    from = close + 1;
  }
  out += html.slice(from);
  return out
    .replaceAll('&nbsp;', ' ')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
}

function trimPunctuation(text: string): string {
  let end = text.length;
  while (end > 0 && ',.! \t'.includes(text[end - 1]!)) end--;
  return text.slice(0, end);
}
