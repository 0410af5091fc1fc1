import type { Analysis, Conversation, Cue, Evidence } from '../schema/index.ts';
import {
  isReference,
  summariseContact,
  type ContactDraft,
  type ContactSummary,
  type KeywordEvidence,
} from './summary.ts';

export interface JourneyOptions {
  /** Contacts further apart than this are not linked. */
  windowDays: number;
  /** Shared content words needed to call two contacts "about the same thing" (one shared reference number is enough). */
  minSharedTerms: number;
  /** Contacts kept per customer for the report; later ones are counted, not kept. */
  maxContactsPerCustomer: number;
}

export const DEFAULT_JOURNEY_OPTIONS: JourneyOptions = { windowDays: 7, minSharedTerms: 2, maxContactsPerCustomer: 50 };

export interface JourneyContact {
  conversationId: string;
  channel: ContactSummary['channel'];
  at: string | undefined;
  startSentiment: number | undefined;
  endSentiment: number | undefined;
  emotions: ContactSummary['emotions'];
  /** Earlier contacts this one repeats. */
  repeats: string[];
}

/** One customer's linked contacts in time order, with the emotional trajectory across them. */
export interface JourneyReport {
  customerId: string;
  contacts: JourneyContact[];
  trajectory: {
    firstSentiment: number | undefined;
    lastSentiment: number | undefined;
    direction: 'improving' | 'worsening' | 'flat' | 'unknown';
  };
  droppedContacts: number;
}

interface CustomerState {
  /** Summaries inside the window, with keywords, for linking. */
  recent: ContactSummary[];
  contacts: JourneyContact[];
  dropped: number;
}

/**
 * The earlier contacts `current` repeats — inside the window, not after it, about the same thing — and the
 * `repeat-contact` cue citing them (undefined when none). Pure: the caller says which contacts came before.
 */
export function findRepeats(
  current: ContactDraft,
  earlier: readonly ContactSummary[],
  options: Partial<JourneyOptions> = {},
): { repeats: string[]; cue: Cue | undefined } {
  const settings = { ...DEFAULT_JOURNEY_OPTIONS, ...options };
  const windowMs = settings.windowDays * 86_400_000;
  const links = earlier.flatMap((contact) => {
    if (contact.conversationId === current.conversationId || contact.customerId !== current.customerId) return [];
    if (
      contact.at !== undefined &&
      current.at !== undefined &&
      (contact.at > current.at || current.at - contact.at > windowMs)
    )
      return [];
    const shared = sharedTerms(contact, current, settings.minSharedTerms);
    return shared ? [{ earlier: contact, shared }] : [];
  });
  // the cue cites the latest few, as a conversation's own cues keep at most 8 pieces of evidence
  const cited = [...links].sort((a, b) => (b.earlier.at ?? -Infinity) - (a.earlier.at ?? -Infinity)).slice(0, 8);
  return {
    repeats: links.map((l) => l.earlier.conversationId),
    cue:
      links.length === 0
        ? undefined
        : { kind: 'repeat-contact', evidence: cited.map(({ earlier: e, shared }) => evidenceFor(e, shared)) },
  };
}

/**
 * Links each customer's conversations into journeys as analyses stream in. Call `add` once per analysed
 * conversation (in time order for cues to land on the later contact); it returns a `repeat-contact` cue whose
 * evidence cites the earlier conversations, or undefined. `finish` returns the journeys of customers with more than one contact.
 * State per customer is the contacts inside the window plus a short line per contact for the report.
 */
export function createJourneyTracker(options: Partial<JourneyOptions> = {}) {
  const settings = { ...DEFAULT_JOURNEY_OPTIONS, ...options };
  const windowMs = settings.windowDays * 86_400_000;
  const customers = new Map<string, CustomerState>();

  /** The customer's contacts kept for linking (those inside the window of the latest one). */
  function earlier(customerId: string): ContactSummary[] {
    return customers.get(customerId)?.recent ?? [];
  }

  /** Records an analysed contact and the earlier ones it repeats (from `findRepeats`). */
  function record(summary: ContactSummary, repeats: string[]): void {
    const state = customers.get(summary.customerId) ?? { recent: [], contacts: [], dropped: 0 };
    customers.set(summary.customerId, state);
    if (summary.at !== undefined)
      state.recent = state.recent.filter((s) => s.at === undefined || summary.at! - s.at <= windowMs);
    state.recent.push(summary);
    if (state.recent.length > 20) state.recent.shift();
    const contact: JourneyContact = {
      conversationId: summary.conversationId,
      channel: summary.channel,
      at: summary.at === undefined ? undefined : new Date(summary.at).toISOString(),
      startSentiment: summary.startSentiment,
      endSentiment: summary.endSentiment,
      emotions: summary.emotions,
      repeats,
    };
    if (state.contacts.length < settings.maxContactsPerCustomer) state.contacts.push(contact);
    else state.dropped++;
  }

  /** Links and records an analysed contact in one step; returns its repeat-contact cue, if any. */
  function add(conversation: Conversation, analysis: Analysis): Cue | undefined {
    const summary = summariseContact(conversation, analysis);
    if (!summary) return undefined;
    const { repeats, cue } = findRepeats(summary, earlier(summary.customerId), settings);
    record(summary, repeats);
    return cue;
  }

  function finish(): JourneyReport[] {
    const reports: JourneyReport[] = [];
    for (const [customerId, state] of customers) {
      if (state.contacts.length < 2) continue;
      const contacts = [...state.contacts].sort((a, b) => (a.at && b.at ? a.at.localeCompare(b.at) : 0));
      const firstSentiment = contacts[0]!.startSentiment;
      const lastSentiment = contacts[contacts.length - 1]!.endSentiment;
      reports.push({
        customerId,
        contacts,
        trajectory: { firstSentiment, lastSentiment, direction: direction(firstSentiment, lastSentiment) },
        droppedContacts: state.dropped,
      });
    }
    return reports;
  }

  return { add, earlier, record, finish };
}

export type JourneyTracker = ReturnType<typeof createJourneyTracker>;

/** The shared keywords when two contacts are about the same thing, else undefined. */
function sharedTerms(earlier: ContactSummary, later: ContactDraft, minShared: number): KeywordEvidence[] | undefined {
  const laterTerms = new Set(later.keywords.map((k) => k.term));
  const shared = earlier.keywords.filter((k) => laterTerms.has(k.term));
  if (shared.some((k) => isReference(k.term)) || shared.length >= minShared) return shared;
  if (earlier.topic && earlier.topic === later.topic && shared.length > 0) return shared;
  return undefined;
}

/** Evidence spans point into the earlier conversation's turn; `why` names that conversation. */
function evidenceFor(earlier: ContactSummary, shared: KeywordEvidence[]): Evidence {
  const first = shared[0]!;
  const when = earlier.at === undefined ? '' : ` on ${new Date(earlier.at).toISOString().slice(0, 10)}`;
  return {
    turn: first.turn,
    start: first.start,
    end: first.end,
    text: first.text,
    detector: 'journey',
    conversation: earlier.conversationId,
    why: `earlier contact ${earlier.conversationId} (${earlier.channel}${when}) about the same thing: ${shared
      .slice(0, 5)
      .map((k) => `"${k.text}"`)
      .join(', ')}`,
  };
}

function direction(first: number | undefined, last: number | undefined): JourneyReport['trajectory']['direction'] {
  if (first === undefined || last === undefined) return 'unknown';
  if (last - first > 0.15) return 'improving';
  if (first - last > 0.15) return 'worsening';
  return 'flat';
}
