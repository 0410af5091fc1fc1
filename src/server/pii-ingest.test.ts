/**
 * The PII corpus through every ingest path (part of `npm run test:security`): messages with planted personal
 * data are sent as JSON, JSONL, CSV, transcripts, WebVTT, SRT, e-mail, Zendesk and Contact Lens bodies, with the
 * real redaction, and every stored row (conversation, analysis, moments) is searched for the planted values.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { redactText } from '../core/privacy/redact.ts';
import { pseudonymizing } from '../store/hash-key.ts';
import { ALL } from '../store/scope.ts';
import { harness, onEveryBackend, type Harness, type HarnessOptions } from './testing.ts';

interface Message {
  text: string;
  values: string[];
}

/** Corpus messages on one line whose planted values (4+ characters) the scanners all remove, so none may be stored. */
function corpus(): Message[] {
  const lines = readFileSync(new URL('../../tools/eval/pii-heldout.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim());
  const messages: Message[] = [];
  for (const line of lines) {
    const { text, planted } = JSON.parse(line) as { text: string; planted: { value: string }[] };
    const flat = text.replace(/\s*\n\s*/g, ' ');
    const values = planted.map((p) => p.value).filter((v) => v.length >= 4 && flat.includes(v));
    if (values.length === 0 || values.length !== planted.length) continue;
    const redacted = redactText(flat).text;
    if (values.every((v) => !redacted.includes(v))) messages.push({ text: flat, values });
  }
  return messages;
}

const REPLY = 'Thank you, I will look into it now.';
const SOME = 12;
const MESSAGES = 60;

/** Each ingest path: its content type and the bodies that carry the messages (one conversation a body where the format holds one). */
const PATHS: Record<
  string,
  { type: string; format?: string; needsId?: true; bodies: (messages: Message[]) => string[] }
> = {
  json: {
    type: 'application/json',
    bodies: (ms) => [JSON.stringify(ms.map((m, i) => conversationOf(`json-${i}`, m)))],
  },
  jsonl: {
    type: 'application/x-ndjson',
    bodies: (ms) => [ms.map((m, i) => JSON.stringify(conversationOf(`jsonl-${i}`, m))).join('\n')],
  },
  csv: {
    type: 'text/csv',
    bodies: (ms) => [
      [
        'conversation_id,role,text,customer_id',
        ...ms.flatMap((m, i) => [
          `csv-${i},customer,${csvCell(m.text)},cust-csv-${i}`,
          `csv-${i},agent,${csvCell(REPLY)},cust-csv-${i}`,
        ]),
      ].join('\n'),
    ],
  },
  transcript: {
    type: 'text/plain',
    bodies: (ms) => [
      ms
        .map((m, i) => `# id: transcript-${i}\n# customer: cust-t-${i}\nCustomer: ${m.text}\nAgent: ${REPLY}\n`)
        .join('\n---\n'),
    ],
  },
  vtt: {
    type: 'text/vtt',
    needsId: true,
    bodies: (ms) =>
      ms
        .slice(0, SOME)
        .map(
          (m) =>
            `WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Customer>${m.text}</v>\n\n00:00:04.500 --> 00:00:06.000\n<v Agent>${REPLY}</v>\n`,
        ),
  },
  srt: {
    type: 'application/x-subrip',
    needsId: true,
    bodies: (ms) =>
      ms
        .slice(0, SOME)
        .map(
          (m) =>
            `1\n00:00:01,000 --> 00:00:04,000\nCustomer: ${m.text}\n\n2\n00:00:04,500 --> 00:00:06,000\nAgent: ${REPLY}\n`,
        ),
  },
  eml: {
    type: 'message/rfc822',
    bodies: (ms) =>
      ms
        .slice(0, SOME)
        .map((m, i) =>
          [
            `From: A Customer <customer${i}@example.org>`,
            'To: Support <help@support.example>',
            'Subject: My account',
            'Date: Mon, 04 Mar 2024 10:02:00 +0000',
            `Message-ID: <m${i}@example.org>`,
            'Content-Type: text/plain; charset=utf-8',
            '',
            m.text,
            '',
          ].join('\r\n'),
        ),
  },
  // an export posted as text with ?format= (application/json bodies are read as canonical conversations)
  zendesk: {
    type: 'text/plain',
    format: 'zendesk',
    bodies: (ms) =>
      ms.slice(0, SOME).map((m, i) =>
        JSON.stringify({
          ticket: {
            id: 9000 + i,
            subject: 'Help',
            requester_id: 1,
            assignee_id: 2,
            status: 'open',
            created_at: '2024-03-02T10:15:00Z',
            via: { channel: 'email' },
          },
          users: [
            { id: 1, role: 'end-user' },
            { id: 2, role: 'agent' },
          ],
          comments: [
            { id: 1, author_id: 1, public: true, created_at: '2024-03-02T10:15:00Z', body: m.text },
            { id: 2, author_id: 2, public: true, created_at: '2024-03-02T10:31:00Z', body: REPLY },
          ],
        }),
      ),
  },
  'contact lens': {
    type: 'text/plain',
    format: 'transcribe',
    bodies: (ms) =>
      ms.slice(0, SOME).map((m, i) =>
        JSON.stringify({
          Version: '1.1.0',
          Channel: 'VOICE',
          CustomerMetadata: { ContactId: `contact-${i}` },
          Participants: [
            { ParticipantId: 'AGENT', ParticipantRole: 'AGENT' },
            { ParticipantId: 'CUSTOMER', ParticipantRole: 'CUSTOMER' },
          ],
          Transcript: [
            { Id: 's1', ParticipantId: 'CUSTOMER', Content: m.text, BeginOffsetMillis: 0, EndOffsetMillis: 3000 },
            { Id: 's2', ParticipantId: 'AGENT', Content: REPLY, BeginOffsetMillis: 3500, EndOffsetMillis: 5000 },
          ],
        }),
      ),
  },
};

function conversationOf(id: string, m: Message) {
  return {
    id,
    channel: 'chat',
    customer: { id: `cust-${id}` },
    turns: [
      { role: 'customer', text: m.text },
      { role: 'agent', text: REPLY },
    ],
  };
}

function csvCell(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

onEveryBackend((backend, options) =>
  describe(`the PII corpus through every ingest path: ${backend}`, () => piiSuite(options)),
);

function piiSuite(options: HarnessOptions): void {
  let h: Harness;
  const messages = corpus();
  before(async () => {
    const key = { value: '' };
    // the server's redaction, under the database's key, with the fake engine (fast, and it copies text into evidence)
    h = await harness({ ...options, redact: (c) => pseudonymizing(key.value)(c) });
    key.value = await h.store.hashKey();
  });
  after(() => h?.close());

  test('the corpus has enough messages to mean something', () => {
    assert.ok(messages.length >= MESSAGES, `${messages.length} messages`);
  });

  for (const [name, path] of Object.entries(PATHS)) {
    test(`${name}: every message is stored, and no planted value is in any stored row`, async () => {
      const sent = messages.slice(0, MESSAGES);
      const bodies = path.bodies(sent);
      const ids: string[] = [];
      for (const [i, body] of bodies.entries()) {
        // captions carry no conversation id: the caller names each one
        const query = new URLSearchParams({
          ...(path.format ? { format: path.format } : {}),
          ...(path.needsId ? { id: `${name}-${i}` } : {}),
        }).toString();
        const url = `/v1/conversations${query ? `?${query}` : ''}`;
        const r = await h.app.inject({
          method: 'POST',
          url,
          headers: { ...h.as('admin'), 'content-type': path.type },
          payload: body,
        });
        assert.equal(r.statusCode, 200, `${name}: ${r.body.slice(0, 300)}`);
        ids.push(...(r.json() as { accepted: { id: string }[] }).accepted.map((a) => a.id));
      }
      assert.equal(ids.length, bodies.length === 1 ? sent.length : bodies.length);
      const stored = await Promise.all(ids.map((id) => h.store.getConversation(ALL, id)));
      assert.ok(
        stored.every((s) =>
          s?.conversation?.turns.some((t) => t.role === 'customer' && /\[[A-Z]+(:[0-9a-f]+)?\]/.test(t.text)),
        ),
        `${name}: a customer turn with placeholders in every conversation`,
      );
      const everything = JSON.stringify([stored, await allMoments(h)]);
      const leaked = sent.flatMap((m) => m.values).filter((value) => everything.includes(value));
      assert.deepEqual(leaked, []);
    });
  }
}

async function allMoments(h: Harness): Promise<unknown[]> {
  const out: unknown[] = [];
  let cursor: string | undefined;
  do {
    const page = await h.store.listMoments(ALL, {}, { limit: 200, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}
