import { createHmac } from 'node:crypto';
import type { KeyedHash } from '../core/privacy/pseudonym.ts';
import { redactConversation } from '../core/privacy/redact.ts';
import type { Conversation } from '../core/schema/index.ts';

/** HMAC-SHA256 under `key`, as hex. */
export function hmacHex(key: string): KeyedHash {
  return (text) => createHmac('sha256', key).update(text).digest('hex');
}

/** Redaction under the database's key: identifiers one joins on become keyed pseudonyms (docs/privacy.md). */
export function pseudonymizing(key: string): (conversation: Conversation) => Conversation {
  const hash = hmacHex(key);
  return (conversation) => redactConversation(conversation, hash);
}
