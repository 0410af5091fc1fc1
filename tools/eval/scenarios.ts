import type { Conversation, FullAnalysis } from '../../src/core/schema/index.ts';

/** What each `metadata.demonstrates` tag of the examples promises about the analysis. */
export const EXPECTATIONS: Record<string, (a: FullAnalysis, c: Conversation) => boolean> = {
  'good-service': (a) => a.scores.overall >= 60,
  'bad-service': (a) => a.scores.overall < 50,
  'specific-empathy': (a) => a.moments.some((m) => m.outcome === 'met-specific'),
  'ownership-fix': (a) => hasBehaviour(a, 'ownership') && hasBehaviour(a, 'action'),
  'ack-before-fix': (a) => a.moments.some((m) => m.ackBeforeFix === true),
  'fix-then-late-sorry': (a) => !a.moments.some((m) => m.ackBeforeFix === true),
  'scripted-empathy': (a) => hasBehaviour(a, 'scripted'),
  'scripted-repetition': (a) => hasBehaviour(a, 'repetition'),
  'heard-not-helped': (a) => a.scores.heardNotHelped,
  // the topic is routine; a vulnerability cue (e.g. limited English) may still raise the tier, by design
  'routine-enquiry': (a) => a.tier === 3 || a.vulnerability.some((v) => v.cue === a.tierReason.topic),
  'bot-routine': (a) => a.routing.decision === 'ai-safe',
  'bot-synthetic-empathy': (a) => (a.scores.empathy ?? 0) < 60 && a.routing.decision === 'human-required',
  'hurry-brief': (a) => a.moments.some((m) => m.triggers.includes('cue:hurry') && m.outcome === 'met-specific'),
  'hurry-preamble': (a) => a.explanation.empathy.some((f) => f.factor === 'hurry-preamble'),
  'negation-sarcasm': (a) =>
    a.turns.some(
      (t) =>
        t.emotions.some((e) => e.evidence.some((x) => x.detector === 'sarcasm')) ||
        t.emotions.some((e) => e.label === 'disappointment'),
    ),
  'policy-hiding': (a) => hasBehaviour(a, 'policy-hiding'),
  dismissal: (a) => hasBehaviour(a, 'dismissal'),
  minimising: (a) => hasBehaviour(a, 'minimising'),
  blame: (a) => hasBehaviour(a, 'blame'),
  'wants-human': (a) => hasCue(a, 'wants-human') && a.routing.decision === 'human-required',
  bereavement: (a) => hasCue(a, 'bereavement') && a.tier === 1 && a.routing.decision === 'human-required',
  ...Object.fromEntries(
    [
      'repeat-contact',
      'churn-threat',
      'financial-hardship',
      'deadline',
      'capability',
      'complaint-threat',
      'duration',
      'health',
      'isolation',
    ].map((cue) => [cue, (a: FullAnalysis) => hasCue(a, cue)]),
  ),
};

const hasBehaviour = (a: FullAnalysis, kind: string) => a.turns.some((t) => t.behaviours.some((b) => b.kind === kind));
const hasCue = (a: FullAnalysis, kind: string) => a.cues.some((c) => c.kind === kind);

/** Every (conversation, tag) the analysis does not live up to. */
export function scenarioMisses(pairs: readonly { conversation: Conversation; analysis: FullAnalysis }[]) {
  const misses: { id: string; tag: string }[] = [];
  let checked = 0;
  for (const { conversation, analysis } of pairs) {
    const tags = (conversation.metadata?.demonstrates ?? []) as string[];
    for (const tag of tags) {
      const expect = EXPECTATIONS[tag];
      if (!expect) continue;
      checked++;
      if (!expect(analysis, conversation)) misses.push({ id: conversation.id, tag });
    }
  }
  return { checked, misses };
}
