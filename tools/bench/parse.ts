import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { readInputs } from '../../src/io/read/index.ts';

const SAMPLE_TURNS = [
  {
    role: 'customer',
    text: "I've been charged twice this month and my rent goes out on Friday, I really need this sorted today.",
  },
  {
    role: 'agent',
    text: "That's a real worry with rent due on Friday. I can see the duplicate charge and I've refunded it now.",
  },
  { role: 'customer', text: 'Thank you, that is a relief. How long will it take to reach my account?' },
  { role: 'agent', text: 'It will be back within two working days, and I will email you a confirmation right away.' },
];

/** Streams a generated JSONL file (~1 GB, or ATTUNE_BENCH_PARSE_MB) through readInputs and prints MB/s and peak RSS. */
export async function bench(): Promise<void> {
  const megabytes = Number(process.env.ATTUNE_BENCH_PARSE_MB ?? 1024);
  const dir = await mkdtemp(join(tmpdir(), 'attune-parse-'));
  const file = join(dir, 'bench.jsonl');
  try {
    await writeJsonl(file, megabytes * 1024 * 1024);
    const bytes = (await stat(file)).size;
    let peakRss = process.memoryUsage().rss;
    let accepted = 0;
    let rejected = 0;
    const started = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    for await (const record of readInputs([file], {})) {
      if (record.ok) accepted++;
      else rejected++;
      if (((accepted + rejected) & 1023) === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = process.cpuUsage(cpuStart);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const mb = bytes / (1024 * 1024);
    const rate = mb / seconds;
    const peakMb = peakRss / (1024 * 1024);
    console.log(
      `parse: ${mb.toFixed(0)} MB JSONL, ${accepted} conversations (${rejected} rejected) in ${seconds.toFixed(1)} s = ${rate.toFixed(1)} MB/s wall (target >= 50), ${(mb / cpuSeconds).toFixed(1)} MB per CPU-second; peak RSS ${peakMb.toFixed(0)} MB (target < 300)`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function writeJsonl(file: string, targetBytes: number): Promise<void> {
  const out = createWriteStream(file);
  let written = 0;
  for (let i = 0; written < targetBytes; i++) {
    const line =
      JSON.stringify({
        id: `bench-${i}`,
        channel: i % 3 === 0 ? 'voice' : 'chat',
        startedAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
        customer: { id: `cust-${i % 5000}` },
        agent: { id: `agent-${i % 40}`, team: `team-${i % 5}` },
        turns: SAMPLE_TURNS,
      }) + '\n';
    written += Buffer.byteLength(line);
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

if (import.meta.url === `file://${process.argv[1]}`) await bench();
