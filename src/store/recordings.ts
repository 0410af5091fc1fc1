import type { Kysely } from 'kysely';
import { inScope } from './scope.ts';
import type { Scope } from './scope.ts';
import type { Database } from './tables.ts';

export interface Recording {
  conversationId: string;
  mediaType: string;
  bytes: Uint8Array;
}

/** Keeps a call's recording beside its stored conversation, replacing an earlier one. */
export async function saveRecording(db: Kysely<Database>, recording: Recording): Promise<void> {
  const row = {
    conversation_id: recording.conversationId,
    media_type: recording.mediaType,
    bytes: recording.bytes,
    received_at: new Date().toISOString(),
  };
  await db
    .insertInto('recordings')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('conversation_id')
        .doUpdateSet({ media_type: row.media_type, bytes: row.bytes, received_at: row.received_at }),
    )
    .execute();
}

/** A conversation's recording, when one was kept and the conversation is within the scope. */
export async function getRecording(
  db: Kysely<Database>,
  scope: Scope,
  conversationId: string,
): Promise<Recording | null> {
  const r = await db
    .selectFrom('recordings as r')
    .innerJoin('conversations as conversations', 'conversations.id', 'r.conversation_id')
    .select(['r.conversation_id', 'r.media_type', 'r.bytes'])
    .where('r.conversation_id', '=', conversationId)
    .where(inScope(scope, 'conversations'))
    .executeTakeFirst();
  return r ? { conversationId: r.conversation_id, mediaType: r.media_type, bytes: new Uint8Array(r.bytes) } : null;
}
