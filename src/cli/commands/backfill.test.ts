import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backfillJobId, duration, progressLine, workerCommand } from './backfill.ts';

test('the progress line gives processed of the total, the rate and the ETA; "≥" while the total is not known', () => {
  assert.equal(
    progressLine({ processed: 250, failed: 0, total: 400 }, 1000, true, 50),
    'processed 250 of 1,000 (25.0%)  50 conv/s  ETA 15s',
  );
  assert.equal(
    progressLine({ processed: 90, failed: 10, total: 400 }, undefined, true, 20),
    'processed 100 of ≥400 (25.0%)  20 conv/s  10 refused',
  );
  assert.equal(
    progressLine({ processed: 0, failed: 0, total: 400 }, undefined, false, 0),
    'processed 0 of 400 (0.0%)  0 conv/s',
  );
});

test('durations read as a person says them', () => {
  assert.deepEqual([duration(12.4), duration(185), duration(3725)], ['12s', '3m05s', '1h02m']);
});

test('a backfill of the same files unchanged is the same job; a changed file or other options make a new one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'attune-backfill-'));
  try {
    const file = join(dir, 'a.jsonl');
    writeFileSync(file, '{}\n');
    utimesSync(file, 1_700_000_000, 1_700_000_000);
    const first = backfillJobId([file], {});
    const same = backfillJobId([file], {});
    const otherOptions = backfillJobId([file], { channel: 'chat' });
    writeFileSync(file, '{}\n{}\n');
    const changed = backfillJobId([file], {});
    assert.deepEqual(
      [first === same, first === otherOptions, first === changed, /^backfill-[0-9a-f]{20}$/.test(first)],
      [true, false, false, true],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the workers a backfill starts run under its heap bound (bin/attune.js's when none is given), and no other of its flags", () => {
  const main = fileURLToPath(new URL('../main.ts', import.meta.url));
  assert.deepEqual(workerCommand(['--max-old-space-size=512', '--inspect', '--import', 'tsx']), [
    '--max-old-space-size=512',
    '--import',
    'tsx',
    main,
  ]);
  // started as `node bin/attune.js`, where the shebang's bound does not apply: the workers get it all the same
  assert.deepEqual(workerCommand([]), ['--max-old-space-size=1024', '--import', 'tsx', main]);
});
