import type { InputFormat } from './options.ts';

const EMAIL_HEADERS = new Set([
  'from',
  'to',
  'subject',
  'date',
  'message-id',
  'received',
  'return-path',
  'mime-version',
  'delivered-to',
  'reply-to',
  'cc',
  'content-type',
  'x-mailer',
  'in-reply-to',
  'references',
  'dkim-signature',
  'authentication-results',
  'x-received',
  'arc-seal',
]);

const BY_EXTENSION: Record<string, InputFormat> = {
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  json: 'json',
  csv: 'csv',
  tsv: 'csv',
  txt: 'transcript',
  vtt: 'vtt',
  srt: 'srt',
  eml: 'eml',
  mbox: 'mbox',
  mbx: 'mbox',
};

/**
 * Guesses the format from the first characters of the decoded file; the extension decides only where the
 * content is ambiguous (JSON vs JSONL, CSV vs transcript). Undefined when nothing fits.
 */
export function detectFormat(head: string, file: string): InputFormat | undefined {
  const text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
  const lines = text.split('\n', 40).map((l) => l.replace(/\r$/, ''));
  const nonEmpty = lines.filter((l) => l.trim() !== '');
  const first = nonEmpty[0]?.trim() ?? '';
  const hint = BY_EXTENSION[(file.split('.').pop() ?? '').toLowerCase()];
  if (first === '') return hint;
  if (first.startsWith('WEBVTT')) return 'vtt';
  if (/^\d+$/.test(first) && (nonEmpty[1] ?? '').includes('-->')) return 'srt';
  if (first.includes('-->') && hint === 'srt') return 'srt';
  if (first.startsWith('From ') && isHeader(nonEmpty[1] ?? '')) return 'mbox';
  if (isHeader(first) && isHeader(nonEmpty[1] ?? '')) return hint === 'mbox' ? 'mbox' : 'eml';
  if (first.startsWith('[')) return hint === 'jsonl' ? 'jsonl' : 'json';
  if (first.startsWith('{')) {
    if (hint === 'jsonl' || hint === 'json') return hint;
    return parsesAsJson(lines.find((l) => l.trim() !== '') ?? '') ? 'jsonl' : 'json';
  }
  if (hint) return hint;
  if (looksLikeTranscript(nonEmpty)) return 'transcript';
  if (/[,;\t|]/.test(first)) return 'csv';
  return undefined;
}

function isHeader(line: string): boolean {
  const colon = line.indexOf(':');
  return colon > 0 && EMAIL_HEADERS.has(line.slice(0, colon).toLowerCase());
}

function parsesAsJson(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

/** Most non-empty lines start with `Name:` (or a `#` header or `---`). */
function looksLikeTranscript(lines: string[]): boolean {
  const sample = lines.slice(0, 20);
  const prefixed = sample.filter((l) => {
    const t = l.trim().replace(/^\[?\d{1,2}:\d{2}(?::\d{2})?\]?\s+/, '');
    const colon = t.indexOf(':');
    return t.startsWith('#') || t === '---' || (colon > 0 && colon <= 40 && !t.slice(0, colon).includes(','));
  });
  return prefixed.length >= Math.max(1, Math.ceil(sample.length / 2));
}
