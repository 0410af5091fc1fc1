import type { CueKind, Evidence, Routing, RoutingDimensionName } from '../schema/index.ts';
import type { CompiledLexicon } from '../lexicon/compile.ts';
import { isAgentSide } from '../analysis/prepare.ts';
import { STOCK_EMPATHY } from '../detectors/scripted.ts';
import type { ResolvedMoment, TurnFindings } from '../scoring/moments.ts';
import type { LiveCueKind, Severity } from './config.ts';
import { tokenize } from '../text/tokenize.ts';
import type { Chase } from './chase.ts';
import { clauseOf, echoOf, fill } from './quote.ts';

/** A cue the session may show: the catalogue's finding before pacing decides when. */
export interface Candidate {
  /** Kind and evidence: a key is queued once per session, so one finding is never cued twice. */
  key: string;
  kind: LiveCueKind;
  severity: Severity;
  message: string;
  suggestion: string;
  evidence: Evidence[];
  /** The customer turn the cue is about, when it answers a moment. */
  momentTurn: number | null;
}

/** What the catalogue reads: the findings so far (a customer's interim segment last), with their moments and routing. */
export interface View {
  findings: readonly TurnFindings[];
  moments: readonly ResolvedMoment[];
  routing: Routing;
  previousRouting: Routing | null;
  lexicon: CompiledLexicon;
  /** Keys already queued once: their cues are not built again. */
  known: (key: string) => boolean;
}

const CONTEXT_CUES: Partial<Record<CueKind, LiveCueKind>> = {
  deadline: 'acknowledge-deadline',
  'repeat-contact': 'own-the-chase',
  hurry: 'keep-brief',
};

const keyOf = (kind: string, e: Evidence) => `${kind}:${e.turn}:${e.text.toLowerCase()}`;

function quote(view: View, e: Evidence): { quote: string; echo: string } {
  const turn = view.findings[e.turn]?.turn;
  const clause = turn ? clauseOf(turn, e, view.lexicon.data.live.quoteWords) : e.text;
  return { quote: clause, echo: echoOf(clause, view.lexicon.data.live.personSwap) };
}

function candidate(
  view: View,
  kind: LiveCueKind,
  key: string,
  evidence: Evidence[],
  momentTurn: number | null,
  values: Record<string, string | number>,
): Candidate[] {
  if (view.known(key)) return [];
  const live = view.lexicon.data.live;
  const filled = { ...quote(view, evidence[0]!), ...values };
  return [
    {
      key,
      kind,
      severity: live.severity[kind],
      momentTurn,
      evidence,
      message: fill(live.wording[kind].message, filled),
      suggestion: fill(live.wording[kind].suggestion, filled),
    },
  ];
}

const unanswered = (view: View) => view.moments.filter((m) => m.responseTurn === null);

/** Whether a deadline's clause says it has passed ("I made my presentation with minutes to spare"). */
function past(view: View, e: Evidence): boolean {
  const clause = quote(view, e).quote;
  return tokenize(clause).some((t) => view.lexicon.data.live.pastMarkers.includes(t.norm));
}

/** Deadline, chase, hurry and vulnerability cues of the customer turns nobody has answered yet. */
function contextCues(view: View): Candidate[] {
  const out: Candidate[] = [];
  for (const m of unanswered(view)) {
    for (const cue of view.findings[m.turn]!.cues) {
      const e = cue.evidence[0]!;
      const kind = CONTEXT_CUES[cue.kind];
      if (kind && !view.known(keyOf(kind, e)) && !(kind === 'acknowledge-deadline' && past(view, e))) {
        out.push(
          ...candidate(view, kind, keyOf(kind, e), [e], m.turn, {
            words: view.lexicon.data.thresholds.hurryBriefWords,
          }),
        );
      }
      const category = view.lexicon.data.vulnerability[cue.kind];
      if (category && !view.known(keyOf('care', e))) {
        const care = fill(view.lexicon.data.live.care[category], quote(view, e));
        out.push(...candidate(view, 'care', keyOf('care', e), [e], m.turn, { category, care }));
      }
    }
  }
  return out;
}

/** The chase the customer's earlier contacts show (`journeyChase`), cued once a session like one they said themselves. */
export function journeyChaseCue(view: View, chase: Chase): Candidate[] {
  return candidate(view, 'own-the-chase', JOURNEY_CHASE_KEY, chase.evidence, null, {
    words: view.lexicon.data.thresholds.hurryBriefWords,
  });
}
export const JOURNEY_CHASE_KEY = 'own-the-chase:journey';

/** Anger rising: the strongest anger-like emotion grew over the last customer turns. */
function slowDown(view: View): Candidate[] {
  const { labels, turns, minIntensity } = view.lexicon.data.live.angerRise;
  const customers = view.findings.filter((f) => f.turn.role === 'customer').slice(-turns);
  if (customers.length < turns) return [];
  const strongest = customers.map(
    (f) => f.emotions.filter((e) => labels.includes(e.label)).sort((a, b) => b.intensity - a.intensity)[0],
  );
  const values = strongest.map((e) => e?.intensity ?? 0);
  // rising from some anger already there, not a first complaint
  const rising = values[0]! > 0 && values.every((v, i) => i === 0 || v > values[i - 1]!);
  const last = strongest.at(-1);
  if (!rising || !last || last.intensity < minIntensity) return [];
  const e = last.evidence[0]!;
  const moment = view.moments.find((m) => m.turn === e.turn && m.responseTurn === null);
  if (!moment) return [];
  return candidate(view, 'slow-down', `slow-down:${e.turn}`, [e], e.turn, { turns });
}

/** The stock empathy formulas the agent side has said, first use of each. */
export function saidFormulas(findings: readonly TurnFindings[]): Map<string, Evidence> {
  const said = new Map<string, Evidence>();
  for (const f of findings) {
    if (!isAgentSide(f.turn.role)) continue;
    for (const b of f.behaviours) {
      if (b.kind !== 'scripted') continue;
      for (const e of b.evidence)
        if (e.detector === STOCK_EMPATHY && !said.has(e.text.toLowerCase())) said.set(e.text.toLowerCase(), e);
    }
  }
  return said;
}

/**
 * A stock formula about to be said again: the agent used one, and the customer now needs an answer (or the agent's
 * interim words already hold it). The suggestion is the customer's own words, turned to "you".
 */
function avoidScript(view: View, interimAgent: TurnFindings | null): Candidate[] {
  const said = saidFormulas(view.findings);
  if (said.size === 0) return [];
  const target = unanswered(view).at(-1) ?? view.moments.at(-1);
  if (!target) return [];
  const out: Candidate[] = [];
  const repeating = interimAgent ? saidFormulas([interimAgent]) : new Map<string, Evidence>();
  const formulas = repeating.size
    ? [...repeating.keys()].filter((k) => said.has(k))
    : unanswered(view).length
      ? [...said.keys()].slice(-1)
      : [];
  for (const formula of formulas) {
    const first = said.get(formula)!;
    const trigger = target.evidence[0]!;
    out.push(
      ...candidate(view, 'avoid-script', `avoid-script:${formula}`, [trigger, first], target.turn, {
        formula: first.text,
        turn: first.turn,
      }),
    );
  }
  return out;
}

const words = (name: RoutingDimensionName) => name.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);

/** The routing flipped to human-required while a bot is answering: name the dimensions that flipped it. */
function considerHuman(view: View): Candidate[] {
  const { routing, previousRouting } = view;
  if (routing.decision !== 'human-required' || previousRouting?.decision === 'human-required') return [];
  const lastAgent = [...view.findings].reverse().find((f) => isAgentSide(f.turn.role));
  if (lastAgent?.turn.role !== 'bot') return [];
  const names = Object.keys(routing.dimensions) as RoutingDimensionName[];
  const changed = names.filter(
    (n) => routing.dimensions[n].level === 'high' && previousRouting?.dimensions[n].level !== 'high',
  );
  const evidence = changed.map((n) => routing.dimensions[n].evidence[0]!);
  const asked = view.findings.flatMap((f) =>
    f.cues.filter((c) => view.lexicon.data.routing.humanRequiredCues.includes(c.kind)).map((c) => c.evidence[0]!),
  );
  const all = [...asked, ...evidence];
  if (!all.length) return [];
  const dimensions = changed.length ? changed.map(words).join(', ') : 'the customer asked for a person';
  return candidate(view, 'consider-human', `consider-human:${changed.join(',')}`, all.slice(0, 4), null, {
    dimensions,
    reasons: routing.reasons.join('; '),
  });
}

/** Whether a moment holds a feeling or a live concern, not only facts ("since Friday") and deadlines already past. */
function calls(view: View, m: ResolvedMoment): boolean {
  return m.triggers.some(
    (t, i) =>
      !view.lexicon.data.live.quietTriggers.includes(t) && !(t === 'cue:deadline' && past(view, m.evidence[i]!)),
  );
}

/** Moments the agent answered without acknowledging, while their reply window is still open. */
function openMoments(view: View): Candidate[] {
  return view.moments
    .filter(
      (m) =>
        m.responseTurn !== null &&
        (m.outcome === 'missed' || m.outcome === 'helped-not-heard') &&
        !view.known(`open-moment:${m.turn}`) &&
        calls(view, m) &&
        stillOpen(view, m),
    )
    .filter(
      (m) =>
        tokenize(quote(view, m.evidence[0]!).quote).filter((t) => t.kind === 'word' || t.kind === 'number').length >=
        view.lexicon.data.live.minQuoteWords,
    )
    .flatMap((m) =>
      candidate(view, 'open-moment', `open-moment:${m.turn}`, [m.evidence[0]!], m.turn, { turn: m.turn }),
    );
}

/** Whether the agent side still has a reply run left to answer moment `m`. */
export function stillOpen(view: Pick<View, 'findings' | 'lexicon'>, m: { turn: number }): boolean {
  let runs = 0;
  let inRun = false;
  for (let i = m.turn + 1; i < view.findings.length; i++) {
    const agent = isAgentSide(view.findings[i]!.turn.role);
    if (agent && !inRun) runs++;
    inRun = agent;
  }
  return runs < view.lexicon.data.thresholds.responseRuns;
}

/** Every cue the findings call for now, most severe first. */
export function candidates(view: View, interimAgent: TurnFindings | null): Candidate[] {
  const rank = { high: 0, medium: 1, low: 2 } as const;
  return [
    ...considerHuman(view),
    ...contextCues(view),
    ...slowDown(view),
    ...avoidScript(view, interimAgent),
    ...openMoments(view),
  ].sort((a, b) => rank[a.severity] - rank[b.severity]);
}
