import type { Generated } from 'kysely';

/** Row shapes as stored. Booleans are 0/1 integers and JSON is text, identically on both backends. */
export interface ConversationsTable {
  id: string;
  customer_id: string | null;
  agent_id: string | null;
  team: string | null;
  channel: string;
  queue: string | null;
  started_at: string | null;
  /** `started_at`, or '' when unknown: a non-null key for stable keyset pagination. */
  sort_at: string;
  day: string | null;
  week: string | null;
  shift: string | null;
  handle_time_seconds: number | null;
  /** 'talk' or 'active' (see core/scoring/handle-time.ts); null when there is no figure. */
  handle_time_basis: string | null;
  /** How the handle time was measured, or why there is none. */
  handle_time_reason: string | null;
  skipped: number;
  tier: number | null;
  empathy: number | null;
  compassion: number | null;
  overall: number | null;
  sentiment_shift: number | null;
  heard_not_helped: number | null;
  human_required: number | null;
  missed_moments: number | null;
  total_moments: number | null;
  repeat_contact: number | null;
  vulnerable: number | null;
  received_at: string;
  conversation_json: string | null;
  analysis_json: string;
  /** SHA-256 of the conversation as it came (before redaction); null on rows stored before it was kept. */
  content_sha256: string | null;
  /** The journey summary (`ContactSummary`) of an analysed conversation with a customer id. */
  contact_json: string | null;
}

export interface MomentsTable {
  conversation_id: string;
  turn: number;
  outcome: string;
  triggers_json: string;
  customer_text: string;
  response_turn: number | null;
  agent_text: string | null;
  evidence_json: string;
  agent_id: string | null;
  team: string | null;
  started_at: string | null;
  sort_at: string;
}

/** One cue a live session showed, and what the agent did with it (null: undecided when the session closed). */
export interface LiveCuesTable {
  conversation_id: string;
  /** The cue's id within its session (`cue-1`, ...). */
  cue_id: string;
  kind: string;
  outcome: string | null;
}

/** A call's recording, kept only when the server is configured to keep them; erased and purged with its conversation. */
export interface RecordingsTable {
  conversation_id: string;
  media_type: string;
  bytes: Uint8Array;
  received_at: string;
}

export interface ReviewsTable {
  id: string;
  conversation_id: string;
  reviewer: string;
  empathy: number;
  customer_feeling: string;
  responded: string;
  note: string;
  created_at: string;
}

export interface ApiKeysTable {
  id: string;
  name: string;
  role: string;
  teams_json: string;
  agent_id: string | null;
  secret_hash: string;
  created_at: string;
  revoked_at: string | null;
}

export interface AuditTable {
  seq: Generated<number>;
  key_id: string | null;
  action: string;
  target: string;
  at: string;
}

export interface Database {
  conversations: ConversationsTable;
  moments: MomentsTable;
  live_cues: LiveCuesTable;
  recordings: RecordingsTable;
  reviews: ReviewsTable;
  api_keys: ApiKeysTable;
  audit_log: AuditTable;
  metrics_rollup: MetricsRollupTable;
  secrets: SecretsTable;
  tombstones: TombstonesTable;
  settings: SettingsTable;
}

/** One row per setting an admin has set (`src/api/settings.ts`); absent ones take the server's defaults. */
export interface SettingsTable {
  name: string;
  value_json: string;
  updated_at: string;
  updated_by: string | null;
}

/**
 * Pre-aggregated KPI sums per dimension value, local day and team, kept in step with
 * `conversations` in the same transactions, so metrics over a million rows read thousands.
 * The team is part of the key so a supervisor's scoped metrics can use the rollup too.
 * `*_key` columns make nulls part of the primary key (day '' and 'n'; values are 'v:'+value).
 */
export interface SecretsTable {
  name: string;
  value: string;
}

export interface MetricsRollupTable {
  day_key: string;
  dim: string;
  value_key: string;
  team_key: string;
  day: string | null;
  week: string | null;
  value: string | null;
  team: string | null;
  n: number;
  skipped: number;
  sum_empathy: number;
  sum_compassion: number;
  sum_overall: number;
  sum_sentiment_shift: number;
  sum_heard_not_helped: number;
  sum_human_required: number;
  sum_missed_moments: number;
  sum_total_moments: number;
  sum_repeat_contact: number;
  sum_vulnerable: number;
  sum_handle_time: number;
  n_handle_time: number;
  n_empathy: number;
}

/** What erasure leaves: keyed hashes of the erased customer and of each erased conversation, never the ids themselves. */
export interface TombstonesTable {
  /** The customer's token (for the customer) or a conversation's token. */
  token: string;
  /** The customer's token, on every row of one erasure, so lifting it removes them all. */
  customer_token: string;
  erased_at: string;
}
