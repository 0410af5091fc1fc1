import { createHash } from 'node:crypto';
import PostalMime from 'postal-mime';
import { lineRaw, type Line } from './decode.ts';
import type { ReaderContext } from './context.ts';
import { fallbackId, noIdProblem } from './context.ts';
import { cleanEmailBody, htmlToText } from './email-clean.ts';
import { finishConversation, reject, toIsoTime } from './finish.ts';
import type { InputRecord, Source } from './record.ts';

interface Message {
  raw: string;
  source: Source;
  from: string;
  fromName?: string;
  to?: string;
  subject: string;
  messageId?: string;
  threadKey: string;
  at?: string;
  text: string;
}

interface Thread {
  key: string;
  messages: Message[];
  touched: number;
}

/** One .eml file: one message, one conversation of one turn. */
export async function* readEml(lines: AsyncIterable<Line>, context: ReaderContext): AsyncGenerator<InputRecord> {
  const { text, raw, firstLine, overflow } = await collect(lines, context.options.limits.maxRecordChars);
  if (text.trim() === '') return;
  const source = { file: context.file, line: firstLine, index: context.nextIndex() };
  if (overflow) {
    yield reject(raw, source, '', `message longer than ${context.options.limits.maxRecordChars} characters`);
    return;
  }
  const message = await parseMessage(text, raw, source);
  if ('ok' in message) {
    yield message;
    return;
  }
  // an .eml names its conversation after the file (or ?id=); its Message-ID names only the message
  yield threadToRecord({ key: message.threadKey, messages: [message], touched: 0 }, context, fallbackId(context));
}

/**
 * An mbox streams message by message (split on `From ` lines); messages are grouped into threads by
 * References / In-Reply-To / normalised subject, and a thread is emitted at the end, or earlier when more
 * than maxOpenThreads are open (the least recently touched goes first) so memory stays bounded.
 */
export async function* readMbox(lines: AsyncIterable<Line>, context: ReaderContext): AsyncGenerator<InputRecord> {
  const threads = new Map<string, Thread>();
  const aliases = new Map<string, string>();
  let clock = 0;
  let current: string[] = [];
  /** The message's lines exactly as they came, its `From ` line included. */
  let currentRaw: string[] = [];
  let chars = 0;
  let firstLine = 0;
  let overflow = false;
  const flushMessage = async function* (): AsyncGenerator<InputRecord> {
    if (current.length === 0) {
      currentRaw = [];
      return;
    }
    const text = current.join('\n');
    const raw = currentRaw.join('');
    const source = { file: context.file, line: firstLine, index: context.nextIndex() };
    current = [];
    currentRaw = [];
    chars = 0;
    if (overflow) {
      overflow = false;
      yield reject(raw, source, '', `message longer than ${context.options.limits.maxRecordChars} characters`);
      return;
    }
    const message = await parseMessage(text, raw, source);
    if ('ok' in message) {
      yield message;
      return;
    }
    const key = aliases.get(message.threadKey) ?? message.threadKey;
    if (message.messageId && aliases.size < 1_000_000) aliases.set(message.messageId, key);
    const thread = threads.get(key) ?? { key, messages: [], touched: 0 };
    thread.messages.push(message);
    thread.touched = clock++;
    threads.delete(key);
    threads.set(key, thread);
    if (threads.size > context.options.limits.maxOpenThreads) {
      const [oldestKey, oldest] = threads.entries().next().value as [string, Thread];
      threads.delete(oldestKey);
      yield threadToRecord(oldest, context);
    }
  };
  for await (const line of lines) {
    if (line.text.startsWith('From ') && (current.length === 0 || current[current.length - 1] === '')) {
      yield* flushMessage();
      firstLine = line.no;
      currentRaw.push(lineRaw(line));
      continue;
    }
    if (current.length === 0 && line.text.trim() === '') {
      if (currentRaw.length > 0) currentRaw.push(lineRaw(line));
      continue;
    }
    if (current.length === 0) firstLine ||= line.no;
    if (overflow) continue;
    currentRaw.push(lineRaw(line));
    const text = line.text.startsWith('>From ') ? line.text.slice(1) : line.text;
    chars += text.length + 1;
    if (chars > context.options.limits.maxRecordChars || line.overflow) overflow = true;
    current.push(text);
  }
  yield* flushMessage();
  for (const thread of threads.values()) yield threadToRecord(thread, context);
}

/** Parses a message's text; `raw` is what came in, kept for a rejection. */
async function parseMessage(text: string, raw: string, source: Source): Promise<Message | InputRecord> {
  let email;
  try {
    email = await PostalMime.parse(text);
  } catch (error) {
    return reject(raw, source, '', `not a readable email (${(error as Error).message})`);
  }
  const from = email.from?.address?.toLowerCase();
  if (!from) return reject(raw, source, 'from', 'message has no From address');
  const body = email.text ?? (email.html ? htmlToText(email.html) : '');
  const subject = email.subject ?? '';
  const references = (email.references ?? '').split(/\s+/).filter(Boolean);
  const root = references[0] ?? email.inReplyTo ?? undefined;
  const at = email.date ? toIsoTime(email.date) : undefined;
  return {
    raw,
    source,
    from,
    subject,
    ...(email.from?.name ? { fromName: email.from.name } : {}),
    ...(email.to?.[0] && 'address' in email.to[0] && email.to[0].address
      ? { to: email.to[0].address.toLowerCase() }
      : {}),
    ...(email.messageId ? { messageId: email.messageId } : {}),
    threadKey: root ?? `subject:${normaliseSubject(subject)}`,
    ...(at ? { at } : {}),
    text: cleanEmailBody(body),
  };
}

/** "RE: Fwd: Re: Refund" -> "refund". */
export function normaliseSubject(subject: string): string {
  let s = subject.trim().toLowerCase();
  for (;;) {
    const colon = s.indexOf(':');
    if (colon === -1 || colon > 6) return s;
    const prefix = s.slice(0, colon).trim();
    if (!['re', 'fw', 'fwd', 'aw', 'sv', 'tr', 'wg'].includes(prefix.replace(/\[\d+\]$/, ''))) return s;
    s = s.slice(colon + 1).trim();
  }
}

function threadToRecord(thread: Thread, context: ReaderContext, chosen?: string): InputRecord {
  const messages = [...thread.messages].sort((a, b) => (a.at && b.at ? Date.parse(a.at) - Date.parse(b.at) : 0));
  const first = messages[0]!;
  const raw = messages.map((m) => m.raw).join('');
  const source = first.source;
  const domains = context.options.agentDomains.map((d) => d.toLowerCase().replace(/^@/, ''));
  const isAgent = (address: string) => {
    const domain = address.slice(address.lastIndexOf('@') + 1);
    return domains.length > 0 ? domains.some((d) => domain === d || domain.endsWith(`.${d}`)) : address !== first.from;
  };
  const customer = messages.find((m) => !isAgent(m.from));
  const agent = messages.find((m) => isAgent(m.from));
  const emptyIndex = messages.findIndex((m) => m.text.trim() === '');
  const id = chosen ?? first.messageId ?? fallbackId(context, source.index + 1);
  if (id === undefined) return { ok: false, raw, source, problems: [noIdProblem()] };
  if (emptyIndex !== -1)
    return reject(
      raw,
      messages[emptyIndex]!.source,
      `turns.${emptyIndex}.text`,
      'message has no text of its own after quoted replies and signature are removed',
    );
  return finishConversation(
    {
      id,
      channel: context.options.channel ?? 'email',
      ...(first.at ? { startedAt: first.at } : {}),
      ...(customer ? { customer: { id: pseudonym(customer.from) } } : {}),
      ...(agent ? { agent: { id: agent.from } } : {}),
      metadata: { subject: first.subject, messages: messages.length },
      turns: messages.map((m) => ({
        role: isAgent(m.from) ? 'agent' : 'customer',
        text: m.text,
        ...(m.at ? { at: m.at } : {}),
        metadata: {
          from: isAgent(m.from) ? m.from : pseudonym(m.from),
          ...(m.messageId ? { messageId: m.messageId } : {}),
        },
      })),
    },
    raw,
    source,
    context.options.limits,
  );
}

async function collect(
  lines: AsyncIterable<Line>,
  max: number,
): Promise<{ text: string; raw: string; firstLine: number; overflow: boolean }> {
  const parts: string[] = [];
  const raw: string[] = [];
  let chars = 0;
  let firstLine = 0;
  let overflow = false;
  for await (const line of lines) {
    firstLine ||= line.no;
    if (overflow) continue;
    chars += line.text.length + 1;
    if (chars > max || line.overflow) overflow = true;
    parts.push(line.text);
    raw.push(lineRaw(line));
  }
  return { text: parts.join('\n'), raw: raw.join(''), firstLine, overflow };
}

/** Customers are keyed by a stable hash of their address, so journeys link without storing the address. */
export function pseudonym(address: string): string {
  return `email:${createHash('sha256').update(address.toLowerCase()).digest('hex').slice(0, 16)}`;
}
