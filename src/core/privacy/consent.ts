import type { Conversation, Skipped } from '../schema/index.ts';
import { redactConversation } from './redact.ts';

export type PrivacyDecision = { analyse: true; conversation: Conversation } | { analyse: false; skipped: Skipped };

/**
 * What may be analysed: an opted-out conversation (consent.analysis false; readers map the source's opt-out
 * field onto it) becomes `{ id, skipped: "opted-out" }` with no text; otherwise the conversation, redacted unless told not to.
 */
export function privacyGate(
  conversation: Conversation,
  options: { redact: boolean } = { redact: true },
): PrivacyDecision {
  if (conversation.consent.analysis === false)
    return { analyse: false, skipped: { id: conversation.id, skipped: 'opted-out' } };
  return { analyse: true, conversation: options.redact ? redactConversation(conversation) : conversation };
}
