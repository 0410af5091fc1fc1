import type { Recording } from './recordings.ts';
import type {
  ApiKey,
  AuditEntry,
  AuditFilter,
  AuditInput,
  ConversationFilter,
  ConversationRow,
  EraseResult,
  KeyInput,
  MetricsQuery,
  MetricsResult,
  MomentFilter,
  MomentRow,
  Page,
  PageOf,
  Review,
  ReviewFilter,
  ReviewInput,
  SettingName,
  SettingsInput,
  StoredSettings,
} from '../api/index.ts';
import type { Analysis, Conversation } from '../core/schema/index.ts';
import type { Prepared } from './flatten.ts';
import type { Scope } from './scope.ts';
import type { EncodedContact } from './contacts.ts';

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

  /**
   * Upserts a batch by conversation id in one transaction: re-sending a conversation unchanged updates it, never
   * duplicates it. A different conversation under a stored id (or an id earlier in the batch) is refused, never
   * stored over; conversations of an erased customer, or erased themselves, are refused until the erasure is lifted.
   */
  saveAnalysed(items: readonly AnalysedItem[]): Promise<SaveResult>;
  /** The journey summaries of each customer's latest stored contacts (up to `perCustomer`, default 8: a repeat-contact cue cites at most 8), newest first, as the store encodes them (`decodeContacts`). */
  recentContacts(customerIds: readonly string[], perCustomer?: number): Promise<Map<string, EncodedContact[]>>;
  /** Keeps a call's recording beside its stored conversation (only servers configured to keep audio call this); erased and purged with it. */
  saveRecording(recording: Recording): Promise<void>;
  /** A conversation's kept recording; null when none was kept or the conversation is outside the scope. */
  getRecording(scope: Scope, conversationId: string): Promise<Recording | null>;
  /** The conversation, its analysis and its flattened row; null when absent or outside the scope. */
  getConversation(scope: Scope, id: string): Promise<StoredConversation | null>;
  /** Newest first (`startedAt` desc, then id desc; conversations without a time last). */
  listConversations(scope: Scope, filter: ConversationFilter, page: Page): Promise<PageOf<ConversationRow>>;
  /** Hands every stored conversation in scope (with its text; opted-out ones have none) to `each`, oldest first; returns how many. */
  eachConversation(
    scope: Scope,
    range: { from?: string; to?: string },
    each: (conversation: Conversation) => void,
  ): Promise<number>;
  /** The KPIs in total and, with `groupBy`, per group; skipped (opted-out) conversations count only in `skipped`. */
  metrics(scope: Scope, query: MetricsQuery): Promise<MetricsResult>;
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

  /** The settings an admin has set (absent ones take the server's defaults), and who changed them last. */
  readSettings(): Promise<StoredSettings>;
  /** Stores the whole settings document (parsed with `SettingsInput`) and audits what changed, in one transaction; returns the changed names. */
  saveSettings(input: SettingsInput, by: { keyId: string | null; at?: string }): Promise<SettingName[]>;

  recordAudit(entry: AuditInput): Promise<void>;
  /** Newest first. */
  listAudit(filter: AuditFilter, page: Page): Promise<PageOf<AuditEntry>>;

  /**
   * Right to erasure: deletes every conversation of the customer with its moments and reviews, and leaves
   * a tombstone (keyed hashes only) so the same customer or conversations sent again are refused.
   */
  eraseCustomer(customerId: string): Promise<EraseResult>;
  /** Lifts the customer's tombstone, so their conversations are accepted again; false when there was none. */
  liftErasure(customerId: string): Promise<boolean>;
  /** When the customer (the id as sent, or as stored under its pseudonym) was erased, while it is in force; else null. */
  erasedAt(customerId: string): Promise<string | null>;
  /** A keyed hash standing for a customer id where the id itself must not be kept (the audit log). */
  customerToken(customerId: string): Promise<string>;
  /** The database's key for keyed hashes (pseudonyms), for analysis threads that redact before storing. */
  hashKey(): Promise<string>;
  /** Deletes conversations started before `before`; undated ones, and those started after `futureAfter`, by when they were received. */
  purgeOlderThan(before: string, futureAfter?: string): Promise<EraseResult>;
}

/** A conversation `saveAnalysed` did not store, and why. */
export interface Refusal {
  id: string;
  /** The field that was refused: the customer's id (erased), or the conversation's own. */
  field: 'customer.id' | 'id';
  /** `erased`: the customer or conversation was erased; `conflict`: a different conversation holds the id. */
  code: 'erased' | 'conflict';
  reason: string;
}

export interface SaveResult {
  saved: number;
  refused: Refusal[];
}

/** One analysed conversation (already redacted), or an opted-out one with its `Skipped` marker. */
export interface AnalysedConversation {
  conversation: Conversation;
  analysis: Analysis;
}

/** What `saveAnalysed` takes: an analysed conversation, or the same already `prepare`d (by an analysis thread, so the writing thread need not). */
export type AnalysedItem = AnalysedConversation | { prepared: Prepared };

export interface StoredConversation {
  row: ConversationRow;
  /** Null for opted-out conversations: their text is never stored. */
  conversation: Conversation | null;
  analysis: Analysis;
}
