import type { Behaviour, Evidence } from '../schema/index.ts';
import type { CompiledLexicon } from '../lexicon/compile.ts';
import { spanEvidence, tokenEvidence } from '../analysis/evidence.ts';
import { matchesOf } from '../analysis/prepare.ts';
import { STOCK_EMPATHY } from '../detectors/scripted.ts';
import { HEARD, type TurnFindings } from '../scoring/moments.ts';
import type { LiveCueKind } from './config.ts';
import type { CueOutcome } from './events.ts';

export interface Decision {
  outcome: CueOutcome;
  evidence: Evidence[];
  why: string;
}

const UNDOING = new Set(['blame', 'dismissal', 'policy-hiding', 'minimising']);
const HELPING = new Set(['action', 'ownership', 'exploration', 'expectation']);

const firsts = (behaviours: readonly Behaviour[]) => behaviours.map((b) => b.evidence[0]!);
const stock = (f: TurnFindings) =>
  f.behaviours.filter((b) => b.kind === 'scripted' && b.evidence.some((e) => e.detector === STOCK_EMPATHY));
const undoing = (f: TurnFindings) => f.behaviours.filter((b) => UNDOING.has(b.kind));
/** Heard in this customer's terms: a specific acknowledgement, not vetoed by a stock formula in the same turn (as moments rule). */
const heardSpecific = (f: TurnFindings) =>
  stock(f).length ? [] : f.behaviours.filter((b) => HEARD.has(b.kind) && b.specific);

type Rule = (f: TurnFindings, lexicon: CompiledLexicon, first: boolean) => Decision | null;

const accepted = (evidence: Evidence[], why: string): Decision => ({ outcome: 'accepted', evidence, why });
const dismissed = (evidence: Evidence[], why: string): Decision => ({ outcome: 'dismissed', evidence, why });

/** Heard specifically → accepted; blamed, dismissed, minimised or hid behind policy → dismissed. */
const acknowledge =
  (extra: (f: TurnFindings) => Behaviour[] = () => []): Rule =>
  (f) => {
    const against = undoing(f);
    if (against.length)
      return dismissed(firsts(against), `the agent answered with ${against.map((b) => b.kind).join(', ')}`);
    const heard = [...heardSpecific(f), ...extra(f)];
    return heard.length
      ? accepted(firsts(heard), `the agent acted on it: ${[...new Set(heard.map((b) => b.kind))].join(', ')}`)
      : null;
  };

const RULES: Record<LiveCueKind, Rule> = {
  'acknowledge-deadline': acknowledge(),
  'open-moment': acknowledge(),
  'slow-down': acknowledge((f) => f.behaviours.filter((b) => b.kind === 'de-escalation')),
  care: acknowledge((f) => f.behaviours.filter((b) => HELPING.has(b.kind))),
  'own-the-chase': (f) => {
    const against = f.behaviours.filter(
      (b) => b.kind === 'blame' || b.kind === 'policy-hiding' || b.kind === 'dismissal',
    );
    if (against.length)
      return dismissed(firsts(against), `the agent answered with ${against.map((b) => b.kind).join(', ')}`);
    const owned = f.behaviours.filter((b) => b.kind === 'ownership' || (b.kind === 'apology' && b.specific));
    return owned.length ? accepted(firsts(owned), 'the agent owned the chase') : null;
  },
  'keep-brief': (f, lexicon, first) => {
    if (!first) return null;
    const limit = lexicon.data.thresholds.hurryBriefWords;
    const whole = spanEvidence(
      f.turn,
      0,
      f.turn.text.length,
      'live:adoption',
      `${f.turn.words} words against a limit of ${limit}`,
    );
    if (f.turn.words > limit || stock(f).length)
      return dismissed(
        [whole],
        stock(f).length ? 'a stock formula before the answer' : `a ${f.turn.words}-word reply to a customer in a hurry`,
      );
    return accepted([whole], `a ${f.turn.words}-word reply`);
  },
  'avoid-script': (f) => {
    const formulas = stock(f);
    if (formulas.length) return dismissed(firsts(formulas), 'the agent said a stock formula again');
    const heard = heardSpecific(f);
    return heard.length ? accepted(firsts(heard), "the agent named the customer's situation instead") : null;
  },
  'consider-human': (f) => {
    const handoff = matchesOf(f.turn, 'handoff');
    return handoff.length
      ? accepted(
          handoff.map((m) => tokenEvidence(f.turn, m.from, m.to, 'live:adoption', 'a handover to a person')),
          'the customer was offered a person',
        )
      : null;
  },
};

/**
 * Whether the agent acted on a cue, from the agent-side turns written since it was shown (oldest first).
 * Null while undecided; once `window` agent turns have passed without a decision, ignored.
 */
export function decide(
  kind: LiveCueKind,
  agentTurns: readonly TurnFindings[],
  lexicon: CompiledLexicon,
  ended: boolean,
): Decision | null {
  const window = lexicon.data.live.adoptionAgentTurns;
  for (let i = 0; i < Math.min(window, agentTurns.length); i++) {
    const decision = RULES[kind](agentTurns[i]!, lexicon, i === 0);
    if (decision) return decision;
  }
  // a cue shown after the agent's last word was never a choice the agent made
  if (agentTurns.length >= window || (ended && agentTurns.length > 0)) {
    return {
      outcome: 'ignored',
      evidence: [],
      why: `not acted on in ${Math.min(window, agentTurns.length)} agent turn(s)${ended ? ' before the conversation ended' : ''}`,
    };
  }
  return null;
}
