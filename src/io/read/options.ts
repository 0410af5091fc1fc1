import { z } from 'zod';
import { Channel, Role } from '../../core/schema/index.ts';

export const INPUT_FORMATS = [
  'jsonl',
  'json',
  'csv',
  'transcript',
  'vtt',
  'srt',
  'transcribe',
  'zendesk',
  'eml',
  'mbox',
] as const;
export const InputFormat = z.enum(INPUT_FORMATS);
export type InputFormat = z.infer<typeof InputFormat>;

/** Canonical fields a CSV column can feed; `--map role=speaker` says the role is in column "speaker". */
export const CSV_FIELDS = [
  'conversation',
  'role',
  'text',
  'time',
  'agent',
  'team',
  'channel',
  'customer',
  'start',
  'end',
  'queue',
] as const;
export const CsvField = z.enum(CSV_FIELDS);
export type CsvField = z.infer<typeof CsvField>;

export const Limits = z.object({
  maxTurnChars: z.number().int().positive().default(100_000),
  maxTurns: z.number().int().positive().default(5_000),
  /** A single record (JSONL line, JSON element, email, caption file) larger than this is rejected unread, keeping memory bounded. */
  maxRecordChars: z.number().int().positive().default(16_000_000),
  /** Email threads held open while an mbox streams; the least recently touched one is emitted beyond this. */
  maxOpenThreads: z.number().int().positive().default(1_000),
});
export type Limits = z.infer<typeof Limits>;

export const ReadOptions = z.object({
  inputFormat: InputFormat.optional(),
  columnMap: z.partialRecord(CsvField, z.string().min(1)).default({}),
  /** Speaker name (case-insensitive) to role, for transcripts, captions and CSV: { sarah: 'agent' }. */
  roleNames: z.record(z.string(), Role).default({}),
  /** Sender domains that belong to agents, for email direction. */
  agentDomains: z.array(z.string().min(1)).default([]),
  /** A source field or CSV column whose truthy value means the customer opted out of analysis. */
  optOutField: z.string().min(1).default('opt_out'),
  limits: Limits.default(Limits.parse({})),
  /** Channel used when the source does not say; otherwise each format has its own default. */
  channel: Channel.optional(),
  /** The id of a conversation whose content carries none (the API's `?id=`). */
  conversationId: z.string().min(1).max(128).optional(),
  /** Without `conversationId`, name an id-less conversation after its file (the CLI); false rejects it (the API). */
  idFromFileName: z.boolean().default(true),
  /** Whose words rejection hints use: command-line flags, or the API's query parameters. */
  hints: z.enum(['cli', 'http']).default('cli'),
});
export type ReadOptions = z.infer<typeof ReadOptions>;
export type ReadOptionsInput = z.input<typeof ReadOptions>;

/** Parses `role=speaker,text=message` into a column map (the CLI's --map). */
export function parseColumnMap(spec: string): ReadOptionsInput['columnMap'] {
  return Object.fromEntries(pairs(spec));
}

/** Parses `Sarah=agent,John=customer` into role names (the CLI's --roles); keys are lower-cased. */
export function parseRoleNames(spec: string): Record<string, string> {
  return Object.fromEntries(pairs(spec).map(([name, role]) => [name.toLowerCase(), role.toLowerCase()]));
}

function pairs(spec: string): [string, string][] {
  return spec
    .split(',')
    .map((part) => part.split('=').map((s) => s.trim()))
    .filter((kv): kv is [string, string] => kv.length === 2 && kv[0] !== '' && kv[1] !== '');
}
