export {
  createJourneyTracker,
  findRepeats,
  DEFAULT_JOURNEY_OPTIONS,
  type JourneyTracker,
  type JourneyOptions,
  type JourneyReport,
  type JourneyContact,
} from './tracker.ts';
export { draftContact, summariseContact, type ContactDraft, type ContactSummary } from './summary.ts';
