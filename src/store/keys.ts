import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { KeyInput, KeyRole } from '../api/index.ts';
import type { ApiKey } from '../api/index.ts';
import type { ApiKeysTable, Database } from './tables.ts';

/**
 * Secrets are 256 random bits, so a single fast SHA-256 is enough: a slow password hash
 * (scrypt, bcrypt) protects low-entropy secrets from guessing, which these are not, and would
 * cost every API request tens of milliseconds.
 */
export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

const Teams = z.array(z.string());

function toKey(r: Selectable<ApiKeysTable>): ApiKey {
  return {
    id: r.id,
    name: r.name,
    role: KeyRole.parse(r.role),
    teams: Teams.parse(JSON.parse(r.teams_json)),
    agentId: r.agent_id,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
  };
}

export async function createKey(db: Kysely<Database>, input: KeyInput): Promise<{ key: ApiKey; secret: string }> {
  const k = KeyInput.parse(input);
  const secret = `atn_${randomBytes(32).toString('base64url')}`;
  const row: Selectable<ApiKeysTable> = {
    id: `key_${randomBytes(8).toString('hex')}`,
    name: k.name,
    role: k.role,
    teams_json: JSON.stringify(k.teams),
    agent_id: k.agentId,
    secret_hash: hashSecret(secret),
    created_at: new Date().toISOString(),
    revoked_at: null,
  };
  await db.insertInto('api_keys').values(row).execute();
  return { key: toKey(row), secret };
}

export async function findKey(db: Kysely<Database>, secret: string): Promise<ApiKey | null> {
  const r = await db
    .selectFrom('api_keys')
    .selectAll()
    .where('secret_hash', '=', hashSecret(secret))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return r ? toKey(r) : null;
}

export async function listKeys(db: Kysely<Database>): Promise<ApiKey[]> {
  const rows = await db.selectFrom('api_keys').selectAll().orderBy('created_at').orderBy('id').execute();
  return rows.map(toKey);
}

export async function revokeKey(db: Kysely<Database>, id: string): Promise<boolean> {
  const r = await db
    .updateTable('api_keys')
    .set({ revoked_at: new Date().toISOString() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
