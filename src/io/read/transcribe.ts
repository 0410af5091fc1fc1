import type { Role } from '../../core/schema/index.ts';
import type { ReaderContext } from './context.ts';
import { fallbackId, noIdProblem } from './context.ts';
import { finishConversation, isOptOut, reject } from './finish.ts';
import type { InputRecord, Source } from './record.ts';

/** Amazon Transcribe Call Analytics and Contact Lens outputs both carry a `Transcript` array of segments. */
export function isTranscribe(value: unknown): boolean {
  return isObject(value) && Array.isArray(value.Transcript);
}

const ROLE_BY_PARTICIPANT: Record<string, Role> = {
  AGENT: 'agent',
  CUSTOMER: 'customer',
  SYSTEM: 'system',
  AUTOMATED: 'bot',
  BOT: 'bot',
};

/** Maps one Transcribe/Contact Lens document: each segment is a turn with start/end seconds; sentiment, loudness and ids go to turn metadata. */
export function fromTranscribe(value: unknown, raw: string, source: Source, context: ReaderContext): InputRecord {
  if (!isObject(value) || !Array.isArray(value.Transcript))
    return reject(raw, source, 'Transcript', 'expected an array of transcript segments');
  const participants = new Map<string, string>();
  if (Array.isArray(value.Participants)) {
    for (const p of value.Participants) {
      if (isObject(p) && typeof p.ParticipantId === 'string' && typeof p.ParticipantRole === 'string')
        participants.set(p.ParticipantId, p.ParticipantRole);
    }
  }
  const turns: unknown[] = [];
  for (const [i, segment] of value.Transcript.entries()) {
    if (!isObject(segment)) return reject(raw, source, `Transcript.${i}`, 'expected a segment object');
    const participant = String(
      segment.ParticipantRole ?? participants.get(String(segment.ParticipantId)) ?? segment.ParticipantId ?? '',
    );
    const role = ROLE_BY_PARTICIPANT[participant.toUpperCase()] ?? context.options.roleNames[participant.toLowerCase()];
    if (!role)
      return reject(
        raw,
        source,
        `Transcript.${i}.ParticipantRole`,
        `unknown participant role "${participant.slice(0, 40)}"`,
      );
    if (typeof segment.Content !== 'string')
      return reject(raw, source, `Transcript.${i}.Content`, 'expected text content');
    const metadata: Record<string, unknown> = {};
    for (const key of [
      'Id',
      'Sentiment',
      'LoudnessScores',
      'LoudnessScore',
      'IssuesDetected',
      'OutcomesDetected',
      'ActionItemsDetected',
    ]) {
      if (segment[key] !== undefined) metadata[key] = segment[key];
    }
    turns.push({
      role,
      text: segment.Content,
      ...seconds('start', segment.BeginOffsetMillis),
      ...seconds('end', segment.EndOffsetMillis),
      ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
    });
  }
  const customerMetadata = isObject(value.CustomerMetadata) ? value.CustomerMetadata : {};
  const given = customerMetadata.ContactId ?? value.JobName;
  const id = given === undefined ? fallbackId(context, source.index + 1) : String(given);
  if (id === undefined) return { ok: false, raw, source, problems: [noIdProblem()] };
  const channel = String(value.Channel ?? '').toUpperCase() === 'CHAT' ? 'chat' : (context.options.channel ?? 'voice');
  const metadata: Record<string, unknown> = { source: 'amazon-transcribe' };
  for (const key of ['Categories', 'ConversationCharacteristics', 'AccountId', 'JobStatus'])
    if (value[key] !== undefined) metadata[key] = value[key];
  const optedOut = isOptOut(value[context.options.optOutField]);
  return finishConversation(
    {
      id,
      channel,
      ...(typeof value.LanguageCode === 'string' ? { language: value.LanguageCode } : {}),
      ...(optedOut ? { consent: { analysis: false } } : {}),
      metadata,
      turns,
    },
    raw,
    source,
    context.options.limits,
  );
}

function seconds(key: 'start' | 'end', millis: unknown): Record<string, number> {
  return typeof millis === 'number' && Number.isFinite(millis) && millis >= 0 ? { [key]: millis / 1000 } : {};
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
