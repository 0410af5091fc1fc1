import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { buildWebInto, chromiumMissing, launchChromium, settled } from '../../src/web/harness.ts';
import { largeStore, readOnlyApp } from './metrics.ts';

const RUNS = 5;
const BUNDLE_BUDGET_KB = 300;
const OVERVIEW_BUDGET_MS = 1500;

/** The entry script's gzipped size (what a first visit must fetch before anything shows). */
function bundle(webRoot: string): { mainKb: number; totalKb: number } {
  const index = readFileSync(join(webRoot, 'index.html'), 'utf8');
  const entry = /<script type="module"[^>]*src="\/assets\/([^"]+)"/.exec(index)?.[1];
  if (!entry) throw new Error('index.html has no entry script');
  const gz = (name: string) => gzipSync(readFileSync(join(webRoot, 'assets', name)), { level: 9 }).length / 1024;
  const assets = readdirSync(join(webRoot, 'assets'));
  return { mainKb: gz(entry), totalKb: assets.reduce((sum, name) => sum + gz(name), 0) };
}

/** Bundle size, and the overview over a large store from request to charts drawn, in Debian's Chromium. */
export async function bench(): Promise<void> {
  const webRoot = await buildWebInto();
  const { mainKb, totalKb } = bundle(webRoot);
  console.log(
    `web: main bundle ${mainKb.toFixed(1)} KB gzipped (budget < ${BUNDLE_BUDGET_KB} KB; all assets ${totalKb.toFixed(1)} KB)`,
  );
  const missing = chromiumMissing();
  if (missing) {
    console.log(`web: overview timing not measured: ${missing}`);
    rmSync(webRoot, { recursive: true, force: true });
    if (process.env.CI) process.exitCode = 1;
    return;
  }
  const rows = Number(process.env.ATTUNE_BENCH_METRICS_ROWS ?? 1_000_000);
  const dir = mkdtempSync(join(os.tmpdir(), 'attune-bench-web-'));
  const file = join(dir, 'web.db');
  try {
    console.log(`web: ${await largeStore(file, rows)}`);
    const store = openSqliteStore(file);
    const { app, secret } = await readOnlyApp(store, file, webRoot);

    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const browser = await launchChromium();
    const times: number[] = [];
    const serverCpu: number[] = [];
    try {
      // one visit first, so the figures are of a server whose statements are prepared and pages cached
      for (let run = 0; run <= RUNS; run++) {
        const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
        await context.addInitScript((key) => sessionStorage.setItem('attune.key', key), secret);
        const page = await context.newPage();
        const cpu = process.cpuUsage();
        const t = performance.now();
        await page.goto(`${url}/`);
        await settled(page, 60_000);
        const ms = performance.now() - t;
        const used = process.cpuUsage(cpu);
        const charts = await page.locator('[data-chart][data-drawn]').count();
        if (charts < 2) throw new Error(`the overview drew ${charts} charts`);
        if (run > 0) {
          times.push(ms);
          serverCpu.push((used.user + used.system) / 1000);
        }
        await context.close();
      }
    } finally {
      await browser.close();
      await app.close();
      await store.close();
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    console.log(
      `web: overview over ${rows.toLocaleString('en')} conversations, request to charts drawn (cold browser cache, ${RUNS} runs): median ${median(times).toFixed(0)} ms (budget < ${OVERVIEW_BUDGET_MS} ms); runs ${times.map((x) => x.toFixed(0)).join(', ')}; server CPU median ${median(serverCpu).toFixed(0)} ms; load ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(webRoot, { recursive: true, force: true });
  }
}
