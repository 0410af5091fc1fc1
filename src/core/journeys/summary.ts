import type { Analysis, Channel, Conversation, EmotionLabel } from '../schema/index.ts';
import { tokenize } from '../text/tokenize.ts';
import stopwordList from './stopwords.json' with { type: 'json' };

const STOPWORDS = new Set(stopwordList);
const MAX_KEYWORDS = 16;

/** Where a keyword was said: the conversation's turn and span, so a later contact can cite it. */
export interface KeywordEvidence {
  term: string;
  turn: number;
  start: number;
  end: number;
  text: string;
}

/** The small per-conversation record a journey keeps: when, where, how the customer felt, and what it was about. */
export interface ContactSummary {
  conversationId: string;
  customerId: string;
  channel: Channel;
  /** Epoch milliseconds, or undefined when the conversation carries no time. */
  at: number | undefined;
  startSentiment: number | undefined;
  endSentiment: number | undefined;
  emotions: EmotionLabel[];
  topic: string | undefined;
  keywords: KeywordEvidence[];
}

/** What linking needs of a contact before it is scored: who, when, and what about. */
export type ContactDraft = Pick<ContactSummary, 'conversationId' | 'customerId' | 'at' | 'topic' | 'keywords'>;

/** A conversation as linking sees it, given its topic; undefined without a customer id. */
export function draftContact(conversation: Conversation, topic: string | undefined): ContactDraft | undefined {
  const customerId = conversation.customer?.id;
  if (!customerId) return undefined;
  return {
    conversationId: conversation.id,
    customerId,
    at: timeOf(conversation),
    topic: topic || undefined,
    keywords: keywords(conversation),
  };
}

function timeOf(conversation: Conversation): number | undefined {
  const time = conversation.startedAt ?? conversation.turns.find((t) => t.at)?.at;
  return time ? Date.parse(time) : undefined;
}

/**
 * Summarises an analysed conversation for journey linking; undefined when it has no customer id or was skipped.
 * `draft` is what linking saw (its topic, before a repeat-contact cue could change it, and its keywords); default: the analysis's.
 */
export function summariseContact(
  conversation: Conversation,
  analysis: Analysis,
  draft?: ContactDraft,
): ContactSummary | undefined {
  const customerId = conversation.customer?.id;
  if (!customerId || !('turns' in analysis)) return undefined;
  const customerTurns = analysis.turns.filter((t) => t.role === 'customer');
  const intensity = new Map<EmotionLabel, number>();
  for (const turn of customerTurns)
    for (const e of turn.emotions) intensity.set(e.label, (intensity.get(e.label) ?? 0) + e.intensity);
  const emotions = [...intensity]
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([label]) => label);
  return {
    conversationId: conversation.id,
    customerId,
    channel: conversation.channel,
    at: timeOf(conversation),
    startSentiment: customerTurns[0]?.sentiment,
    endSentiment: customerTurns[customerTurns.length - 1]?.sentiment,
    emotions,
    topic: draft ? draft.topic : analysis.tierReason.topic || undefined,
    keywords: draft?.keywords ?? keywords(conversation),
  };
}

/** Content words and reference-like tokens (order numbers) the customer used, each with its first occurrence. */
function keywords(conversation: Conversation): KeywordEvidence[] {
  const seen = new Map<string, KeywordEvidence>();
  conversation.turns.forEach((turn, index) => {
    if (turn.role !== 'customer' || seen.size >= MAX_KEYWORDS) return;
    for (const token of tokenize(turn.text.slice(0, 20_000))) {
      if (seen.size >= MAX_KEYWORDS) break;
      const term = termOf(token.norm, token.kind);
      if (!term || seen.has(term)) continue;
      seen.set(term, {
        term,
        turn: index,
        start: token.start,
        end: token.end,
        text: turn.text.slice(token.start, token.end),
      });
    }
  });
  return [...seen.values()];
}

function termOf(norm: string, kind: string): string | undefined {
  if (kind === 'number') return norm.replace(/[^0-9a-z]/g, '').length >= 5 ? `#${norm}` : undefined;
  if (kind !== 'word' || norm.length < 4 || STOPWORDS.has(norm)) return undefined;
  if (/\d/.test(norm)) return `#${norm}`;
  // A light stem so "refunds"/"refund", "charged"/"charge" meet.
  return norm.replace(/(ing|ed|es|s)$/, '').replace(/e$/, '') || norm;
}

/** A reference number shared by two contacts is strong evidence on its own. */
export function isReference(term: string): boolean {
  return term.startsWith('#');
}
