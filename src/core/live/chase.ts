import type { Conversation, Cue, Evidence } from '../schema/index.ts';
import type { CompiledLexicon } from '../lexicon/compile.ts';
import { draftContact, findRepeats, type ContactSummary, type JourneyOptions } from '../journeys/index.ts';
import type { TurnFindings } from '../scoring/moments.ts';
import { tierOf } from '../scoring/tier.ts';

/** Where a live conversation repeats an earlier contact: the customer's words here, and the earlier contact's. */
export interface Chase {
  /** This conversation's words shared with the latest earlier contact it repeats, then that contact's (with `conversation` set). */
  evidence: Evidence[];
  /** The customer turn holding the shared words. */
  turn: number;
}

/**
 * Whether the conversation so far repeats one of the customer's earlier contacts, linked exactly as the
 * pipeline links a finished one (`findRepeats` on the contact's draft), or null.
 */
export function journeyChase(
  conversation: Conversation,
  findings: readonly TurnFindings[],
  cues: readonly Cue[],
  earlier: readonly ContactSummary[],
  lexicon: CompiledLexicon,
  options?: Partial<JourneyOptions>,
): Chase | null {
  if (earlier.length === 0) return null;
  const draft = draftContact(conversation, tierOf(findings, cues, lexicon).reason.topic);
  if (!draft) return null;
  const { cue } = findRepeats(draft, earlier, options);
  const cited = cue?.evidence[0];
  const latest = cited && earlier.find((c) => c.conversationId === cited.conversation);
  if (!cited || !latest) return null;
  const terms = new Set(latest.keywords.map((k) => k.term));
  const shared = draft.keywords.filter((k) => terms.has(k.term));
  const here = shared[0] ?? draft.keywords[0];
  if (!here) return null;
  const own: Evidence = {
    turn: here.turn,
    start: here.start,
    end: here.end,
    text: here.text,
    detector: 'journey',
    why: `also said in earlier contact ${latest.conversationId}: ${
      shared
        .slice(0, 5)
        .map((k) => `"${k.text}"`)
        .join(', ') || 'the same topic'
    }`,
  };
  return { evidence: [own, cited], turn: here.turn };
}
