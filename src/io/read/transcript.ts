import { lineRaw, type Line } from './decode.ts';
import type { ReaderContext } from './context.ts';
import { fallbackId, noIdProblem } from './context.ts';
import { finishConversation, isOptOut, reject, toIsoTime } from './finish.ts';
import type { InputRecord, RecordProblem } from './record.ts';
import { roleFor, unknownRoleReason } from './roles.ts';
import type { Role } from '../../core/schema/index.ts';

const HEADER_KEYS = new Set(['id', 'channel', 'customer', 'agent', 'team', 'queue', 'time', 'language']);

interface Block {
  firstLine: number;
  raw: string[];
  rawChars: number;
  header: Record<string, string>;
  turns: { role: Role | undefined; speaker: string; text: string; start?: number }[];
  problems: RecordProblem[];
}

/**
 * Plain-text transcripts: `Speaker: text` lines, unprefixed lines continue the previous turn, `# key: value`
 * lines before the first turn set id/channel/customer/agent/team/queue/time, and a line `---` separates conversations.
 */
export async function* readTranscript(lines: AsyncIterable<Line>, context: ReaderContext): AsyncGenerator<InputRecord> {
  let block: Block | undefined;
  let count = 0;
  for await (const line of lines) {
    const text = line.text.trim();
    if (text === '---') {
      if (block) yield finishBlock(block, ++count, context);
      block = undefined;
      continue;
    }
    if (text === '' && !block) continue;
    block ??= { firstLine: line.no, raw: [], rawChars: 0, header: {}, turns: [], problems: [] };
    if (block.rawChars + line.text.length < context.options.limits.maxRecordChars) {
      block.raw.push(lineRaw(line));
      block.rawChars += line.text.length + 1;
    }
    if (text === '') continue;
    const header = headerLine(text);
    if (header && block.turns.length === 0) {
      block.header[header[0]] = header[1];
      continue;
    }
    const { start, rest } = leadingTimestamp(text);
    const speaker = speakerPrefix(rest);
    if (speaker) {
      if (block.turns.length > context.options.limits.maxTurns) continue;
      const role = roleFor(speaker.name, context.options.roleNames);
      if (!role)
        block.problems.push({
          path: `turns.${block.turns.length}.role`,
          reason: `line ${line.no}: ${unknownRoleReason(speaker.name, context)}`,
        });
      block.turns.push({ role, speaker: speaker.name, text: speaker.text, ...(start !== undefined ? { start } : {}) });
      continue;
    }
    const last = block.turns[block.turns.length - 1];
    if (!last) {
      block.problems.push({ path: 'turns.0', reason: `line ${line.no}: text before any "Speaker:" prefix` });
      continue;
    }
    if (last.text.length <= context.options.limits.maxTurnChars) last.text = last.text ? `${last.text}\n${rest}` : rest;
  }
  if (block) yield finishBlock(block, ++count, context);
}

function finishBlock(block: Block, n: number, context: ReaderContext): InputRecord {
  const raw = block.raw.join('');
  const source = { file: context.file, line: block.firstLine, index: context.nextIndex() };
  if (block.problems.length > 0) return { ok: false, raw, source, problems: block.problems };
  const h = block.header;
  const startedAt = h.time ? toIsoTime(h.time) : undefined;
  if (h.time && !startedAt) return reject(raw, source, 'time', `not a recognisable time "${h.time.slice(0, 40)}"`);
  const id = h.id || fallbackId(context, n);
  if (id === undefined) return { ok: false, raw, source, problems: [noIdProblem()] };
  return finishConversation(
    {
      id,
      channel: h.channel?.toLowerCase() || context.options.channel || 'chat',
      ...(startedAt ? { startedAt } : {}),
      ...(h.customer ? { customer: { id: h.customer } } : {}),
      ...(h.agent ? { agent: { id: h.agent, ...(h.team ? { team: h.team } : {}) } } : {}),
      ...(h.queue ? { queue: h.queue } : {}),
      ...(h.language ? { language: h.language } : {}),
      ...(isOptOut(h[context.options.optOutField]) ? { consent: { analysis: false } } : {}),
      turns: block.turns.map((t) => ({
        role: t.role,
        text: t.text,
        ...(t.start !== undefined ? { start: t.start } : {}),
        metadata: { speaker: t.speaker },
      })),
    },
    raw,
    source,
    context.options.limits,
  );
}

function headerLine(text: string): [string, string] | undefined {
  if (!text.startsWith('#')) return undefined;
  const colon = text.indexOf(':');
  if (colon === -1) return undefined;
  const key = text.slice(1, colon).trim().toLowerCase();
  return HEADER_KEYS.has(key) || key === 'opt_out' || key === 'opt-out'
    ? [key.replace('-', '_'), text.slice(colon + 1).trim()]
    : undefined;
}

/** `Name: text` where the name is 1-40 letters, digits, spaces or . ' - and the line does not look like a URL or a time. */
export function speakerPrefix(text: string): { name: string; text: string } | undefined {
  const colon = text.indexOf(':');
  if (colon < 1 || colon > 40) return undefined;
  const name = text.slice(0, colon).trim();
  if (name === '' || text.charCodeAt(colon + 1) === 47) return undefined;
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    if (!(/\p{L}/u.test(c) || (c >= '0' && c <= '9') || c === ' ' || c === '.' || c === "'" || c === '-' || c === '_'))
      return undefined;
  }
  if (!/\p{L}/u.test(name)) return undefined;
  return { name, text: text.slice(colon + 1).trim() };
}

/** `[00:01:02] Agent: ...` or `00:01:02 Agent: ...` -> start in seconds. */
function leadingTimestamp(text: string): { start?: number; rest: string } {
  const match = /^\[?(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\]?\s+/.exec(text);
  if (!match) return { rest: text };
  const [a, b, c] = [Number(match[1]), Number(match[2]), match[3] === undefined ? undefined : Number(match[3])];
  const start = c === undefined ? a * 60 + b : a * 3600 + b * 60 + c;
  return { start, rest: text.slice(match[0].length) };
}
