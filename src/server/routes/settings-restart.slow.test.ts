import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Settings } from '../../api/index.ts';
import { configFrom, startServer } from '../main.ts';

// The real server with an analysis thread, as `attune serve` runs: ingest is analysed by the pool's engine.
const DOCUMENT = {
  retentionDays: 30,
  disclosureText: 'We analyse this chat.',
  phraseOverlay: { cues: { deadline: ['by close of play'] } },
};

test('a stored phrase-list overlay is in the engine when the server starts again', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'attune-settings-'));
  const config = configFrom(['--port', '0', '--db', path.join(dir, 'a.sqlite')], { ATTUNE_ANALYSIS_WORKERS: '1' });
  if (Array.isArray(config)) throw new Error(config.join('; '));
  const cues = async (server: Awaited<ReturnType<typeof startServer>>, key: string, id: string) => {
    const headers = { authorization: `Bearer ${key}` };
    await fetch(`${server.url}/v1/conversations`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        id,
        channel: 'chat',
        turns: [{ role: 'customer', text: 'I need the refund sorted by close of play.' }],
      }),
    });
    const detail = (await (await fetch(`${server.url}/v1/conversations/${id}`, { headers })).json()) as {
      analysis: { cues: { kind: string }[] };
    };
    return detail.analysis.cues.map((c) => c.kind);
  };
  try {
    const first = await startServer(config);
    const key = (await first.store.createKey({ name: 'admin', role: 'admin' })).secret;
    assert.deepEqual(await cues(first, key, 'before'), []);
    const put = await fetch(`${first.url}/v1/settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(DOCUMENT),
    });
    assert.equal(((await put.json()) as Settings).phraseOverlayInEffect, false);
    await first.close();
    const second = await startServer(config);
    try {
      const settings = (await (
        await fetch(`${second.url}/v1/settings`, { headers: { authorization: `Bearer ${key}` } })
      ).json()) as Settings;
      assert.equal(settings.phraseOverlayInEffect, true);
      assert.deepEqual(await cues(second, key, 'after'), ['deadline']);
    } finally {
      await second.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
