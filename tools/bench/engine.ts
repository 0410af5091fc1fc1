import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, createWriteStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vader from 'vader-sentiment';
import { analyzeConversation } from '../../src/core/analyze.ts';
import { loadEngine } from '../../src/io/engine.ts';
import type { Conversation } from '../../src/core/schema/index.ts';
import { exampleConversations, replicate } from './corpus.ts';
import { median, row } from './report.ts';

const CONVERSATIONS = Number(process.env.ATTUNE_BENCH_CONVERSATIONS ?? 10_000);
const RSS_CONVERSATIONS = Number(process.env.ATTUNE_BENCH_RSS_CONVERSATIONS ?? 100_000);
const RUNS = 5;

function timeRuns(work: () => void): number {
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    work();
    times.push(performance.now() - t0);
  }
  return median(times);
}

async function writeJsonl(
  file: string,
  count: number,
  turns: number,
  keep: (c: Conversation) => boolean = () => true,
): Promise<void> {
  const examples = exampleConversations().filter(keep);
  const out = createWriteStream(file);
  for (const c of replicate(examples, count, turns))
    if (!out.write(JSON.stringify(c) + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
  await new Promise<void>((r) => out.end(() => r()));
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Runs the CLI under /usr/bin/time: wall seconds, CPU seconds (user + system) and peak RSS in MB. */
function timedCli(cli: string, args: string[], out: string): { seconds: number; cpuSeconds: number; peakMb: number } {
  const t0 = performance.now();
  const run = spawnSync(
    '/usr/bin/time',
    ['-f', '%U %S %M', 'sh', '-c', `exec "$0" analyze "$@" > "${out}"`, cli, ...args],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const seconds = (performance.now() - t0) / 1000;
  const [user, system, peakKb] = run.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  if (run.status !== 0 || peakKb === undefined) throw new Error(`attune analyze failed: ${run.stderr.slice(-500)}`);
  return { seconds, cpuSeconds: user! + system!, peakMb: Math.round(peakKb / 1024) };
}

/** Engine throughput on 20-turn chats beside VADER on the same turns, peak RSS on a large file, and hostile input. */
export async function bench(): Promise<void> {
  const started = performance.now();
  const rules = await loadEngine({ noModel: true });
  const withModel = await loadEngine();
  const engineLoadMs = performance.now() - started;
  const examples = exampleConversations();
  const corpora = [
    ['all examples (calls, chats, emails, tickets)', examples],
    ['chat and messaging examples only', examples.filter((c) => c.channel === 'chat' || c.channel === 'messaging')],
  ] as const;
  let firstChats = replicate(examples, 1, 20);
  for (const [name, source] of corpora) {
    const chats = replicate(source, CONVERSATIONS, 20);
    firstChats = chats;
    const texts = chats.flatMap((c) => c.turns.map((t) => t.text));
    const meanChars = Math.round(texts.reduce((n, t) => n + t.length, 0) / texts.length);
    for (const c of chats.slice(0, 500)) analyzeConversation(c, withModel); // warm the JIT
    const rulesMs = timeRuns(() => {
      for (const c of chats) analyzeConversation(c, rules);
    });
    const modelMs = timeRuns(() => {
      for (const c of chats) analyzeConversation(c, withModel);
    });
    // vader is slow on long turns, so it scores the first tenth of the same chats; its rate is per conversation all the same
    const vaderTexts = texts.slice(0, Math.ceil(texts.length / 10));
    const vaderMs =
      10 *
      timeRuns(() => {
        for (const t of vaderTexts) vader.SentimentIntensityAnalyzer.polarity_scores(t);
      });
    const perSecond = (ms: number) => Math.round((CONVERSATIONS * 1000) / ms);
    console.log(
      `\n## Engine on ${CONVERSATIONS.toLocaleString('en')} chats of 20 turns cycled from ${name} (mean ${meanChars} characters a turn), one core, median of ${RUNS} runs`,
    );
    console.log(row(['what', 'conversations/s', 'turns/s', 'ms total']));
    console.log(row(['attune, rules only', perSecond(rulesMs), perSecond(rulesMs) * 20, Math.round(rulesMs)]));
    console.log(
      row([
        `attune, rules + model (${withModel.model?.id ?? 'no model found'})`,
        perSecond(modelMs),
        perSecond(modelMs) * 20,
        Math.round(modelMs),
      ]),
    );
    console.log(
      row(['vader-sentiment alone, same turns', perSecond(vaderMs), perSecond(vaderMs) * 20, Math.round(vaderMs)]),
    );
    console.log(`attune (full engine) vs vader alone: ${(vaderMs / modelMs).toFixed(2)}× the throughput`);
  }
  console.log(`engine load (lexicon compile, VADER valences, model): ${Math.round(engineLoadMs)} ms`);

  const hostile =
    '!?'.repeat(100_000) + ' not '.repeat(50_000) + 'a'.repeat(300_000) + ' (((('.repeat(20_000) + 'I am so angry!!!';
  const hostileMs = timeRuns(() =>
    analyzeConversation({ ...firstChats[0]!, turns: [{ role: 'customer', text: hostile }] }, withModel),
  );
  console.log(`1 MB adversarial customer turn: ${Math.round(hostileMs)} ms (median of ${RUNS})`);

  const dir = mkdtempSync(path.join(os.tmpdir(), 'attune-bench-'));
  try {
    // the command users run (bin/attune.js, with its heap bound), not a bare node process; chat examples
    // only for the rate target (twenty-turn chats), all examples for memory on the large file
    const cli = path.join(import.meta.dirname, '..', '..', 'bin', 'attune.js');
    const chats = path.join(dir, 'chats.jsonl');
    await writeJsonl(chats, CONVERSATIONS, 20, (c) => c.channel === 'chat' || c.channel === 'messaging');
    console.log(
      `\n## attune analyze end to end (read, redact, analyse with the model, write JSONL to a file), one process`,
    );
    console.log(row(['what', 'conversations/s', 'CPU ms/conv', 'peak RSS MB']));
    for (const [name, args] of [
      ['chats, full record (default)', []],
      ['chats, --summary', ['--summary']],
    ] as const) {
      const run = timedCli(cli, [chats, ...args], path.join(dir, 'out.jsonl'));
      console.log(
        row([
          `${CONVERSATIONS.toLocaleString('en')} ${name}`,
          Math.round(CONVERSATIONS / run.seconds),
          round2((run.cpuSeconds * 1000) / CONVERSATIONS),
          run.peakMb,
        ]),
      );
    }
    const big = path.join(dir, 'big.jsonl');
    await writeJsonl(big, RSS_CONVERSATIONS, 20);
    const run = timedCli(cli, [big], path.join(dir, 'out.jsonl'));
    console.log(
      row([
        `${RSS_CONVERSATIONS.toLocaleString('en')} of all examples, full record`,
        Math.round(RSS_CONVERSATIONS / run.seconds),
        round2((run.cpuSeconds * 1000) / RSS_CONVERSATIONS),
        run.peakMb,
      ]),
    );
    console.log(
      `conversations/s is wall-clock and includes start-up; CPU ms/conv is user + system time over the whole run. Load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(', ')} on ${os.cpus().length} cores.`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
