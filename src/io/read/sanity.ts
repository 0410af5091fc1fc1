import type { Conversation } from '../../core/schema/index.ts';
import type { RecordProblem } from './record.ts';

/** How deep metadata may nest; deeper values cannot be stored or serialised safely. */
export const MAX_DEPTH = 32;
/** The longest id accepted: it must fit a URL path to be read and erased again. */
export const MAX_ID = 128;

/** Characters an id may not hold: NUL, zero-width characters and bidirectional controls make look-alike or unstorable ids. */
function badIdChar(c: number): boolean {
  return (
    c === 0 ||
    (c >= 0x200b && c <= 0x200f) ||
    (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2060 && c <= 0x2069) ||
    c === 0xfeff
  );
}

function idProblem(id: string): string | undefined {
  if (id.length > MAX_ID) return `id is ${id.length} characters, over the limit of ${MAX_ID}`;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = id.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return 'id holds a lone surrogate (invalid UTF-16), which cannot be stored and matched again';
    }
    if (c >= 0xdc00 && c <= 0xdfff)
      return 'id holds a lone surrogate (invalid UTF-16), which cannot be stored and matched again';
    if (badIdChar(c))
      return `id holds an invisible character (U+${c.toString(16).toUpperCase().padStart(4, '0')}), which makes look-alike ids`;
  }
  return undefined;
}

/** A copy of a value with every NUL in its strings (keys too) replaced by U+FFFD; `count` says how many strings changed. */
function withoutNul(value: unknown, count: { n: number }): unknown {
  const fix = (text: string) => {
    if (!text.includes('\u0000')) return text;
    count.n++;
    return text.replaceAll('\u0000', '\ufffd');
  };
  if (typeof value === 'string') return fix(value);
  if (Array.isArray(value)) return value.map((v) => withoutNul(v, count));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [fix(k), withoutNul(v, count)]));
}

/**
 * What a store cannot keep, found before anything is stored, so one bad record fails only itself:
 * metadata nested too deep, and ids that are too long, invisible-character look-alikes or invalid UTF-16.
 * A NUL (which PostgreSQL cannot store) becomes U+FFFD, with a warning, so nothing else is lost.
 * Ids are returned in NFC, so "é" typed two ways is one customer.
 */
export function sanitize(conversation: Conversation): {
  conversation: Conversation;
  problems: RecordProblem[];
  warnings: string[];
} {
  const problems: RecordProblem[] = [];
  const ids: [string, string | undefined][] = [
    ['id', conversation.id],
    ['customer.id', conversation.customer?.id],
    ['agent.id', conversation.agent?.id],
  ];
  for (const [path, id] of ids) {
    const problem = id === undefined ? undefined : idProblem(id);
    if (problem) problems.push({ path, reason: problem });
  }
  // turn texts are read directly (the hot path); everything free-form is walked with an explicit stack,
  // so a record nested 10,000 deep is reported, not a stack overflow
  let nul = false;
  const stack: { value: unknown; path: string; depth: number }[] = [];
  const { turns, ...rest } = conversation;
  stack.push({ value: rest, path: '', depth: 0 });
  turns.forEach((turn, i) => {
    nul ||= turn.text.includes('\u0000');
    if (turn.metadata) stack.push({ value: turn.metadata, path: `turns.${i}.metadata`, depth: 2 });
  });
  while (stack.length) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') nul ||= value.includes('\u0000');
    else if (value !== null && typeof value === 'object') {
      if (depth > MAX_DEPTH) {
        problems.push({ path, reason: `nested more than ${MAX_DEPTH} levels deep` });
        break;
      }
      for (const [key, child] of Object.entries(value)) {
        nul ||= key.includes('\u0000');
        stack.push({ value: child, path: path ? `${path}.${key}` : key, depth: depth + 1 });
      }
    }
  }
  if (problems.length) return { conversation, problems, warnings: [] };
  const count = { n: 0 };
  const clean = nul ? (withoutNul(conversation, count) as Conversation) : conversation;
  const nfc = (id: string) => id.normalize('NFC');
  return {
    problems,
    warnings: count.n
      ? [
          `NUL characters (U+0000) replaced with U+FFFD in ${count.n} string${count.n > 1 ? 's' : ''}: they cannot be stored`,
        ]
      : [],
    conversation: {
      ...clean,
      id: nfc(clean.id),
      ...(clean.customer ? { customer: { ...clean.customer, id: nfc(clean.customer.id) } } : {}),
      ...(clean.agent ? { agent: { ...clean.agent, id: nfc(clean.agent.id) } } : {}),
    },
  };
}
