export { createJourneyTracker, DEFAULT_JOURNEY_OPTIONS, type JourneyTracker, type JourneyOptions, type JourneyReport, type JourneyContact } from './tracker.ts';
export { summariseContact, type ContactSummary } from './summary.ts';
