import type { Kysely } from 'kysely';
import { SETTING_NAMES, SettingsInput, StoredSettings } from '../api/index.ts';
import type { SettingName } from '../api/index.ts';
import { recordAudit } from './audit.ts';
import { utc } from './scope.ts';
import type { Database } from './tables.ts';

/**
 * The settings an admin has set. A stored value that no longer reads is left out (its default applies) rather than
 * failing every read, and is named in `unreadable` with why, so the settings page and the server's start say so.
 */
export async function readSettings(db: Kysely<Database>): Promise<StoredSettings> {
  const rows = await db.selectFrom('settings').selectAll().orderBy('updated_at', 'desc').execute();
  const values: Record<string, unknown> = {};
  const unreadable: StoredSettings['unreadable'] = [];
  for (const row of rows) {
    if (!(SETTING_NAMES as readonly string[]).includes(row.name)) {
      unreadable.push({ name: row.name, reason: 'not a setting this version knows' });
      continue;
    }
    const read = readValue(row.name as SettingName, row.value_json);
    if (read.ok) values[row.name] = read.value;
    else unreadable.push({ name: row.name, reason: read.reason });
  }
  return StoredSettings.parse({
    values,
    unreadable: unreadable.sort((a, b) => (a.name < b.name ? -1 : 1)),
    updatedAt: rows[0]?.updated_at ?? null,
    updatedBy: rows[0]?.updated_by ?? null,
  });
}

function readValue(name: SettingName, json: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { ok: false, reason: `stored value is not JSON (${(error as Error).message})` };
  }
  const parsed = SettingsInput.shape[name].safeParse(value);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, reason: parsed.error.issues.map((i) => [name, ...i.path].join('.') + ': ' + i.message).join('; ') };
}

/**
 * Stores the whole settings document (parsed with `SettingsInput`: validate first) and, when anything changed, one audit
 * entry naming what did, in the same transaction; returns the names of the settings that changed.
 */
export async function saveSettings(
  db: Kysely<Database>,
  input: SettingsInput,
  by: { keyId: string | null; at?: string },
): Promise<SettingName[]> {
  const settings = SettingsInput.parse(input);
  const at = utc(by.at ?? new Date().toISOString());
  return db.transaction().execute(async (tx) => {
    const stored = new Map(
      (await tx.selectFrom('settings').select(['name', 'value_json']).execute()).map((r) => [r.name, r.value_json]),
    );
    const changed = SETTING_NAMES.filter((name) => stored.get(name) !== JSON.stringify(settings[name]));
    for (const name of changed) {
      const row = { name, value_json: JSON.stringify(settings[name]), updated_at: at, updated_by: by.keyId };
      await tx
        .insertInto('settings')
        .values(row)
        .onConflict((oc) =>
          oc.column('name').doUpdateSet({ value_json: row.value_json, updated_at: at, updated_by: by.keyId }),
        )
        .execute();
    }
    if (changed.length) {
      const before = stored.get('retentionDays');
      const what = changed.map((name) =>
        name === 'retentionDays' ? `retentionDays ${before ?? '(server default)'} → ${settings.retentionDays}` : name,
      );
      await recordAudit(tx, { keyId: by.keyId, action: 'settings-update', target: what.join('; '), at });
    }
    return changed;
  });
}
