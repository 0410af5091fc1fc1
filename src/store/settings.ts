import type { Kysely } from 'kysely';
import { SETTING_NAMES, SettingsInput, StoredSettings } from '../api/index.ts';
import type { SettingName } from '../api/index.ts';
import { recordAudit } from './audit.ts';
import { utc } from './scope.ts';
import type { Database } from './tables.ts';

/** The settings an admin has set; a stored value that no longer parses is left out (the default applies) rather than failing every read. */
export async function readSettings(db: Kysely<Database>): Promise<StoredSettings> {
  const rows = await db.selectFrom('settings').selectAll().orderBy('updated_at', 'desc').execute();
  const values: Record<string, unknown> = {};
  for (const row of rows)
    if ((SETTING_NAMES as readonly string[]).includes(row.name)) values[row.name] = JSON.parse(row.value_json);
  const parsed = SettingsInput.partial().safeParse(values);
  const kept = parsed.success
    ? parsed.data
    : Object.fromEntries(
        SETTING_NAMES.flatMap((name) => {
          const one = SettingsInput.shape[name].safeParse(values[name]);
          return one.success && values[name] !== undefined ? [[name, one.data]] : [];
        }),
      );
  return StoredSettings.parse({
    values: kept,
    updatedAt: rows[0]?.updated_at ?? null,
    updatedBy: rows[0]?.updated_by ?? null,
  });
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
