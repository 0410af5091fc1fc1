import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Engine } from '../../src/core/engine.ts';
import { analyzeConversation } from '../../src/core/analyze.ts';
import { Conversation, type Behaviour, type BehaviourKind } from '../../src/core/schema/index.ts';
import { f1 } from '../../src/core/training/metrics.ts';
import { cannotRead } from '../../src/io/cannot-read.ts';

/**
 * EPITOME mechanisms and the engine behaviours that stand for them, with the 3-way mapping
 * from the engine's output to levels 0 (none), 1 (weak), 2 (strong).
 */
export const MECHANISMS = {
  'emotional-reactions': {
    kinds: ['acknowledgement', 'validation', 'warmth', 'apology', 'reassurance'],
    levels: '0 none of them; 1 one kind with one evidence span; 2 two kinds, or two or more spans',
  },
  interpretations: {
    kinds: ['reflection', 'shared-experience'],
    levels:
      '0 neither; 1 a reflecting phrase, or one shared-experience span; 2 a measured (specific) reflection, or two or more shared-experience spans',
  },
  explorations: {
    kinds: ['exploration'],
    levels: '0 no exploration; 1 one evidence span; 2 specific, or two or more spans',
  },
} as const satisfies Record<string, { kinds: BehaviourKind[]; levels: string }>;
type Mechanism = keyof typeof MECHANISMS;

export function levelOf(mechanism: Mechanism, behaviours: Behaviour[]): 0 | 1 | 2 {
  const kinds: readonly BehaviourKind[] = MECHANISMS[mechanism].kinds;
  const found = behaviours.filter((b) => kinds.includes(b.kind));
  if (found.length === 0) return 0;
  const spans = found.reduce((n, b) => n + b.evidence.length, 0);
  if (found.some((b) => b.specific)) return 2;
  return new Set(found.map((b) => b.kind)).size >= 2 || spans >= 2 ? 2 : 1;
}

export interface MechanismFigures {
  count: number;
  binary: { accuracy: number; macroF1: number };
  /** Level 0 vs 1-2 on the rows nobody read while writing the lexicon's phrases (see `heldOut`). */
  heldOutBinary: { count: number; accuracy: number; macroF1: number };
  threeWay: { accuracy: number; macroF1: number };
  levels: string;
}

function classFigures(gold: number[], predicted: number[], classes: number[]) {
  let correct = 0;
  gold.forEach((g, i) => {
    if (g === predicted[i]) correct++;
  });
  const perClass = classes.map((c) => {
    let tp = 0,
      fp = 0,
      fn = 0;
    gold.forEach((g, i) => {
      const p = predicted[i];
      if (p === c && g === c) tp++;
      else if (p === c) fp++;
      else if (g === c) fn++;
    });
    return f1(tp, fp, fn);
  });
  return {
    accuracy: gold.length ? correct / gold.length : 0,
    macroF1: perClass.reduce((a, b) => a + b, 0) / classes.length,
  };
}

/**
 * The half of EPITOME kept unread: the lexicon's peer-support phrases (warmth, shared-experience)
 * were written while reading errors on the other half only, so this half's figure is the honest one.
 */
export function heldOut(row: Record<string, string>): boolean {
  return (
    createHash('sha1')
      .update(`${row.sp_id ?? ''}${row.rp_id ?? ''}`)
      .digest()[0]! %
      2 ===
    1
  );
}

/** Analyses each (seeker post, response) pair as a 2-turn conversation and compares levels. */
export async function epitomeFigures(
  dir: string,
  engine: Engine,
): Promise<Record<string, MechanismFigures | { error: string }>> {
  const out: Record<string, MechanismFigures | { error: string }> = {};
  for (const mechanism of Object.keys(MECHANISMS) as Mechanism[]) {
    const file = join(dir, 'epitome', `${mechanism}-reddit.csv`);
    let rows: Record<string, string>[];
    try {
      rows = parse(await readFile(file, 'utf8'), {
        columns: true,
        skip_empty_lines: true,
        relax_quotes: true,
      }) as Record<string, string>[];
    } catch (err) {
      out[mechanism] = {
        error: cannotRead(file, err),
      };
      continue;
    }
    const gold: number[] = [];
    const predicted: number[] = [];
    const held: boolean[] = [];
    rows.forEach((row, i) => {
      const level = Number(row.level);
      if (![0, 1, 2].includes(level) || typeof row.seeker_post !== 'string' || typeof row.response_post !== 'string')
        return;
      const conversation = Conversation.parse({
        id: `${mechanism}-${i}`,
        channel: 'social',
        turns: [
          { role: 'customer', text: row.seeker_post },
          { role: 'agent', text: row.response_post },
        ],
      });
      const analysis = analyzeConversation(conversation, engine);
      const behaviours = 'turns' in analysis ? (analysis.turns[1]?.behaviours ?? []) : [];
      gold.push(level);
      predicted.push(levelOf(mechanism, behaviours));
      held.push(heldOut(row));
    });
    const binary = (xs: number[]) => xs.map((x) => (x > 0 ? 1 : 0));
    const onHeld = (xs: number[]) => binary(xs).filter((_, i) => held[i]);
    out[mechanism] = {
      count: gold.length,
      binary: classFigures(binary(gold), binary(predicted), [0, 1]),
      heldOutBinary: { count: onHeld(gold).length, ...classFigures(onHeld(gold), onHeld(predicted), [0, 1]) },
      threeWay: classFigures(gold, predicted, [0, 1, 2]),
      levels: MECHANISMS[mechanism].levels,
    };
  }
  return out;
}
