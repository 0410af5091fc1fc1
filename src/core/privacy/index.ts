export { redactText, redactConversation, PII_TYPES, PiiType, PiiSpan, type Redaction } from './redact.ts';
export { privacyGate, type PrivacyDecision } from './consent.ts';
