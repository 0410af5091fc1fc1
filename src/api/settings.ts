import { z } from 'zod';
import { CUES, EMOTIONS, NEGATIVE_BEHAVIOURS, POSITIVE_BEHAVIOURS } from '../core/schema/index.ts';
import { PiiType } from '../core/privacy/types.ts';

/** Lists by name from a closed set of names; an unknown name is reported with the names that exist. */
const byName = <T extends readonly [string, ...string[]], V extends z.ZodType>(what: string, names: T, value: V) =>
  z.partialRecord(z.enum(names), value, {
    // zod reports a partial record's unknown names as unrecognized keys, which its types do not list
    error: (issue) => {
      const keys =
        (issue as { code: string; keys?: string[] }).code === 'unrecognized_keys'
          ? ((issue as { keys?: string[] }).keys ?? [])
          : null;
      return keys ? `unknown ${what} ${keys.map((k) => `"${k}"`).join(', ')}; known: ${names.join(', ')}` : undefined;
    },
  });

const Phrase = z.string().trim().min(1, 'a phrase may not be empty').max(200, 'a phrase is at most 200 characters');
const Phrases = z.array(Phrase).max(2_000, 'at most 2,000 phrases per list');

/**
 * Phrases a CX team adds to the detectors' lists ("new phrases, slang"), in the lexicon's phrase syntax
 * (`(a|b)` alternatives, `[a]` optional, `*` any word, `#num` a number). Layered over the shipped lexicon:
 * lists are appended, never replaced, so an overlay can extend but not silently remove a detector's phrases.
 */
export const PhraseOverlay = z.strictObject(
  {
    cues: byName('cue kind', CUES, Phrases).optional(),
    behaviours: byName('behaviour', [...POSITIVE_BEHAVIOURS, ...NEGATIVE_BEHAVIOURS], Phrases).optional(),
    /** Phrase → how strongly it signals the emotion (0–1). */
    emotions: byName(
      'emotion',
      EMOTIONS,
      z.record(Phrase, z.number().min(0, 'an intensity is 0 to 1').max(1, 'an intensity is 0 to 1')),
    ).optional(),
    /** Stock empathy lines that must not raise a score. */
    scripted: Phrases.optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown section ${issue.keys.map((k) => `"${k}"`).join(', ')}; known: cues, behaviours, emotions, scripted`
        : undefined,
  },
);
export type PhraseOverlay = z.infer<typeof PhraseOverlay>;

/** What an admin sets (`PUT /v1/settings`, the whole document). */
export const SettingsInput = z.strictObject({
  /** Conversations older than this many days are deleted by the retention job; 0 keeps them forever. */
  retentionDays: z.number().int('a whole number of days').min(0).max(36_500),
  /** What customers are told about the analysis (shown by the channels that talk to them). */
  disclosureText: z.string().trim().min(1, 'the disclosure text may not be empty').max(2_000),
  phraseOverlay: PhraseOverlay,
});
export type SettingsInput = z.infer<typeof SettingsInput>;
export const SETTING_NAMES = [
  'retentionDays',
  'disclosureText',
  'phraseOverlay',
] as const satisfies readonly (keyof SettingsInput)[];
export type SettingName = (typeof SETTING_NAMES)[number];

/** A stored setting that no longer reads (an older version wrote it, or the row was edited by hand): its default applies. */
export const UnreadableSetting = z.object({ name: z.string(), reason: z.string() });

/** The settings as stored: only those an admin has set, and who last changed any. */
export const StoredSettings = z.object({
  values: SettingsInput.partial(),
  /** Stored settings left out because they no longer read, each with why; empty when all read. */
  unreadable: z.array(UnreadableSetting),
  updatedAt: z.string().nullable(),
  /** The id of the key that last changed them. */
  updatedBy: z.string().nullable(),
});
export type StoredSettings = z.infer<typeof StoredSettings>;

export const DEFAULT_DISCLOSURE =
  'This conversation may be analysed to help us understand and improve how we support you. Personal details such as card numbers, e-mail addresses and phone numbers are removed before anything is stored.';

/** How one type of personal data is removed: a placeholder (`[NAME]`), or for identifiers one joins on a keyed pseudonym (`[EMAIL:3f9a…]`). */
export const RedactedType = z.object({ type: PiiType, storedAs: z.enum(['placeholder', 'keyed-pseudonym']) });

/** The redaction every ingest path applies; read-only, because turning it off would store personal data. */
export const RedactionPolicy = z.object({
  editable: z.literal(false),
  why: z.string(),
  types: z.array(RedactedType),
});
export type RedactionPolicy = z.infer<typeof RedactionPolicy>;

/** `GET /v1/settings`: the settings in effect, where each came from, and the read-only redaction policy. */
export const Settings = SettingsInput.extend({
  /** `setting`: an admin set it here; `server`: the server's default (ATTUNE_RETENTION_DAYS). */
  retentionSource: z.enum(['setting', 'server']),
  /** How often the retention job runs. */
  retentionIntervalMinutes: z.number().int(),
  disclosureSource: z.enum(['setting', 'default']),
  /** Whether the running engine analyses with this overlay: overlays are applied when the server starts. */
  phraseOverlayInEffect: z.boolean(),
  /** The lists an overlay may extend, by section. */
  phraseLists: z.object({ cues: z.array(z.string()), behaviours: z.array(z.string()), emotions: z.array(z.string()) }),
  redaction: RedactionPolicy,
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  /** Stored settings that no longer read, so their defaults apply until an admin sets them again. */
  unreadable: z.array(UnreadableSetting),
});
export type Settings = z.infer<typeof Settings>;
