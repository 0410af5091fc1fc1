import type { Decision } from './adoption.ts';
import type { CueResult, LiveCue, LiveSummary } from './events.ts';

/** A cue as shown, and what became of it. */
export interface Shown {
  cue: LiveCue;
  /** The customer turn it is about, when it answers a moment. */
  momentTurn: number | null;
  decision: Decision | null;
  /** The last turn when it was decided. */
  decidedAt: number | null;
  sentimentBefore: number | null;
  /** The customer's first turn after the decision; undefined while awaited. */
  sentimentAfter: number | undefined;
}

function meanChange(results: readonly CueResult[]) {
  const changes = results.flatMap((r) =>
    r.sentimentBefore !== null && r.sentimentAfter !== null ? [r.sentimentAfter - r.sentimentBefore] : [],
  );
  return {
    cues: results.length,
    meanChange: changes.length ? Math.round((changes.reduce((a, b) => a + b, 0) / changes.length) * 1000) / 1000 : null,
  };
}

/** The session's cues with their outcomes, the adoption rate, and the customer's sentiment change after accepted vs ignored cues. */
export function summarize(shown: readonly Shown[]): LiveSummary {
  const cues: CueResult[] = shown.map((s) => ({
    ...s.cue,
    outcome: s.decision?.outcome ?? null,
    outcomeEvidence: s.decision?.evidence ?? [],
    why: s.decision?.why ?? 'undecided',
    sentimentBefore: s.sentimentBefore,
    sentimentAfter: s.sentimentAfter ?? null,
  }));
  return {
    cues,
    adoption: adoptionOf(cues),
    sentimentChange: {
      accepted: meanChange(cues.filter((c) => c.outcome === 'accepted')),
      ignored: meanChange(cues.filter((c) => c.outcome === 'ignored')),
    },
  };
}

/** How many cues were accepted, ignored and dismissed, and accepted / decided. */
export function adoptionOf(
  cues: ReadonlyArray<{ outcome?: CueResult['outcome'] | undefined }>,
): LiveSummary['adoption'] {
  const count = (outcome: string) => cues.filter((c) => c.outcome === outcome).length;
  const accepted = count('accepted');
  const decided = accepted + count('ignored') + count('dismissed');
  return {
    accepted,
    ignored: count('ignored'),
    dismissed: count('dismissed'),
    rate: decided ? Math.round((accepted / decided) * 1000) / 1000 : null,
  };
}
