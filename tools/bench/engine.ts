import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, createWriteStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vader from 'vader-sentiment';
import { analyzeConversation } from '../../src/core/analyze.ts';
import { loadEngine } from '../../src/io/engine.ts';
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

async function writeJsonl(file: string, count: number, turns: number): Promise<void> {
  const examples = exampleConversations();
  const out = createWriteStream(file);
  for (const c of replicate(examples, count, turns)) if (!out.write(JSON.stringify(c) + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
  await new Promise<void>((r) => out.end(() => r()));
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
    const rulesMs = timeRuns(() => { for (const c of chats) analyzeConversation(c, rules); });
    const modelMs = timeRuns(() => { for (const c of chats) analyzeConversation(c, withModel); });
    // vader is slow on long turns, so it scores the first tenth of the same chats; its rate is per conversation all the same
    const vaderTexts = texts.slice(0, Math.ceil(texts.length / 10));
    const vaderMs = 10 * timeRuns(() => { for (const t of vaderTexts) vader.SentimentIntensityAnalyzer.polarity_scores(t); });
    const perSecond = (ms: number) => Math.round((CONVERSATIONS * 1000) / ms);
    console.log(`\n## Engine on ${CONVERSATIONS.toLocaleString('en')} chats of 20 turns cycled from ${name} (mean ${meanChars} characters a turn), one core, median of ${RUNS} runs`);
    console.log(row(['what', 'conversations/s', 'turns/s', 'ms total']));
    console.log(row(['attune, rules only', perSecond(rulesMs), perSecond(rulesMs) * 20, Math.round(rulesMs)]));
    console.log(row([`attune, rules + model (${withModel.model?.id ?? 'no model found'})`, perSecond(modelMs), perSecond(modelMs) * 20, Math.round(modelMs)]));
    console.log(row(['vader-sentiment alone, same turns', perSecond(vaderMs), perSecond(vaderMs) * 20, Math.round(vaderMs)]));
    console.log(`attune (full engine) vs vader alone: ${(vaderMs / modelMs).toFixed(2)}× the throughput`);
  }
  console.log(`engine load (lexicon compile, VADER valences, model): ${Math.round(engineLoadMs)} ms`);

  const hostile = '!?'.repeat(100_000) + ' not '.repeat(50_000) + 'a'.repeat(300_000) + ' (((('.repeat(20_000) + 'I am so angry!!!';
  const hostileMs = timeRuns(() => analyzeConversation({ ...firstChats[0]!, turns: [{ role: 'customer', text: hostile }] }, withModel));
  console.log(`1 MB adversarial customer turn: ${Math.round(hostileMs)} ms (median of ${RUNS})`);

  const dir = mkdtempSync(path.join(os.tmpdir(), 'attune-bench-'));
  try {
    const file = path.join(dir, 'big.jsonl');
    await writeJsonl(file, RSS_CONVERSATIONS, 20);
    // the command users run (bin/attune.js, with its heap bound), not a bare node process
    const cli = path.join(import.meta.dirname, '..', '..', 'bin', 'attune.js');
    const t0 = performance.now();
    const run = spawnSync('/usr/bin/time', ['-f', '%M', cli, 'analyze', file, '--format', 'jsonl'], {
      stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
    });
    const seconds = (performance.now() - t0) / 1000;
    const peakKb = Number(run.stderr.trim().split('\n').at(-1));
    console.log(`attune analyze on a ${RSS_CONVERSATIONS.toLocaleString('en')}-conversation JSONL file: peak RSS ${Math.round(peakKb / 1024)} MB, ` +
      `${Math.round(RSS_CONVERSATIONS / seconds).toLocaleString('en')} conversations/s end to end (read, redact, analyse, write)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
