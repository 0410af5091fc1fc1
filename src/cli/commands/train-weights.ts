import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { scoreInputs } from '../../core/analyze.ts';
import { privacyGate } from '../../core/privacy/index.ts';
import { fitEmpathyWeights } from '../../core/training/score-weights.ts';
import { loadEngine } from '../../io/engine.ts';
import { describeRejection, readInputs } from '../../io/read/index.ts';
import { parseFlags } from '../args.ts';
import { cannotRead } from '../../io/cannot-read.ts';

export const usage = `usage: attune train weights --reviews REVIEWS.jsonl [--out FILE] [--config FILE] CONVERSATIONS...

Fits the empathy score's weights to your reviewers' 1-5 empathy ratings (one {"conversationId", "empathy"} per
line, as POST /v1/reviews stores them; several reviews of one conversation are averaged) over the reviewed
conversations, and writes a lexicon overlay (default attune-weights.json) to use with --config.`;

const Review = z.object({ conversationId: z.string().min(1), empathy: z.number().int().min(1).max(5) });

/** `attune train weights`: the scoring weights refitted on a centre's own reviewer ratings. */
export async function runWeights(argv: string[]): Promise<number> {
  const parsed = parseFlags(argv, {
    reviews: { type: 'string' },
    out: { type: 'string', default: 'attune-weights.json' },
    config: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (!parsed.ok) {
    console.error(`attune train weights: ${parsed.message}\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (!values.reviews || !positionals.length) {
    console.error(`attune train weights: --reviews and at least one conversations file are required\n${usage}`);
    return 2;
  }
  let raw: string;
  try {
    raw = readFileSync(values.reviews, 'utf8');
  } catch (err) {
    console.error(`attune train weights: ${cannotRead(values.reviews, err)}`);
    return 1;
  }
  const ratings = new Map<string, number[]>();
  raw.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (err) {
      console.error(
        `attune train weights: ${values.reviews} line ${i + 1}: not valid JSON (${(err as Error).message}) (skipped)`,
      );
      return;
    }
    const review = Review.safeParse(json);
    if (!review.success) {
      const issue = review.error.issues[0]!;
      console.error(
        `attune train weights: ${values.reviews} line ${i + 1}: field ${issue.path.join('.')}: ${issue.message} (skipped)`,
      );
      return;
    }
    ratings.set(review.data.conversationId, [...(ratings.get(review.data.conversationId) ?? []), review.data.empathy]);
  });
  const engine = await loadEngine({ configFile: values.config, noModel: false });
  const samples = [];
  for await (const record of readInputs(positionals, {})) {
    if (!record.ok) {
      console.error(`attune train weights: rejected: ${describeRejection(record)}`);
      continue;
    }
    const rated = ratings.get(record.conversation.id);
    const gate = privacyGate(record.conversation, { redact: true });
    if (!rated || !gate.analyse) continue;
    samples.push({
      inputs: scoreInputs(gate.conversation, engine),
      rating: rated.reduce((a, b) => a + b, 0) / rated.length,
    });
  }
  const { weights, report } = fitEmpathyWeights(samples, engine.lexicon.data.weights);
  if (report.samples < 2) {
    console.error(
      `attune train weights: need at least 2 reviewed conversations with an empathy moment; found ${report.samples} of ${samples.length} reviewed`,
    );
    return 1;
  }
  const fitted = {
    data: `${values.reviews}: ${report.samples} reviewed conversations with a moment`,
    method: 'ridge least squares toward the current weights (attune train weights)',
    figures: { empathySpearmanBefore: report.before, empathySpearmanAfter: report.after },
  };
  writeFileSync(values.out!, JSON.stringify({ weights, fitted }, null, 2) + '\n');
  console.log(
    `attune train weights: ${report.samples} conversations; empathy vs your ratings (Spearman) ${report.before?.toFixed(3)} → ${report.after?.toFixed(3)}; wrote ${values.out} (use it with --config)`,
  );
  return 0;
}
