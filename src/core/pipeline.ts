import type { AnalyzeOptions } from './analyze.ts';
import {
  draftContact,
  findRepeats,
  summariseContact,
  type ContactDraft,
  type ContactSummary,
  type JourneyOptions,
} from './journeys/index.ts';
import type { Analysis, Conversation } from './schema/index.ts';

/** The steps a caller supplies: the engine's analysis, and redaction (absent: the text is kept as it is). */
export interface PipelineSteps {
  analyze: (conversation: Conversation, options: AnalyzeOptions) => Analysis;
  redact?: (conversation: Conversation) => Conversation;
  journey?: Partial<JourneyOptions>;
  /**
   * false when the caller keeps no journeys (and passes no earlier contacts): the contact is then not summarised
   * (`contact` is undefined), which spares re-reading the customer's words for keywords.
   */
  contacts?: boolean;
}

export interface PipelineResult {
  /** As analysed: redacted (unless no redaction was given); as it came when opted out, for nothing of it is analysed. */
  conversation: Conversation;
  analysis: Analysis;
  /** This contact, for later ones to link to; undefined when skipped or without a customer id. */
  contact: ContactSummary | undefined;
  /** The earlier contacts this one repeats. */
  repeats: string[];
}

/**
 * One conversation through the consent gate, redaction, analysis and journeys, in that order, so an
 * opted-out conversation is never redacted or read, and a repeat contact is known before the scores, tier and
 * routing are. `earlier` holds the customer's earlier contacts: the CLI keeps them in memory, the server reads them
 * from its store. Pure: every step is given.
 */
export function runPipeline(
  input: Conversation,
  steps: PipelineSteps,
  earlier: readonly ContactSummary[] = [],
): PipelineResult {
  if (input.consent.analysis === false)
    return { conversation: input, analysis: { id: input.id, skipped: 'opted-out' }, contact: undefined, repeats: [] };
  const conversation = steps.redact ? steps.redact(input) : input;
  let draft: ContactDraft | undefined;
  let repeats: string[] = [];
  const analysis = steps.analyze(conversation, {
    outsideCues: (topic) => {
      if (steps.contacts === false && earlier.length === 0) return [];
      draft = draftContact(conversation, topic);
      if (!draft || earlier.length === 0) return [];
      const linked = findRepeats(draft, earlier, steps.journey);
      repeats = linked.repeats;
      return linked.cue ? [linked.cue] : [];
    },
  });
  const contact = steps.contacts === false ? undefined : summariseContact(conversation, analysis, draft);
  return { conversation, analysis, contact, repeats };
}
