import type { Cue, Evidence, Tier, TierReason, Vulnerability } from '../schema/index.ts';
import type { CompiledLexicon } from '../lexicon/compile.ts';
import { tokenEvidence, quotedWords } from '../analysis/evidence.ts';
import { matchesOf } from '../analysis/prepare.ts';
import type { TurnFindings } from './moments.ts';

/** The touchpoint's empathy tier (1 complaints, cancellations, bereavement … 3 routine), and what set it. */
export function tierOf(
  findings: readonly TurnFindings[],
  cues: readonly Cue[],
  lexicon: CompiledLexicon,
): { tier: Tier; reason: TierReason } {
  let tier: Tier = 3;
  let topic = lexicon.data.defaultTopic;
  let evidence: Evidence[] = [];
  const consider = (t: Tier, name: string, e: Evidence) => {
    if (t < tier || (t === tier && evidence.length === 0)) {
      tier = t;
      topic = name;
      evidence = [e];
    } else if (name === topic && evidence.length < 4) evidence.push(e);
  };
  for (const f of findings) {
    if (f.turn.role !== 'customer') continue;
    for (const m of matchesOf(f.turn, 'topic')) {
      if (f.turn.negated[m.from]) continue;
      consider(
        m.entry.value as Tier,
        m.entry.label,
        tokenEvidence(
          f.turn,
          m.from,
          m.to,
          'lexicon:topic',
          `${quotedWords(f.turn, m.from, m.to)} is a ${m.entry.label} topic (tier ${m.entry.value})`,
        ),
      );
    }
  }
  for (const c of cues) {
    const t = lexicon.data.tierFromCues[c.kind];
    if (t) consider(t, c.kind, { ...c.evidence[0]!, why: `${c.kind} makes this a tier ${t} touchpoint` });
  }
  return { tier, reason: { topic, evidence } };
}

/** Vulnerable-customer categories (health, life events, resilience, capability) from the cues. */
export function vulnerabilityOf(cues: readonly Cue[], lexicon: CompiledLexicon): Vulnerability[] {
  return cues.flatMap((c) => {
    const category = lexicon.data.vulnerability[c.kind];
    return category ? [{ category, cue: c.kind, evidence: c.evidence }] : [];
  });
}
