import { z } from 'zod';
import { Analysis, Channel, Conversation, MomentOutcome, Evidence, Tier } from '../core/schema/index.ts';
import type { Prepared } from './flatten.ts';

/**
 * The data layer's contract. Both backends (`openSqliteStore`, `openPostgresStore`) return
 * this shape and pass the same contract suite (`contract.ts`).
 *
 * Every read takes a `Scope` as its first argument, so access control is applied by the
 * store and a route cannot forget it. Times are ISO-8601 strings; the store normalises them
 * to UTC (`toISOString()`), and ranges are `from` inclusive, `to` exclusive.
 */
export interface Store {
  /** Creates or updates the schema; safe to call on every start. */
  migrate(): Promise<void>;
  /** Resolves when the database answers; rejects when it does not (the server answers 503). */
  ping(): Promise<void>;
  close(): Promise<void>;

  /** Upserts a batch by conversation id in one transaction (re-sending updates, never duplicates). */
  saveAnalysed(items: readonly AnalysedItem[]): Promise<{ saved: number }>;
  /** The conversation, its analysis and its flattened row; null when absent or outside the scope. */
  getConversation(scope: Scope, id: string): Promise<StoredConversation | null>;
  /** Newest first (`startedAt` desc, then id desc; conversations without a time last). */
  listConversations(scope: Scope, filter: ConversationFilter, page: Page): Promise<PageOf<ConversationRow>>;
  /** Hands every stored conversation in scope (with its text; opted-out ones have none) to `each`, oldest first; returns how many. */
  eachConversation(scope: Scope, range: { from?: string; to?: string }, each: (conversation: Conversation) => void): Promise<number>;
  /** KPIs per group; skipped (opted-out) conversations count only in `skipped`. */
  metrics(scope: Scope, query: MetricsQuery): Promise<MetricsRow[]>;
  /** Coaching moments with the exact words, newest first. */
  listMoments(scope: Scope, filter: MomentFilter, page: Page): Promise<PageOf<MomentRow>>;

  /** Stores a reviewer's rating. Input is parsed with `ReviewInput` (throws on a bad one: validate first); the conversation is not required to exist. */
  addReview(input: ReviewInput): Promise<Review>;
  /** Reviews with the engine's empathy score of the same conversation, oldest first (ties by id). */
  listReviews(scope: Scope, filter?: ReviewFilter): Promise<Review[]>;

  /** Returns the plaintext secret once; only its SHA-256 hash is stored. */
  createKey(input: KeyInput): Promise<{ key: ApiKey; secret: string }>;
  /** The active (not revoked) key with this secret, or null. */
  findKey(secret: string): Promise<ApiKey | null>;
  listKeys(): Promise<ApiKey[]>;
  /** True when a key was revoked now, false when it is unknown or already revoked. */
  revokeKey(id: string): Promise<boolean>;

  recordAudit(entry: AuditInput): Promise<void>;
  /** Newest first. */
  listAudit(filter: AuditFilter, page: Page): Promise<PageOf<AuditEntry>>;

  /** Right to erasure: deletes every conversation of the customer with its moments and reviews. */
  eraseCustomer(customerId: string): Promise<EraseResult>;
  /** A keyed hash standing for a customer id where the id itself must not be kept (the audit log). */
  customerToken(customerId: string): Promise<string>;
  /** Retention: deletes conversations started (or, without a start time, received) before `before`. */
  /** Deletes conversations started before `before`; undated ones, and those started after `futureAfter`, by when they were received. */
  purgeOlderThan(before: string, futureAfter?: string): Promise<EraseResult>;
}

export const IsoTime = z.iso.datetime({ offset: true });

// ---------------------------------------------------------------- configuration

/** A named span of local wall-clock time; `from` > `to` wraps past midnight (e.g. 22:00–06:00). */
const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM between 00:00 and 23:59');
export const Shift = z.object({ name: z.string().min(1), from: ClockTime, to: ClockTime });
export type Shift = z.infer<typeof Shift>;

/** Shifts, and the time zone that `day`, `week` and `shift` are computed in. */
const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const ShiftConfig = z.object({
  timezone: z.string().refine(isTimeZone, 'expected an IANA time zone such as Europe/London'),
  shifts: z.array(Shift),
});
export type ShiftConfig = z.infer<typeof ShiftConfig>;

export const DEFAULT_SHIFTS: ShiftConfig = {
  timezone: 'Europe/London',
  shifts: [
    { name: 'early', from: '06:00', to: '14:00' },
    { name: 'late', from: '14:00', to: '22:00' },
    { name: 'night', from: '22:00', to: '06:00' },
  ],
};

export const StoreOptions = z.object({ shifts: ShiftConfig.default(DEFAULT_SHIFTS) });
export type StoreOptions = z.input<typeof StoreOptions>;

// ---------------------------------------------------------------- access

/** Who is reading: everything, some teams (a supervisor), or one agent's own conversations. */
export const Scope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('teams'), teams: z.array(z.string()) }),
  z.object({ kind: z.literal('agent'), agentId: z.string() }),
]);
export type Scope = z.infer<typeof Scope>;

export const ALL: Scope = { kind: 'all' };

// ---------------------------------------------------------------- conversations

/** One analysed conversation (already redacted), or an opted-out one with its `Skipped` marker. */
export interface AnalysedConversation {
  conversation: Conversation;
  analysis: Analysis;
}

/** What `saveAnalysed` takes: an analysed conversation, or the same already `prepare`d (by an analysis thread, so the writing thread need not). */
export type AnalysedItem = AnalysedConversation | { prepared: Prepared };

/** The flattened columns the dashboards need; scores and flags are null for skipped conversations. */
export const ConversationRow = z.object({
  id: z.string(),
  customerId: z.string().nullable(),
  agentId: z.string().nullable(),
  team: z.string().nullable(),
  channel: Channel,
  queue: z.string().nullable(),
  startedAt: z.string().nullable(),
  /** Local date `YYYY-MM-DD` in the configured time zone. */
  day: z.string().nullable(),
  /** ISO week `YYYY-Www` in the configured time zone. */
  week: z.string().nullable(),
  shift: z.string().nullable(),
  handleTimeSeconds: z.number().nullable(),
  skipped: z.boolean(),
  tier: Tier.nullable(),
  empathy: z.number().nullable(),
  compassion: z.number().nullable(),
  overall: z.number().nullable(),
  sentimentShift: z.number().nullable(),
  heardNotHelped: z.boolean().nullable(),
  humanRequired: z.boolean().nullable(),
  missedMoments: z.number().int().nullable(),
  totalMoments: z.number().int().nullable(),
  repeatContact: z.boolean().nullable(),
  vulnerable: z.boolean().nullable(),
  receivedAt: z.string(),
});
export type ConversationRow = z.infer<typeof ConversationRow>;

export interface StoredConversation {
  row: ConversationRow;
  /** Null for opted-out conversations: their text is never stored. */
  conversation: Conversation | null;
  analysis: Analysis;
}

export const SCORE_FIELDS = ['empathy', 'compassion', 'overall'] as const;
export const ScoreField = z.enum(SCORE_FIELDS);
export type ScoreField = z.infer<typeof ScoreField>;

export const ConversationFilter = z.object({
  agent: z.string().optional(),
  team: z.string().optional(),
  channel: Channel.optional(),
  queue: z.string().optional(),
  customer: z.string().optional(),
  tier: Tier.optional(),
  heardNotHelped: z.boolean().optional(),
  humanRequired: z.boolean().optional(),
  vulnerable: z.boolean().optional(),
  skipped: z.boolean().optional(),
  /** Which score `scoreMin`/`scoreMax` (both inclusive) apply to. */
  scoreField: ScoreField.default('overall'),
  scoreMin: z.number().optional(),
  scoreMax: z.number().optional(),
  from: IsoTime.optional(),
  to: IsoTime.optional(),
});
export type ConversationFilter = z.input<typeof ConversationFilter>;

/** Keyset pagination: pass back `nextCursor` to get the following page. */
export const Page = z.object({
  limit: z.number().int().min(1).max(1000).default(50),
  cursor: z.string().optional(),
});
export type Page = z.input<typeof Page>;

export interface PageOf<T> {
  items: T[];
  /** Null on the last page. */
  nextCursor: string | null;
}

// ---------------------------------------------------------------- metrics

export const GROUP_BY = ['agent', 'team', 'channel', 'queue', 'shift', 'day', 'week'] as const;
export const GroupBy = z.enum(GROUP_BY);
export type GroupBy = z.infer<typeof GroupBy>;

export const MetricsQuery = z.object({
  groupBy: GroupBy,
  from: IsoTime.optional(),
  to: IsoTime.optional(),
});
export type MetricsQuery = z.infer<typeof MetricsQuery>;

/** KPIs of one group; means and rates are null when the group has no analysed conversation. */
export const MetricsRow = z.object({
  /** The agent id, team, channel, queue, shift, day or week; null collects rows without one. */
  group: z.string().nullable(),
  /** Analysed (not skipped) conversations. */
  count: z.number().int(),
  skipped: z.number().int(),
  empathy: z.number().nullable(),
  compassion: z.number().nullable(),
  overall: z.number().nullable(),
  heardNotHelpedRate: z.number().nullable(),
  sentimentShift: z.number().nullable(),
  humanRequiredRate: z.number().nullable(),
  /** Missed moments over all empathy moments; null when the group had no moment. */
  missedMomentShare: z.number().nullable(),
  repeatContactRate: z.number().nullable(),
  vulnerableRate: z.number().nullable(),
  /** Mean over conversations with turn times; null when none had them. */
  handleTimeSeconds: z.number().nullable(),
});
export type MetricsRow = z.infer<typeof MetricsRow>;

// ---------------------------------------------------------------- moments

export const MomentFilter = z.object({
  outcome: MomentOutcome.optional(),
  agent: z.string().optional(),
  team: z.string().optional(),
  from: IsoTime.optional(),
  to: IsoTime.optional(),
});
export type MomentFilter = z.infer<typeof MomentFilter>;

export const MomentRow = z.object({
  conversationId: z.string(),
  turn: z.number().int(),
  outcome: MomentOutcome,
  triggers: z.array(z.string()),
  /** The customer's turn, word for word (already redacted). */
  customerText: z.string(),
  responseTurn: z.number().int().nullable(),
  /** The agent's or bot's reply; null when nobody answered. */
  agentText: z.string().nullable(),
  evidence: z.array(Evidence),
  agentId: z.string().nullable(),
  team: z.string().nullable(),
  startedAt: z.string().nullable(),
});
export type MomentRow = z.infer<typeof MomentRow>;

// ---------------------------------------------------------------- reviews

export const RESPONDED = ['yes', 'partly', 'no'] as const;

export const ReviewInput = z.object({
  conversationId: z.string().min(1),
  reviewer: z.string().min(1),
  empathy: z.number().int().min(1).max(5),
  customerFeeling: z.string().default(''),
  responded: z.enum(RESPONDED),
  note: z.string().default(''),
});
export type ReviewInput = z.input<typeof ReviewInput>;

export const Review = z.object({
  id: z.string(),
  conversationId: z.string(),
  reviewer: z.string(),
  empathy: z.number().int().min(1).max(5),
  customerFeeling: z.string(),
  responded: z.enum(RESPONDED),
  note: z.string(),
  createdAt: z.string(),
  /** The engine's empathy score (0-100) for the conversation; null when not stored or skipped. */
  engineEmpathy: z.number().nullable(),
});
export type Review = z.infer<typeof Review>;

export const ReviewFilter = z.object({ conversationId: z.string().optional() });
export type ReviewFilter = z.infer<typeof ReviewFilter>;

// ---------------------------------------------------------------- keys and audit

export const KEY_ROLES = ['admin', 'analyst', 'supervisor', 'agent'] as const;
export const KeyRole = z.enum(KEY_ROLES);
export type KeyRole = z.infer<typeof KeyRole>;

export const KeyInput = z.object({
  name: z.string().min(1),
  role: KeyRole,
  /** For supervisors: the teams they may read. */
  teams: z.array(z.string()).default([]),
  /** For agents: their own agent id. */
  agentId: z.string().nullable().default(null),
});
export type KeyInput = z.input<typeof KeyInput>;

export const ApiKey = z.object({
  id: z.string(),
  name: z.string(),
  role: KeyRole,
  teams: z.array(z.string()),
  agentId: z.string().nullable(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type ApiKey = z.infer<typeof ApiKey>;

export const AuditInput = z.object({
  keyId: z.string().nullable(),
  action: z.string().min(1),
  target: z.string(),
  /** Defaults to now. */
  at: IsoTime.optional(),
});
export type AuditInput = z.infer<typeof AuditInput>;

export const AuditEntry = z.object({
  seq: z.number().int(),
  keyId: z.string().nullable(),
  action: z.string(),
  target: z.string(),
  at: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditFilter = z.object({
  keyId: z.string().optional(),
  action: z.string().optional(),
  target: z.string().optional(),
  from: IsoTime.optional(),
  to: IsoTime.optional(),
});
export type AuditFilter = z.infer<typeof AuditFilter>;

export const EraseResult = z.object({
  conversations: z.number().int(),
  moments: z.number().int(),
  reviews: z.number().int(),
});
export type EraseResult = z.infer<typeof EraseResult>;
