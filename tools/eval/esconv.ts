import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Engine } from '../../src/core/engine.ts';
import { analyzeConversation } from '../../src/core/analyze.ts';
import { Conversation, type BehaviourKind } from '../../src/core/schema/index.ts';
import { f1, spearman } from '../../src/core/training/metrics.ts';
import { cannotRead } from '../../src/io/cannot-read.ts';

/** ESConv supporter strategies and the behaviour kind each should show as. */
export const STRATEGY_KINDS: Record<string, BehaviourKind> = {
  Question: 'exploration',
  'Reflection of feelings': 'acknowledgement',
  'Affirmation and Reassurance': 'reassurance',
  'Providing Suggestions': 'action',
  Information: 'action',
};

/** ESConv names its dev split "valid". */
export const esconvFile = (dir: string, split: string) =>
  join(dir, 'esconv', `${split === 'dev' ? 'valid' : split}_rl.txt`);

interface EsconvDialog {
  empathy?: unknown;
  dialog?: { text?: unknown; speaker?: unknown; strategy?: unknown }[];
}

export interface StrategyFigures {
  turns: number;
  recall: number;
  precision: number;
  f1: number;
}

export interface EsconvFigures {
  conversations: number;
  skipped: string[];
  /** Share of strategy-labelled supporter turns where the engine found the mapped behaviour kind. */
  agreement: number;
  perStrategy: Record<string, StrategyFigures>;
  /** Spearman correlation between the engine's empathy score and the seeker's empathy survey rating. */
  empathySpearman: number | null;
}

export async function esconvFigures(
  dir: string,
  split: string,
  engine: Engine,
): Promise<EsconvFigures | { error: string }> {
  const file = esconvFile(dir, split);
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (err) {
    return {
      error: cannotRead(file, err),
    };
  }
  const skipped: string[] = [];
  const counts = new Map<string, { turns: number; hit: number; predicted: number }>();
  for (const s of Object.keys(STRATEGY_KINDS)) counts.set(s, { turns: 0, hit: 0, predicted: 0 });
  const scores: number[] = [];
  const ratings: number[] = [];
  let conversations = 0;
  let agreeing = 0;
  let labelled = 0;
  raw.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let data: EsconvDialog;
    try {
      data = JSON.parse(line) as EsconvDialog;
    } catch {
      skipped.push(`${file}:${i + 1}: not JSON`);
      return;
    }
    const dialog = Array.isArray(data.dialog)
      ? data.dialog.filter((t) => typeof t.text === 'string' && (t.speaker === 'sys' || t.speaker === 'usr'))
      : [];
    if (dialog.length === 0) {
      skipped.push(`${file}:${i + 1}: no dialog turns`);
      return;
    }
    const conversation = Conversation.parse({
      id: `esconv-${i + 1}`,
      channel: 'chat',
      turns: dialog.map((t) => ({ role: t.speaker === 'sys' ? 'agent' : 'customer', text: t.text as string })),
    });
    const analysis = analyzeConversation(conversation, engine);
    if (!('turns' in analysis)) return;
    conversations++;
    dialog.forEach((t, k) => {
      if (t.speaker !== 'sys') return;
      const kinds = new Set(analysis.turns[k]?.behaviours.map((b) => b.kind) ?? []);
      const strategy = typeof t.strategy === 'string' ? t.strategy : '';
      for (const [s, kind] of Object.entries(STRATEGY_KINDS)) {
        const c = counts.get(s)!;
        if (kinds.has(kind)) c.predicted++;
        if (s === strategy) {
          c.turns++;
          if (kinds.has(kind)) c.hit++;
        }
      }
      if (strategy in STRATEGY_KINDS) {
        labelled++;
        if (kinds.has(STRATEGY_KINDS[strategy]!)) agreeing++;
      }
    });
    const rating = Number(data.empathy);
    if (Number.isFinite(rating) && analysis.scores.empathy !== null) {
      scores.push(analysis.scores.empathy);
      ratings.push(rating);
    }
  });
  const perStrategy: Record<string, StrategyFigures> = {};
  for (const [s, c] of counts) {
    // predicted counts every supporter turn showing the kind, whatever its strategy
    perStrategy[s] = {
      turns: c.turns,
      recall: c.turns ? c.hit / c.turns : 0,
      precision: c.predicted ? c.hit / c.predicted : 0,
      f1: f1(c.hit, c.predicted - c.hit, c.turns - c.hit),
    };
  }
  return {
    conversations,
    skipped,
    agreement: labelled ? agreeing / labelled : 0,
    perStrategy,
    empathySpearman: spearman(scores, ratings),
  };
}
