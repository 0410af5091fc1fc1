/**
 * Model load time and inference cost per customer turn:
 * `node --import tsx tools/eval/model-speed.ts [--data DIR] [--model FILE]`.
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { readEmotionModel, SHIPPED_MODEL_FILE } from '../../src/io/models.ts';
import type { EmotionModel } from '../../src/core/models/types.ts';
import { readGoEmotions } from '../train/goemotions.ts';

const FALLBACK_TURNS = [
  'I have been waiting three weeks for my refund and nobody answers my emails.',
  'Thanks so much, that sorted it!',
  'Why was I charged twice this month?',
  'This is the third time I am calling about the same broken router, I am fed up.',
  'ok',
  'I am really worried the payment will bounce before Friday.',
];

/**
 * CPU microseconds per turn for emotions + sentiment (each turn a fresh text, as in a conversation).
 * CPU time, not wall time, so other processes on a busy machine do not inflate it; best of `rounds`.
 */
export function microsPerTurn(model: EmotionModel, texts: string[], rounds = 3): number {
  const run = () => {
    for (const t of texts) {
      model.predictEmotions(t);
      model.predictSentiment(t);
    }
  };
  run();
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const started = process.cpuUsage();
    run();
    const used = process.cpuUsage(started);
    best = Math.min(best, (used.user + used.system) / texts.length);
  }
  return best;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string', default: '../shared/data' },
      model: { type: 'string', default: SHIPPED_MODEL_FILE },
    },
  });
  const loaded = readEmotionModel(values.model);
  if (!loaded.ok) {
    console.error(loaded.reason);
    return 1;
  }
  const dev = await readGoEmotions(values.data, 'original', 'dev');
  const texts = 'error' in dev ? FALLBACK_TURNS : dev.texts;
  const chars = texts.reduce((n, t) => n + t.length, 0) / texts.length;
  console.log(`model ${loaded.model.id}: loaded in ${loaded.loadMs.toFixed(0)} ms`);
  console.log(
    `inference (emotions + sentiment): ${microsPerTurn(loaded.model, texts).toFixed(2)} µs per turn over ${texts.length} turns of ${chars.toFixed(0)} chars on average`,
  );
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = await main();
