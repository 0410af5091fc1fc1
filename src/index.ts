// The public API of the `attune` package: everything else under src/ is internal.

// Schemas of the boundary values (zod; each type is its schema's z.infer).
export * from './core/schema/index.ts';
export { Lexicon } from './core/lexicon/schema.ts';
// The records the store keeps and the HTTP API serves.
export * from './api/index.ts';

// The engine: built once from plain values (core) or from files (io), then run per conversation.
export { analyzeConversation } from './core/analyze.ts';
export { createEngine, ENGINE_VERSION, type Engine, type EngineParts, type EngineResult } from './core/engine.ts';
export { loadEngine, type EngineOptions } from './io/engine.ts';
export { loadEmotionModel, loadShippedModel } from './io/models.ts';
export type { EmotionModel } from './core/models/types.ts';

// Readers: every input format, streamed, with bad records as values.
export {
  readInputs,
  type OpenBytes,
  ReadOptions,
  parseColumnMap,
  parseRoleNames,
  InputFormat,
  INPUT_FORMATS,
  describeRejection,
} from './io/read/index.ts';
export type { ReadOptionsInput, InputRecord, Source, RecordProblem } from './io/read/index.ts';

// Redaction and the consent gate.
export {
  redactText,
  redactConversation,
  PII_TYPES,
  PiiType,
  PiiSpan,
  type Redaction,
  privacyGate,
  type PrivacyDecision,
} from './core/privacy/index.ts';

// Across conversations: repeat contacts and templated sentences.
export { createJourneyTracker, DEFAULT_JOURNEY_OPTIONS, summariseContact } from './core/journeys/index.ts';
export type {
  JourneyTracker,
  JourneyOptions,
  JourneyReport,
  JourneyContact,
  ContactSummary,
} from './core/journeys/index.ts';
export { DEFAULT_TEMPLATE_OPTIONS, findTemplates, TemplateFinder, templateKind } from './core/templates/index.ts';
export type { Template, TemplateOccurrence, TemplateOptions, TemplateKind } from './core/templates/index.ts';
