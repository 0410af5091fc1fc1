import { isDeepStrictEqual } from 'node:util';
import type { FastifyInstance } from 'fastify';
import {
  DEFAULT_DISCLOSURE,
  Settings,
  SettingsInput,
  type PhraseOverlay,
  type RedactionPolicy,
  type StoredSettings,
} from '../../api/index.ts';
import { compileLexicon } from '../../core/lexicon/compile.ts';
import { DEFAULT_LEXICON } from '../../core/lexicon/default.ts';
import { mergeLexicon } from '../../core/lexicon/merge.ts';
import { PII_TYPES } from '../../core/privacy/index.ts';
import { CUES, EMOTIONS, NEGATIVE_BEHAVIOURS, POSITIVE_BEHAVIOURS } from '../../core/schema/index.ts';
import { JOINABLE_TYPES } from '../../core/privacy/pseudonym.ts';
import type { AppContext } from '../context.ts';
import { ApiError } from '../errors.ts';
import { route } from '../route.ts';

const REDACTION: RedactionPolicy = {
  editable: false,
  why: 'Personal data is removed on every ingest path before anything is analysed or stored, and cannot be switched off: stored text never holds it.',
  types: PII_TYPES.map((type) => ({
    type,
    storedAs: JOINABLE_TYPES.includes(type) ? 'keyed-pseudonym' : 'placeholder',
  })),
};

const PHRASE_LISTS = {
  cues: [...CUES],
  behaviours: [...POSITIVE_BEHAVIOURS, ...NEGATIVE_BEHAVIOURS],
  emotions: [...EMOTIONS],
};

/** The settings in effect: each stored one, else the server's default, with where it came from. */
export function settingsInEffect(ctx: AppContext, stored: StoredSettings): Settings {
  const overlay = stored.values.phraseOverlay ?? {};
  return {
    retentionDays: stored.values.retentionDays ?? ctx.config.retentionDays,
    retentionSource: stored.values.retentionDays === undefined ? 'server' : 'setting',
    retentionIntervalMinutes: ctx.config.retentionIntervalMinutes,
    disclosureText: stored.values.disclosureText ?? DEFAULT_DISCLOSURE,
    disclosureSource: stored.values.disclosureText === undefined ? 'default' : 'setting',
    phraseOverlay: overlay,
    phraseOverlayInEffect: isDeepStrictEqual(overlay, ctx.engineOverlay),
    phraseLists: PHRASE_LISTS,
    redaction: REDACTION,
    updatedAt: stored.updatedAt,
    updatedBy: stored.updatedBy,
    unreadable: stored.unreadable,
  };
}

/** Each phrase of the overlay that the lexicon's phrase syntax refuses, named by section, list and phrase. */
export function overlayProblems(overlay: PhraseOverlay): string[] {
  const compiled = compileLexicon(mergeLexicon(DEFAULT_LEXICON, overlay));
  return compiled.ok ? [] : compiled.errors.map((e) => `body.phraseOverlay.${e}`);
}

/** `GET /v1/settings` for every role; `PUT /v1/settings` (the whole document) for admins, audited. */
export function registerSettings(app: FastifyInstance, ctx: AppContext): void {
  route(app, ctx, {
    method: 'GET',
    url: '/v1/settings',
    summary:
      'The settings in effect: retention, the disclosure text shown to customers, the phrase-list overlay, and the (read-only) redaction policy',
    tag: 'settings',
    roles: ['admin', 'analyst', 'supervisor', 'agent'],
    responses: { 200: { description: 'the settings in effect and where each came from', schema: Settings } },
    handler: async (): Promise<Settings> => settingsInEffect(ctx, await ctx.store.readSettings()),
  });
  route(app, ctx, {
    method: 'PUT',
    url: '/v1/settings',
    summary:
      "Replaces the settings (retention days, disclosure text, phrase-list overlay); audited. Retention applies at the retention job's next run; an overlay when the server next starts",
    tag: 'settings',
    roles: ['admin'],
    body: SettingsInput,
    responses: { 200: { description: 'the settings now in effect', schema: Settings } },
    handler: async ({ body, caller }): Promise<Settings> => {
      const problems = overlayProblems(body.phraseOverlay);
      if (problems.length) throw new ApiError('invalid_request', problems.join('; '));
      await ctx.store.saveSettings(body, { keyId: caller.key.id, at: ctx.now().toISOString() });
      return settingsInEffect(ctx, await ctx.store.readSettings());
    },
  });
}
