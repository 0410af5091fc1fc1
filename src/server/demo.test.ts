import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { startDemo } from './demo.ts';

test('the demo serves on the port it is given and reuses one database, emptied and reloaded at each start', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'attune-demo-'));
  const file = path.join(dir, 'demo.sqlite');
  try {
    const loaded: string[] = [];
    for (let run = 0; run < 2; run++) {
      const out = new PassThrough();
      const printed: string[] = [];
      out.on('data', (chunk: Buffer) => printed.push(chunk.toString()));
      const server = await startDemo(['--port', '0'], { file, out });
      try {
        assert.doesNotMatch(server.url, /:8080$/);
        const list = await server.app.inject({
          method: 'GET',
          url: '/v1/conversations?limit=500',
          headers: { authorization: `Bearer ${server.key}` },
        });
        assert.equal(list.statusCode, 200);
        loaded.push(
          `${(list.json() as { items: unknown[] }).items.length} / ${/\((\d+) example conversations loaded/.exec(printed.join(''))?.[1]}`,
        );
      } finally {
        await server.close();
      }
    }
    assert.match(loaded[0]!, /^([1-9]\d*) \/ \1$/, 'every example loaded is listed');
    assert.equal(loaded[0], loaded[1], 'the second start holds what the first did, not twice as much');
    assert.deepEqual(
      readdirSync(dir).filter((f) => !f.startsWith('demo.sqlite')),
      [],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
