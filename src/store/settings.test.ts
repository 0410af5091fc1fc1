import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from './sqlite.ts';

test('a stored setting that no longer reads is left out with its reason, and the others still apply', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'attune-settings-'));
  const file = join(dir, 'attune.db');
  const store = openSqliteStore(file);
  try {
    await store.migrate();
    await store.saveSettings(
      { retentionDays: 30, disclosureText: 'We analyse this chat.', phraseOverlay: {} },
      { keyId: 'k-admin', at: '2026-03-04T09:00:00Z' },
    );
    // as an older version, or a hand edit, might have left them
    const raw = new Database(file);
    raw.prepare(`UPDATE settings SET value_json = '"forty"' WHERE name = 'retentionDays'`).run();
    raw.prepare(`UPDATE settings SET value_json = '{"unclosed' WHERE name = 'disclosureText'`).run();
    raw
      .prepare(`INSERT INTO settings (name, value_json, updated_at, updated_by) VALUES (?, ?, ?, ?)`)
      .run('oldSetting', 'true', '2026-03-01T00:00:00.000Z', null);
    raw.close();
    const read = await store.readSettings();
    assert.deepEqual(
      { ...read, unreadable: read.unreadable.map((u) => ({ ...u, reason: u.reason.replace(/\(.*\)/, '(…)') })) },
      {
        values: { phraseOverlay: {} },
        unreadable: [
          { name: 'disclosureText', reason: 'stored value is not JSON (…)' },
          { name: 'oldSetting', reason: 'not a setting this version knows' },
          { name: 'retentionDays', reason: 'retentionDays: Invalid input: expected number, received string' },
        ],
        updatedAt: '2026-03-04T09:00:00.000Z',
        updatedBy: 'k-admin',
      },
    );
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
