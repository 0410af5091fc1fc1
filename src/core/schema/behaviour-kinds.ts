// The behaviour names as plain constants, apart from the zod schema, so the dashboard can import them without zod.
export const POSITIVE_BEHAVIOURS = [
  'acknowledgement',
  'reflection',
  'validation',
  'apology',
  'ownership',
  'action',
  'exploration',
  'reassurance',
  'expectation',
  'de-escalation',
  'inclusive',
  'warmth',
  'shared-experience',
] as const;
export const NEGATIVE_BEHAVIOURS = [
  'scripted',
  'repetition',
  'minimising',
  'blame',
  'policy-hiding',
  'dismissal',
] as const;
