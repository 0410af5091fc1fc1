import { Conversation, type ConversationInput } from '../../core/schema/index.ts';
import type { Limits } from './options.ts';
import { fastCanonical } from './fast-canonical.ts';
import { sanitize } from './sanity.ts';
import type { InputRecord, RecordProblem, Source } from './record.ts';
import { toWellFormed } from './raw.ts';

/** Rejects a record: the raw text is kept unchanged so it can be written to the rejects file. */
export function reject(raw: string, source: Source, path: string, reason: string): InputRecord {
  return { ok: false, raw, source, problems: [{ path, reason }] };
}

/**
 * Validates a mapped conversation and applies the documented rules: schema errors and limits reject the
 * record (never truncate), no turns rejects it, timestamps out of order are kept and flagged in metadata.warnings.
 */
export function finishConversation(
  value: unknown,
  raw: string,
  source: Source,
  limits: Limits,
  warnings: string[] = [],
): InputRecord {
  const fast = fastCanonical(value);
  const parsed = fast ? { success: true as const, data: fast } : Conversation.safeParse(value);
  if (!parsed.success) {
    const problems: RecordProblem[] = parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      reason: issue.message,
    }));
    return { ok: false, raw, source, problems };
  }
  const { conversation, problems: unsafe, warnings: cleaned } = sanitize(parsed.data);
  const problems = [...unsafe, ...limitProblems(conversation, limits)];
  if (problems.length > 0) return { ok: false, raw, source, problems };
  const allWarnings = [...warnings, ...cleaned, ...orderWarnings(conversation)];
  if (allWarnings.length === 0) return { ok: true, conversation, source };
  const previous = conversation.metadata?.warnings;
  const kept = Array.isArray(previous) ? previous.map(String) : [];
  return {
    ok: true,
    source,
    conversation: { ...conversation, metadata: { ...conversation.metadata, warnings: [...kept, ...allWarnings] } },
  };
}

function limitProblems(conversation: Conversation, limits: Limits): RecordProblem[] {
  if (conversation.turns.length === 0) return [{ path: 'turns', reason: 'no turns' }];
  if (conversation.turns.length > limits.maxTurns) {
    return [
      {
        path: 'turns',
        reason: `conversation has ${conversation.turns.length} turns, over the limit of ${limits.maxTurns}`,
      },
    ];
  }
  const problems: RecordProblem[] = [];
  conversation.turns.forEach((turn, i) => {
    if (turn.text.length > limits.maxTurnChars) {
      problems.push({
        path: `turns.${i}.text`,
        reason: `turn is ${turn.text.length} characters, over the limit of ${limits.maxTurnChars}`,
      });
    }
  });
  return problems;
}

function orderWarnings(conversation: Conversation): string[] {
  const warnings: string[] = [];
  let lastAt = -Infinity;
  let lastStart = -Infinity;
  conversation.turns.forEach((turn, i) => {
    if (turn.at !== undefined) {
      const at = Date.parse(turn.at);
      if (at < lastAt)
        warnings.push(`turn ${i} time ${turn.at} is earlier than the turn before it; kept in the given order`);
      lastAt = Math.max(lastAt, at);
    }
    if (turn.start !== undefined) {
      if (turn.start < lastStart)
        warnings.push(`turn ${i} starts at ${turn.start}s, before the turn before it; kept in the given order`);
      lastStart = Math.max(lastStart, turn.start);
    }
  });
  return warnings;
}

/** Normalises a time to ISO 8601 with an offset; times without a zone are taken as UTC. Undefined when unrecognisable. */
export function toIsoTime(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    const ms = value < 1e11 ? value * 1000 : value;
    return safeIso(ms);
  }
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  const zoneless = /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d(\.\d{1,9})?)?$/.test(text);
  return safeIso(Date.parse(zoneless ? `${text.replace(' ', 'T')}Z` : text));
}

function safeIso(ms: number): string | undefined {
  if (!Number.isFinite(ms)) return undefined;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** A source value is an opt-out when it is true, or a string such as "yes", "true", "1", "y", "opt-out". */
export function isOptOut(value: unknown): boolean {
  if (value === true || value === 1) return true;
  if (typeof value !== 'string') return false;
  return ['true', 'yes', 'y', '1', 'opt-out', 'opted-out', 'optout'].includes(value.trim().toLowerCase());
}

export type { ConversationInput };

/** Warns on an accepted record, or adds a problem to a rejected one, naming the lines whose bytes were invalid. */
export function withInvalidBytes(record: InputRecord, lines: number[], encoding: string): InputRecord {
  if (lines.length === 0) return record;
  const message = `invalid ${encoding} bytes on line${lines.length > 1 ? 's' : ''} ${lines.slice(0, 20).join(', ')}${lines.length > 20 ? ', ...' : ''} (replaced with U+FFFD)`;
  if (!record.ok) return { ...record, problems: [...record.problems, { path: '', reason: message }] };
  const conversation = wellFormed(record.conversation) as typeof record.conversation;
  const previous = conversation.metadata?.warnings;
  const warnings = [...(Array.isArray(previous) ? previous.map(String) : []), message];
  return { ...record, conversation: { ...conversation, metadata: { ...conversation.metadata, warnings } } };
}

/** A copy with the invalid bytes the decoder kept (lone surrogates) as U+FFFD in every string, keys too. */
function wellFormed(value: unknown): unknown {
  if (typeof value === 'string') return toWellFormed(value);
  if (Array.isArray(value)) return value.map(wellFormed);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [toWellFormed(k), wellFormed(v)]));
}
