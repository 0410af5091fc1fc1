import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../../../src/core/engine.ts';
import { analyzeConversation } from '../../../src/core/analyze.ts';
import { EMOTIONS, type FullAnalysis } from '../../../src/core/schema/index.ts';
import { GoldLabel } from '../../../src/core/training/labels.ts';
import { cohenKappa, spearman } from '../../../src/core/training/metrics.ts';
import { findTemplates } from '../../../src/core/templates/find.ts';
import { STOCK_EMPATHY } from '../../../src/core/detectors/scripted.ts';
import { readLabels } from '../../labels/read.ts';
import { IBM_FILE } from './edits.ts';
import { ibmConversations, readData } from './read.ts';
import { bestBand, classify, macroF1 } from './sentiment-band.ts';
import { afinnScorer, vaderCompound } from '../peers.ts';

/** The project's own labels (docs/annotation.md), committed beside the code. */
export const GOLD_FILE = join(import.meta.dirname, '..', '..', '..', 'data', 'labels', 'ibm-care', 'gold.jsonl');

export interface PR {
  gold: number;
  predicted: number;
  hit: number;
  precision: number;
  recall: number;
  f1: number;
}
const pr = (gold: number, predicted: number, hit: number): PR => {
  const precision = predicted ? hit / predicted : 0;
  const recall = gold ? hit / gold : 0;
  return {
    gold,
    predicted,
    hit,
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
  };
};
class Counter {
  gold = 0;
  predicted = 0;
  hit = 0;
  add(g: boolean, p: boolean) {
    if (g) this.gold++;
    if (p) this.predicted++;
    if (g && p) this.hit++;
  }
  get pr() {
    return pr(this.gold, this.predicted, this.hit);
  }
}

/** Expected calibration error over 10 equal-width bins of predicted confidence. */
export function calibrationError(points: { p: number; y: boolean }[]): number {
  const bins = Array.from({ length: 10 }, () => ({ n: 0, p: 0, y: 0 }));
  for (const { p, y } of points) {
    const b = bins[Math.min(9, Math.floor(p * 10))]!;
    b.n++;
    b.p += p;
    b.y += y ? 1 : 0;
  }
  return bins.reduce((e, b) => e + (b.n ? (b.n / points.length) * Math.abs(b.p / b.n - b.y / b.n) : 0), 0);
}

export interface LabelFigures {
  conversations: number;
  split: string;
  moments: PR;
  outcomeKappa: number | null;
  outcomePairs: number;
  empathySpearman: number | null;
  empathyPairs: number;
  cues: PR;
  /** The same turn × kind counts, one kind at a time, so the cue figure can be read kind by kind. */
  cuesByKind: Record<string, PR>;
  vulnerability: PR;
  humanRequiredOnVulnerable: PR;
  helped: PR;
  scripted: PR;
  template: PR;
  emotions: { macroF1: number; perLabel: Record<string, PR>; calibrationError: number };
  sentimentMacroF1: number;
  /** The same customer turns scored by the peers, each with its own band chosen on the other half. */
  sentimentPeers: { vader: number; afinn: number };
}

/**
 * The engine against the adjudicated labels: moments and outcomes, cues, vulnerability, help, scripted
 * and template sentences, emotions (with calibration) and sentiment, on one half (`test` unless told).
 */
export function labelFigures(
  dir: string,
  engine: Engine,
  split: 'fit' | 'test' = 'test',
  goldFile = GOLD_FILE,
): LabelFigures | { error: string } {
  if (!existsSync(goldFile)) return { error: `no gold labels at ${goldFile}` };
  const { labels, errors } = readLabels(goldFile, GoldLabel);
  if (errors.length) return { error: errors.join('; ') };
  const file = readData(dir, IBM_FILE);
  if (!file.ok) return { error: file.error };
  const conversations = new Map(ibmConversations(file.text).map((c) => [c.id, c]));
  const all = labels.filter((l) => conversations.has(l.id));
  // the batch is the whole thread set, as a centre would run it over its history; the labelled ones are scored
  const templates = findTemplates(conversations.values());
  const templated = new Set(templates.flatMap((t) => t.occurrences.map((o) => `${o.conversation}#${o.turn}`)));
  const analyses = new Map(
    all.map((l) => [l.id, analyzeConversation(conversations.get(l.id)!, engine) as FullAnalysis]),
  );
  const sentimentRows = (half: string) =>
    all
      .filter((l) => l.split === half)
      .flatMap((l) =>
        l.customer.map((t) => ({ gold: t.sentiment, score: analyses.get(l.id)!.turns[t.turn]!.sentiment })),
      );
  const tune = sentimentRows(split === 'test' ? 'fit' : 'test');
  const band = bestBand(
    tune.map((r) => r.score),
    tune.map((r) => r.gold),
  );
  const scored = sentimentRows(split);
  const peerF1 = (score: (text: string) => number) => {
    const rows = (half: string) =>
      all
        .filter((l) => l.split === half)
        .flatMap((l) =>
          l.customer.map((t) => ({ gold: t.sentiment, score: score(conversations.get(l.id)!.turns[t.turn]!.text) })),
        );
    const peerTune = rows(split === 'test' ? 'fit' : 'test');
    const peerBand = bestBand(
      peerTune.map((r) => r.score),
      peerTune.map((r) => r.gold),
    );
    const peerScored = rows(split);
    return macroF1(
      peerScored.map((r) => classify(r.score, peerBand)),
      peerScored.map((r) => r.gold),
    );
  };

  const moments = new Counter(),
    cues = new Counter(),
    cueKinds = new Map<string, Counter>(),
    vulnerability = new Counter(),
    human = new Counter();
  const helped = new Counter(),
    scripted = new Counter(),
    template = new Counter();
  const emotion = new Map(EMOTIONS.map((e) => [e, new Counter()]));
  const points: { p: number; y: boolean }[] = [];
  const outcomeGold: string[] = [],
    outcomeEngine: string[] = [];
  const ratings: number[] = [],
    scores: number[] = [];
  const chosen = all.filter((l) => l.split === split);
  for (const l of chosen) {
    const a = analyses.get(l.id)!;
    const byTurn = new Map(a.moments.map((m) => [m.turn, m]));
    for (const t of l.customer) {
      const m = byTurn.get(t.turn);
      moments.add(t.moment, m !== undefined);
      if (t.moment && m && t.outcome && t.outcome !== 'no-reply' && m.responseTurn !== null) {
        outcomeGold.push(t.outcome);
        outcomeEngine.push(m.outcome);
      }
      const found = new Set(
        a.cues.flatMap((c) => c.evidence.filter((e) => e.turn === t.turn && !e.conversation).map(() => c.kind)),
      );
      for (const kind of new Set([...t.cues, ...found])) {
        cues.add(t.cues.includes(kind), found.has(kind));
        if (!cueKinds.has(kind)) cueKinds.set(kind, new Counter());
        cueKinds.get(kind)!.add(t.cues.includes(kind), found.has(kind));
      }
      const vulnerable = a.vulnerability.some((v) => v.evidence.some((e) => e.turn === t.turn));
      vulnerability.add(t.vulnerability.length > 0, vulnerable);
      const emotions = a.turns[t.turn]!.emotions;
      for (const e of EMOTIONS) {
        const hit = emotions.find((x) => x.label === e);
        emotion.get(e)!.add(t.emotions.includes(e), hit !== undefined);
        if (hit) points.push({ p: hit.intensity, y: t.emotions.includes(e) });
      }
    }
    human.add(
      l.customer.some((t) => t.vulnerability.length > 0),
      a.routing.decision === 'human-required',
    );
    for (const t of l.agent) {
      const kinds = new Set(a.turns[t.turn]!.behaviours.map((b) => b.kind));
      helped.add(t.helped, kinds.has('action') || kinds.has('ownership') || kinds.has('expectation'));
      // the guideline's `scripted` is a stock empathy or apology formula; courtesy formulas ("thanks for reaching out") are reported apart
      scripted.add(
        t.scripted,
        a.turns[t.turn]!.behaviours.some(
          (b) => b.kind === 'scripted' && b.evidence.some((e) => e.detector === STOCK_EMPATHY),
        ),
      );
      template.add(t.template, templated.has(`${l.id}#${t.turn}`));
    }
    if (l.empathy !== null && a.scores.empathy !== null) {
      ratings.push(l.empathy);
      scores.push(a.scores.empathy);
    }
  }
  const perLabel = Object.fromEntries([...emotion].map(([k, c]) => [k, c.pr]));
  const present = Object.values(perLabel).filter((p) => p.gold > 0);
  return {
    conversations: chosen.length,
    split,
    moments: moments.pr,
    outcomeKappa: cohenKappa(outcomeGold, outcomeEngine),
    outcomePairs: outcomeGold.length,
    empathySpearman: spearman(scores, ratings),
    empathyPairs: ratings.length,
    cues: cues.pr,
    cuesByKind: Object.fromEntries([...cueKinds].sort(([a], [b]) => a.localeCompare(b)).map(([k, c]) => [k, c.pr])),
    vulnerability: vulnerability.pr,
    humanRequiredOnVulnerable: human.pr,
    helped: helped.pr,
    scripted: scripted.pr,
    template: template.pr,
    emotions: {
      macroF1: present.reduce((s, p) => s + p.f1, 0) / Math.max(1, present.length),
      perLabel,
      calibrationError: calibrationError(points),
    },
    sentimentMacroF1: macroF1(
      scored.map((r) => classify(r.score, band)),
      scored.map((r) => r.gold),
    ),
    sentimentPeers: { vader: peerF1(vaderCompound), afinn: peerF1(afinnScorer()) },
  };
}
