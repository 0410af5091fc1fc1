import { printable } from './printable.ts';
import type { Evidence, Factor, FullAnalysis } from '../../core/schema/index.ts';

/** `turn 1 [11-16] "fraud" expresses anxiety (lexicon:emotion)`: the words once, then why, then who saw it. */
function quote(e: Evidence): string {
  const said = `"${e.text}"`;
  const why = e.why.startsWith(said) ? e.why.slice(said.length).trimStart() : `— ${e.why}`;
  return `turn ${e.turn} [${e.start}-${e.end}] "${printable(e.text)}" ${printable(why)} (${e.detector})`;
}

function factors(list: readonly Factor[]): string[] {
  return list.flatMap((f) => [
    `    ${f.contribution >= 0 ? '+' : ''}${f.contribution}  ${f.factor}: ${f.why}`,
    ...f.evidence.slice(0, 3).map((e) => `           ${quote(e)}`),
  ]);
}

/** A person-readable account of one analysis, every number with the words that moved it. */
export function explain(a: FullAnalysis): string {
  const s = a.scores;
  const lines = [
    `Conversation ${printable(a.id)} (tier ${a.tier}: ${a.tierReason.topic})`,
    '',
    `Scores: empathy ${s.empathy ?? '— (no moment called for it)'}, compassion ${s.compassion}, overall ${s.overall}, sentiment shift ${s.sentimentShift}${s.heardNotHelped ? ' — HEARD BUT NOT HELPED' : ''}`,
    '',
    '  Empathy (heard):',
    ...factors(a.explanation.empathy),
    '  Compassion (helped):',
    ...factors(a.explanation.compassion),
    '  Sentiment shift:',
    ...factors(a.explanation.sentimentShift),
    '  Overall:',
    ...factors(a.explanation.overall),
    '',
    `Empathy moments (${a.moments.length}):`,
    ...a.moments.flatMap((m) => [
      `  turn ${m.turn} [${m.triggers.join(', ')}] → ${m.outcome}${m.responseTurn === null ? ' (no reply)' : ` in turn ${m.responseTurn}`}${m.ackBeforeFix === null ? '' : m.ackBeforeFix ? ', acknowledged before the fix' : ', fix before acknowledgement'}`,
      ...m.evidence.slice(0, 4).map((e) => `      ${quote(e)}`),
    ]),
    '',
    `Context cues: ${a.cues.length ? '' : 'none'}`,
    ...a.cues.map((c) => `  ${c.kind}: ${c.evidence.slice(0, 2).map(quote).join('; ')}`),
    ...(a.vulnerability.length
      ? ['', `Vulnerability: ${a.vulnerability.map((v) => `${v.category} (${v.cue})`).join(', ')}`]
      : []),
    '',
    `Routing: ${a.routing.decision.toUpperCase()}`,
    ...a.routing.reasons.map((r) => `  - ${r}`),
    ...Object.entries(a.routing.dimensions).map(
      ([name, d]) => `  ${name}: ${d.level}${d.evidence[0] ? ` — ${quote(d.evidence[0])}` : ''}`,
    ),
    ...a.turns
      .filter((t) => t.analysedChars !== undefined)
      .map(
        (t) =>
          `\nTurn ${t.index} is longer than the engine reads: only its first ${t.analysedChars} characters were analysed.`,
      ),
  ];
  return lines.join('\n');
}
