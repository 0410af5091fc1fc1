import type { Conversation, Evidence, Factor } from '../schema/index.ts';
import type { TimeEvidence, VoiceAnalysis } from '../schema/voice.ts';
import type { CompiledLexicon } from '../lexicon/compile.ts';
import { factor } from './factor.ts';

/** Characters of the agent's turn a voice factor quotes. */
const QUOTE_CHARS = 120;
const seconds = (e: TimeEvidence) => `${e.start.toFixed(1)}–${e.end.toFixed(1)} s`;

/** A time span as the words the agent was saying then: the timed agent turn it falls in (times stay in `why`); none when no turn is timed there. */
function asWords(conversation: Conversation, e: TimeEvidence): Evidence[] {
  const index =
    e.turn ??
    conversation.turns.findIndex(
      (t) =>
        t.role === 'agent' &&
        t.start !== undefined &&
        t.end !== undefined &&
        t.start <= e.start + 1e-6 &&
        e.start < t.end,
    );
  const turn = index >= 0 ? conversation.turns[index] : undefined;
  if (!turn) return [];
  const end = Math.min(turn.text.length, QUOTE_CHARS);
  return [
    { turn: index, start: 0, end, text: turn.text.slice(0, end), detector: e.detector, why: `${seconds(e)}: ${e.why}` },
  ];
}

/**
 * The agent's voice behaviours as signed empathy factors: talk-over costs (each cut-in on the customer), pacing
 * to an agitated customer adds; each capped, weights from the lexicon. Explained with the times and the agent's words then.
 */
export function voiceFactors(voice: VoiceAnalysis, conversation: Conversation, lexicon: CompiledLexicon): Factor[] {
  const w = lexicon.data.weights.voice;
  const out: Factor[] = [];
  for (const b of voice.behaviours) {
    const { each, cap } = w[b.kind];
    const n = b.evidence.length;
    const amount = each < 0 ? Math.max(cap, each * n) : Math.min(cap, each * n);
    if (amount === 0) continue;
    const times = b.evidence.slice(0, 3).map(seconds).join(', ');
    const why =
      b.kind === 'talk-over'
        ? `the agent cut in on the customer ${n} time${n > 1 ? 's' : ''} (${times}): talking over a customer undoes being heard`
        : `the agent kept to an agitated customer's pace ${n} time${n > 1 ? 's' : ''} (${times})`;
    out.push(
      factor(
        `voice:${b.kind}`,
        amount,
        why,
        b.evidence.flatMap((e) => asWords(conversation, e)),
      ),
    );
  }
  return out;
}
