import { createHash } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { EncodedContact } from './contacts.ts';
import { voiceAdoptionKind, type Analysis, type Conversation, type FullAnalysis } from '../core/schema/index.ts';
import { handleTime } from '../core/scoring/handle-time.ts';
import type { HandleTime } from '../core/scoring/handle-time.ts';
import { localTime } from './local-time.ts';
import type { ShiftConfig } from './options.ts';
import type { ConversationsTable, LiveCuesTable, MomentsTable } from './tables.ts';

export interface Flattened {
  row: Insertable<ConversationsTable>;
  moments: MomentsTable[];
  cues: LiveCuesTable[];
}

const flag = (b: boolean) => (b ? 1 : 0);

function startedAt(conversation: Conversation): string | null {
  const raw = conversation.startedAt ?? conversation.turns.find((t) => t.at)?.at;
  return raw ? new Date(raw).toISOString() : null;
}

const NOT_ANALYSED: HandleTime = { seconds: null, basis: null, reason: 'opted out: not analysed' };

function scoreColumns(a: FullAnalysis) {
  const missed = a.moments.filter((m) => m.outcome === 'missed').length;
  return {
    tier: a.tier,
    empathy: a.scores.empathy,
    compassion: a.scores.compassion,
    overall: a.scores.overall,
    sentiment_shift: a.scores.sentimentShift,
    heard_not_helped: flag(a.scores.heardNotHelped),
    human_required: flag(a.routing.decision === 'human-required'),
    missed_moments: missed,
    total_moments: a.moments.length,
    repeat_contact: flag(a.cues.some((c) => c.kind === 'repeat-contact')),
    vulnerable: flag(a.vulnerability.length > 0),
  };
}

const NO_SCORES = {
  tier: null,
  empathy: null,
  compassion: null,
  overall: null,
  sentiment_shift: null,
  heard_not_helped: null,
  human_required: null,
  missed_moments: null,
  total_moments: null,
  repeat_contact: null,
  vulnerable: null,
};

/** A conversation's rows without the local time and the time received: plain strings and numbers, cheap to pass between threads. */
export interface Prepared {
  row: Omit<Insertable<ConversationsTable>, 'day' | 'week' | 'shift' | 'received_at'>;
  moments: MomentsTable[];
  cues: LiveCuesTable[];
}

/** What the pipeline knows beyond the stored conversation and its analysis. */
export interface PrepareExtras {
  /** The conversation as it came, before redaction: its fingerprint tells a re-sent conversation from a different one (default: the stored one). */
  received?: Conversation;
  /** Its fingerprint when it was redacted elsewhere (an API node that queued it): wins over `received`. */
  receivedFingerprint?: string;
  /** Its journey summary (`encodeContact`), for later contacts of the customer to link to. */
  contact?: EncodedContact;
  /** The analysis already serialised (the reply reuses it). */
  analysisJson?: string;
}

/** SHA-256 of a conversation's JSON: the same conversation re-sent has the same fingerprint. */
export function fingerprint(conversation: Conversation): string {
  return createHash('sha256').update(JSON.stringify(conversation)).digest('hex');
}

/**
 * Everything `flatten` takes from the conversation and its analysis alone, JSON included: an
 * analysis thread computes it before the batch reaches the store, so the thread that writes only
 * adds the local time and the time received (`finish`). What it returns is the store's own to read.
 */
export function prepare(conversation: Conversation, analysis: Analysis, extras: PrepareExtras = {}): Prepared {
  const started = startedAt(conversation);
  const skipped = 'skipped' in analysis;
  const handle = skipped ? NOT_ANALYSED : handleTime(conversation);
  const row: Prepared['row'] = {
    id: conversation.id,
    customer_id: conversation.customer?.id ?? null,
    agent_id: conversation.agent?.id ?? null,
    team: conversation.agent?.team ?? null,
    channel: conversation.channel,
    queue: conversation.queue ?? null,
    started_at: started,
    sort_at: started ?? '',
    handle_time_seconds: handle.seconds,
    handle_time_basis: handle.basis,
    handle_time_reason: handle.reason,
    skipped: flag(skipped),
    ...(skipped ? NO_SCORES : scoreColumns(analysis)),
    conversation_json: skipped ? null : JSON.stringify(conversation),
    analysis_json: skipped
      ? JSON.stringify({ id: conversation.id, skipped: 'opted-out' })
      : (extras.analysisJson ?? JSON.stringify(analysis)),
    content_sha256: extras.receivedFingerprint ?? fingerprint(extras.received ?? conversation),
    contact_json: skipped ? null : (extras.contact ?? null),
  };
  if (skipped) return { row, moments: [], cues: [] };
  const seen = new Set<number>();
  const unique = analysis.moments.filter((m) => !seen.has(m.turn) && seen.add(m.turn));
  const moments = unique.map((m): MomentsTable => ({
    conversation_id: conversation.id,
    turn: m.turn,
    outcome: m.outcome,
    triggers_json: JSON.stringify(m.triggers),
    customer_text: conversation.turns[m.turn]?.text ?? '',
    response_turn: m.responseTurn,
    agent_text: m.responseTurn === null ? null : (conversation.turns[m.responseTurn]?.text ?? null),
    evidence_json: JSON.stringify(m.evidence),
    agent_id: row.agent_id ?? null,
    team: row.team ?? null,
    started_at: started,
    sort_at: started ?? '',
  }));
  return { row, moments, cues: liveCueRows(conversation.id, analysis) };
}

/** The outcome of each cue a live session showed, text and voice; none for a conversation that was not live. */
export function liveCueRows(conversationId: string, analysis: Analysis): LiveCuesTable[] {
  return [...textCueRows(conversationId, analysis), ...voiceCueRows(conversationId, analysis)];
}

/** The text cues' outcomes (migration 009 read these from stored analyses). */
export function textCueRows(conversationId: string, analysis: Analysis): LiveCuesTable[] {
  if ('skipped' in analysis || !analysis.live) return [];
  return analysis.live.cues.map((c) => ({
    conversation_id: conversationId,
    cue_id: c.id,
    kind: c.kind,
    outcome: c.outcome,
  }));
}

/**
 * The voice cues' outcomes, under their adoption kind (`voice:slow-down` ...). Voice cues stored before they were paced
 * have no id nor outcome: shown, never decided, numbered by their place.
 */
export function voiceCueRows(conversationId: string, analysis: Analysis): LiveCuesTable[] {
  if ('skipped' in analysis || !analysis.live?.voice) return [];
  return analysis.live.voice.cues.map((c, i) => ({
    conversation_id: conversationId,
    cue_id: c.id ?? `voice-${i + 1}`,
    kind: voiceAdoptionKind(c.kind),
    outcome: c.outcome ?? null,
  }));
}

/** Completes a prepared conversation with the local day, week and shift of its start, and when it was received. */
export function finish({ row: r, moments, cues }: Prepared, shifts: ShiftConfig, receivedAt: string): Flattened {
  const local = r.started_at ? localTime(new Date(r.started_at), shifts) : null;
  // Spelled out rather than spread: a row that arrived from another thread spreads slowly, once per conversation.
  const row: Flattened['row'] = {
    id: r.id,
    customer_id: r.customer_id,
    agent_id: r.agent_id,
    team: r.team,
    channel: r.channel,
    queue: r.queue,
    started_at: r.started_at,
    sort_at: r.sort_at,
    day: local?.day ?? null,
    week: local?.week ?? null,
    shift: local?.shift ?? null,
    handle_time_seconds: r.handle_time_seconds,
    handle_time_basis: r.handle_time_basis,
    handle_time_reason: r.handle_time_reason,
    skipped: r.skipped,
    tier: r.tier,
    empathy: r.empathy,
    compassion: r.compassion,
    overall: r.overall,
    sentiment_shift: r.sentiment_shift,
    heard_not_helped: r.heard_not_helped,
    human_required: r.human_required,
    missed_moments: r.missed_moments,
    total_moments: r.total_moments,
    repeat_contact: r.repeat_contact,
    vulnerable: r.vulnerable,
    received_at: receivedAt,
    conversation_json: r.conversation_json,
    analysis_json: r.analysis_json,
    content_sha256: r.content_sha256,
    contact_json: r.contact_json,
  };
  return { row, moments, cues };
}

/** The stored row and moment rows of one conversation; an opted-out one keeps no text. */
export function flatten(
  conversation: Conversation,
  analysis: Analysis,
  shifts: ShiftConfig,
  receivedAt: string,
): Flattened {
  return finish(prepare(conversation, analysis), shifts, receivedAt);
}
