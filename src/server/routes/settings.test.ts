import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_DISCLOSURE, KEY_ROLES, type KeyRole, type Settings } from '../../api/index.ts';
import { PII_TYPES } from '../../core/privacy/index.ts';
import { CUES, EMOTIONS, NEGATIVE_BEHAVIOURS, POSITIVE_BEHAVIOURS } from '../../core/schema/index.ts';
import { purgeExpired, retentionInEffect } from '../retention.ts';
import { harness, onEveryBackend, type Harness } from '../testing.ts';

const DOCUMENT = {
  retentionDays: 30,
  disclosureText: 'We analyse this chat <script>alert(1)</script> to coach our team.',
  phraseOverlay: {
    cues: { deadline: ['by close of play'] },
    emotions: { anger: { 'fuming <b>mad</b>': 0.7 } },
    scripted: ['your call is important to us'],
  },
};

onEveryBackend((backend, options) =>
  describe(`settings (${backend})`, () => {
    let h: Harness;
    before(async () => {
      h = await harness({ ...options, config: { retentionDays: 365, retentionIntervalMinutes: 60 } });
    });
    after(() => h.close());

    const get = async (role: KeyRole) => {
      const response = await h.app.inject({ method: 'GET', url: '/v1/settings', headers: h.as(role) });
      assert.equal(response.statusCode, 200, role);
      return response.json() as Settings;
    };
    const put = (role: KeyRole, payload: unknown) =>
      h.app.inject({ method: 'PUT', url: '/v1/settings', headers: h.as(role), payload: payload as object });

    test("every role reads the settings in effect: the server's defaults until an admin sets them, and the read-only redaction policy", async () => {
      const expected: Settings = {
        retentionDays: 365,
        retentionSource: 'server',
        retentionIntervalMinutes: 60,
        disclosureText: DEFAULT_DISCLOSURE,
        disclosureSource: 'default',
        phraseOverlay: {},
        phraseOverlayInEffect: true,
        phraseLists: {
          cues: [...CUES],
          behaviours: [...POSITIVE_BEHAVIOURS, ...NEGATIVE_BEHAVIOURS],
          emotions: [...EMOTIONS],
        },
        redaction: {
          editable: false,
          why: 'Personal data is removed on every ingest path before anything is analysed or stored, and cannot be switched off: stored text never holds it.',
          types: PII_TYPES.map((type) => ({
            type,
            storedAs: ['EMAIL', 'PHONE', 'CARD', 'IBAN', 'SSN', 'NI', 'ACCOUNT', 'PASSPORT', 'IP'].includes(type)
              ? 'keyed-pseudonym'
              : 'placeholder',
          })),
        },
        updatedAt: null,
        updatedBy: null,
        unreadable: [],
      };
      for (const role of KEY_ROLES) assert.deepEqual(await get(role), expected, role);
      assert.equal((await h.app.inject({ method: 'GET', url: '/v1/settings' })).statusCode, 401);
    });

    test('only an admin replaces them; the change is audited and every role sees it', async () => {
      for (const role of ['analyst', 'supervisor', 'agent'] as const)
        assert.equal((await put(role, DOCUMENT)).statusCode, 403, role);
      assert.equal((await h.app.inject({ method: 'PUT', url: '/v1/settings', payload: DOCUMENT })).statusCode, 401);
      const response = await put('admin', DOCUMENT);
      assert.equal(response.statusCode, 200, response.body);
      const saved = response.json() as Settings;
      const admin = (await h.store.listKeys()).find((k) => k.role === 'admin')!;
      assert.deepEqual(
        { ...saved, updatedAt: typeof saved.updatedAt },
        {
          ...(await get('agent')),
          ...DOCUMENT,
          retentionSource: 'setting',
          disclosureSource: 'setting',
          // the running engine was built without it: an overlay applies when the server next starts
          phraseOverlayInEffect: false,
          updatedAt: 'string',
          updatedBy: admin.id,
        },
      );
      const audit = (await h.store.listAudit({ action: 'settings-update' }, {})).items.map((e) => [e.keyId, e.target]);
      assert.deepEqual(audit, [[admin.id, 'retentionDays (server default) → 30; disclosureText; phraseOverlay']]);
    });

    test('a bad document is refused with the entry and field named, and nothing of it is stored', async () => {
      const before = await get('admin');
      const refused = async (payload: unknown, message: RegExp) => {
        const response = await put('admin', payload);
        assert.equal(response.statusCode, 400, response.body);
        assert.match((response.json() as { error: { message: string } }).error.message, message);
      };
      await refused(
        { ...DOCUMENT, phraseOverlay: { cues: { deadlin: ['tonight'] } } },
        /body\.phraseOverlay\.cues: unknown cue kind "deadlin"; known: deadline,/,
      );
      await refused(
        { ...DOCUMENT, phraseOverlay: { cues: { deadline: ['fine', '(by close'] } } },
        /body\.phraseOverlay\.cues\.deadline: "\(by close": unclosed "\("/,
      );
      await refused(
        { ...DOCUMENT, phraseOverlay: { emotions: { anger: { livid: 2 } } } },
        /body\.phraseOverlay\.emotions\.anger\.livid: an intensity is 0 to 1/,
      );
      await refused(
        { ...DOCUMENT, phraseOverlay: { slang: ['innit'] } },
        /body\.phraseOverlay: unknown section "slang"/,
      );
      await refused(
        { ...DOCUMENT, phraseOverlay: { scripted: ['ok', '  '] } },
        /body\.phraseOverlay\.scripted\.1: a phrase may not be empty/,
      );
      await refused({ ...DOCUMENT, retentionDays: -1 }, /body\.retentionDays/);
      await refused({ ...DOCUMENT, disclosureText: '' }, /body\.disclosureText: the disclosure text may not be empty/);
      await refused({ retentionDays: 30 }, /body\.disclosureText/);
      assert.deepEqual(await get('admin'), before);
    });

    test("the retention job honours an admin's retention over the server's default", async () => {
      const old = new Date(Date.now() - 40 * 86_400_000).toISOString();
      const response = await h.app.inject({
        method: 'POST',
        url: '/v1/conversations',
        headers: h.as('admin'),
        payload: {
          id: 'forty-days-old',
          channel: 'chat',
          startedAt: old,
          turns: [{ role: 'customer', text: 'hello' }],
        },
      });
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(await retentionInEffect(h.store, 365), 30);
      assert.deepEqual(
        (await purgeExpired(h.store, await retentionInEffect(h.store, 365), new Date()))?.conversations,
        1,
      );
      assert.equal(
        (await h.app.inject({ method: 'GET', url: '/v1/conversations/forty-days-old', headers: h.as('admin') }))
          .statusCode,
        404,
      );
    });

    test('the settings are in /openapi.json', async () => {
      const doc = (await h.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
        paths: Record<string, Record<string, { description: string }>>;
      };
      assert.deepEqual(Object.keys(doc.paths['/v1/settings'] ?? {}).sort(), ['get', 'put']);
      assert.match(doc.paths['/v1/settings']!.put!.description, /Roles: admin\./);
    });
  }),
);
