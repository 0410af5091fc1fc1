import type { Cue, CueKind, Evidence, Routing, RoutingDimension, Vulnerability } from '../schema/index.ts';
import type { CompiledLexicon } from '../lexicon/compile.ts';
import { tokenEvidence, quotedWords } from '../analysis/evidence.ts';
import { isAgentSide, matchesOf } from '../analysis/prepare.ts';
import type { TurnFindings } from './moments.ts';

const dimension = (evidence: Evidence[]): RoutingDimension => ({
  level: evidence.length ? 'high' : 'low',
  evidence: evidence.slice(0, 6),
});

function cueEvidence(cues: readonly Cue[], kinds: readonly CueKind[]): Evidence[] {
  return cues.filter((c) => kinds.includes(c.kind)).map((c) => c.evidence[0]!);
}

function phraseEvidence(findings: readonly TurnFindings[], label: string, why: string): Evidence[] {
  return findings.flatMap((f) =>
    matchesOf(f.turn, 'routing')
      .filter((m) => m.entry.label === label && !f.turn.negated[m.from])
      .map((m) =>
        tokenEvidence(f.turn, m.from, m.to, 'lexicon:routing', `${why}: ${quotedWords(f.turn, m.from, m.to)}`),
      ),
  );
}

/** How many separate places of the text the evidence points at: overlapping spans ("done with y'all", "bout done with") are one. */
function distinctSpans(evidence: readonly Evidence[]): number {
  const sorted = [...evidence].sort((a, b) => a.turn - b.turn || a.start - b.start);
  let count = 0;
  let turn = -1;
  let end = -1;
  for (const e of sorted) {
    if (e.turn !== turn || e.start >= end) count++;
    if (e.turn !== turn) end = e.end;
    else end = Math.max(end, e.end);
    turn = e.turn;
  }
  return count;
}

/** The automation matrix: five dimensions rated with evidence, and whether a human must take this. */
export function route(
  findings: readonly TurnFindings[],
  cues: readonly Cue[],
  vulnerability: readonly Vulnerability[],
  lexicon: CompiledLexicon,
): Routing {
  const r = lexicon.data.routing;
  const t = lexicon.data.thresholds;
  const customers = findings.filter((f) => f.turn.role === 'customer');
  const negative = customers.map((f) => f.emotions.filter((e) => !lexicon.positiveEmotions.has(e.label)));
  const strong = negative
    .flat()
    .filter((e) => e.intensity >= lexicon.emotionThresholds.load)
    .map((e) => e.evidence[0]!);
  const upsetTurns = negative.filter((list) => list.some((e) => e.intensity >= lexicon.emotionThresholds.moment));
  const voice = customers.flatMap((f) => (f.agitatedVoice ? [f.agitatedVoice] : []));
  const emotional = [...strong, ...cueEvidence(cues, r.emotionalLoadCues), ...voice];
  if (upsetTurns.length >= t.emotionalLoadTurns) emotional.push(...upsetTurns.map((list) => list[0]!.evidence[0]!));

  const confusion = customers.flatMap((f) =>
    f.emotions.filter((e) => e.label === 'confusion').map((e) => e.evidence[0]!),
  );
  const distinctCues = new Set(cues.map((c) => c.kind));
  const ambiguity = [...confusion, ...cueEvidence(cues, r.ambiguityCues)];
  if (distinctCues.size >= t.ambiguityDistinctCues) ambiguity.push(...cues.map((c) => c.evidence[0]!));

  // a trade-off is the customer's (asking for an exception, a hardship, a loss): the agent's own policy words show a
  // rule in play, but alone they are one phrase of the agent's, not a reason to take the customer from automation
  const customerMoral = [
    ...phraseEvidence(customers, 'moralTradeoff', 'a trade-off between rules and this customer'),
    ...cueEvidence(cues, r.moralTradeoffCues),
  ];
  const agentSide = findings.filter((f) => isAgentSide(f.turn.role));
  const agentMoral = [
    ...phraseEvidence(agentSide, 'moralTradeoff', "the agent's side weighs a rule against this customer"),
    ...agentSide.flatMap((f) => f.behaviours.filter((b) => b.kind === 'policy-hiding').map((b) => b.evidence[0]!)),
  ];
  const moral = customerMoral.length ? [...customerMoral, ...agentMoral] : [];
  const irreversible = [
    ...phraseEvidence(customers, 'irreversibility', 'a consequence that cannot be undone'),
    ...cueEvidence(cues, r.irreversibilityCues),
  ];

  const sarcasm = customers
    .filter((f) => f.sarcastic)
    .flatMap((f) => f.emotions.flatMap((e) => e.evidence.filter((x) => x.detector === 'sarcasm')));
  const mixed = customers
    .filter((f) => {
      const labels = f.emotions.filter((e) => e.intensity >= lexicon.emotionThresholds.moment);
      return (
        labels.some((e) => lexicon.positiveEmotions.has(e.label)) &&
        labels.some((e) => !lexicon.positiveEmotions.has(e.label))
      );
    })
    .flatMap((f) => f.emotions.map((e) => e.evidence[0]!));
  const unclear = [...sarcasm, ...mixed];

  const dimensions = {
    emotionalLoad: dimension(emotional),
    ambiguity: dimension(ambiguity),
    moralTradeoff: dimension(moral),
    irreversibility: dimension(irreversible),
    explainability: dimension(unclear),
  };
  const high = (Object.keys(dimensions) as (keyof typeof dimensions)[]).filter((k) => dimensions[k].level === 'high');
  const reasons: string[] = [];
  const asked = cues.filter((c) => r.humanRequiredCues.includes(c.kind));
  if (asked.length)
    reasons.push(`the customer asked for a person (${asked.map((c) => `"${c.evidence[0]!.text}"`).join(', ')})`);
  // a vulnerability routes to a person with context: a feeling that called for empathy, or another cue beside it
  const distress = negative.flat().some((e) => e.intensity >= lexicon.emotionThresholds.moment);
  const vulnerable = vulnerability.length > 0 && (distress || distinctCues.size > 1);
  if (r.vulnerableMeansHuman && vulnerable)
    reasons.push(
      `vulnerable customer: ${[...new Set(vulnerability.map((v) => `${v.category} (${v.cue})`))].join(', ')}, with ${distress ? 'distress' : 'other cues'} beside it`,
    );
  // one phrase can raise several dimensions ("laid off": load and a trade-off); a person is needed on two signals, not one keyword
  const signals = distinctSpans(high.flatMap((k) => dimensions[k].evidence));
  const heavy =
    signals >= 2 &&
    high.includes('emotionalLoad') &&
    (high.includes('moralTradeoff') || high.includes('irreversibility'));
  const many = signals >= 2 && high.length >= r.minHighDimensions;
  if (heavy)
    reasons.push(
      `high emotional load with ${high.includes('moralTradeoff') ? 'a moral trade-off' : 'irreversible consequences'}`,
    );
  if (many) reasons.push(`${high.length} of 5 dimensions are high: ${high.join(', ')}`);
  if (!reasons.length) {
    if (high.length > 1 && signals < 2)
      reasons.push(
        `${high.join(', ')} high, all from one signal ("${dimensions[high[0]!].evidence[0]!.text}"): automation can handle this with care`,
      );
    else
      reasons.push(
        high.length
          ? `only ${high.join(', ')} high: automation can handle this with care`
          : 'all five dimensions low: safe to automate',
      );
  }
  const human = asked.length > 0 || (r.vulnerableMeansHuman && vulnerable) || heavy || many;
  return { decision: human ? 'human-required' : 'ai-safe', dimensions, reasons };
}
