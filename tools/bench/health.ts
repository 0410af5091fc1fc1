import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChild } from './http.ts';

/** The largest body the default limit allows, the shape that once stopped the server: 34 conversations of 5,000 turns, just under 10 MiB. */
function largestBody(): string {
  const turns = Array.from({ length: 5_000 }, (_, i) => ({
    role: i % 2 ? 'agent' : 'customer',
    text: i % 2 ? 'I am sorry, I will fix it now.' : 'It is still broken, third time!',
  }));
  return JSON.stringify(Array.from({ length: 34 }, (_, i) => ({ id: `big-${i}`, channel: 'chat', turns })));
}

/**
 * `/healthz` latency while the largest allowed ingest is analysed, on the server as `attune serve` runs it
 * (analysis on a worker thread): the health check must keep answering within 100 ms.
 */
export async function bench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'attune-bench-health-'));
  const server = await startChild(join(dir, 'bench.sqlite'), 'pool');
  try {
    const body = largestBody();
    const started = performance.now();
    let done = false;
    const ingest = fetch(`${server.url}/v1/conversations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.key}`, 'content-type': 'application/json' },
      body,
    })
      .then(async (r) => ({ status: r.status, bytes: (await r.text()).length, ms: performance.now() - started }))
      .finally(() => {
        done = true;
      });
    const latencies: number[] = [];
    while (!done) {
      const t = performance.now();
      await fetch(`${server.url}/healthz`).then((r) => r.text());
      latencies.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 20));
    }
    const result = await ingest;
    latencies.sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(1);
    console.log(
      `\n/healthz while the largest allowed ingest (${(body.length / 1e6).toFixed(1)} MB: 34 conversations x 5,000 turns) is analysed on a worker thread, target < 100 ms`,
    );
    console.log(
      `  ingest: ${result.status} in ${(result.ms / 1000).toFixed(1)} s, reply ${result.bytes} bytes; /healthz over ${latencies.length} checks: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`,
    );
  } finally {
    const exited = new Promise((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}
