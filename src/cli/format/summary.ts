import { z } from 'zod';
import {
  CueKind,
  FullAnalysis,
  Scores,
  Tier,
  VULNERABILITY_CATEGORIES,
  type Analysis,
  type Conversation,
} from '../../core/schema/index.ts';

/**
 * One conversation in a line of ~300 bytes (the full record is ~20-30 KB): the API's summary fields (see
 * IngestSummary: scores, flags, moment counts) with the channel, agent, tier topic and the kinds of cue found.
 */
export const AnalysisSummary = z.object({
  id: z.string(),
  channel: z.string(),
  agent: z.string().nullable(),
  tier: Tier,
  tierTopic: z.string(),
  ...Scores.shape,
  humanRequired: z.boolean(),
  missedMoments: z.number().int().nonnegative(),
  totalMoments: z.number().int().nonnegative(),
  cues: z.array(CueKind),
  vulnerability: z.array(z.enum(VULNERABILITY_CATEGORIES)),
});
export type AnalysisSummary = z.infer<typeof AnalysisSummary>;

/** The fields `--fields` may name: the full record's top-level keys. */
export const ANALYSIS_FIELDS = FullAnalysis.keyof().options;
export type AnalysisField = (typeof ANALYSIS_FIELDS)[number];

export function summarize(conversation: Conversation, analysis: FullAnalysis): AnalysisSummary {
  return {
    id: analysis.id,
    channel: conversation.channel,
    agent: conversation.agent?.id ?? null,
    tier: analysis.tier,
    tierTopic: analysis.tierReason.topic,
    ...analysis.scores,
    humanRequired: analysis.routing.decision === 'human-required',
    missedMoments: analysis.moments.filter((m) => m.outcome === 'missed').length,
    totalMoments: analysis.moments.length,
    cues: analysis.cues.map((c) => c.kind),
    vulnerability: [...new Set(analysis.vulnerability.map((v) => v.category))],
  };
}

/** The record with only the named top-level fields, in the full record's order; a skipped conversation stays as it is. */
export function pickFields(analysis: Analysis, fields: readonly AnalysisField[]): Record<string, unknown> {
  if ('skipped' in analysis) return analysis;
  const picked: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(analysis))
    if ((fields as readonly string[]).includes(key)) picked[key] = value;
  return picked;
}
