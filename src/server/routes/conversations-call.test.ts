import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeConversation } from '../../core/analyze.ts';
import { createEngine } from '../../core/engine.ts';
import { runPipeline } from '../../core/pipeline.ts';
import { redactConversation } from '../../core/privacy/redact.ts';
import { toneBursts } from '../../core/prosody/testing.ts';
import { Conversation } from '../../core/schema/index.ts';
import { readWav, writeWav } from '../../io/audio/wav.ts';
import { harness, onEveryBackend, type Harness } from '../testing.ts';

const built = createEngine();
if (!built.ok) throw new Error(built.errors.join('; '));
const engine = built.engine;

const RATE = 8000;
// customer 0.2-2.5 s; the agent cuts in at 2.0 and talks to 4.0; 3.5 s of dead air; agent 7.5-9; customer 8.5-10
const agent = toneBursts(RATE, 10.5, 120, [
  [2, 4],
  [7.5, 9],
]);
const customer = toneBursts(RATE, 10.5, 210, [
  [0.2, 2.5],
  [8.5, 10],
]);
const stereo = writeWav({ sampleRate: RATE, channels: [agent, customer] });
const call = (id: string) => ({
  id,
  channel: 'voice',
  customer: { id: `cust-${id}` },
  agent: { id: 'agent-a', team: 'tech' },
  turns: [
    { role: 'customer', text: 'My heating has been off since Monday and I have a baby at home.', start: 0.2, end: 2.5 },
    { role: 'agent', text: 'Let me just pull up the account.', start: 2.0, end: 4.0 },
    { role: 'agent', text: 'I have booked an engineer for eight tomorrow morning.', start: 7.5, end: 9.0 },
    { role: 'customer', text: 'Thank you, that helps.', start: 8.5, end: 10.0 },
  ],
});

type Part = { name: string; body: string | Uint8Array; type?: string; file?: string };

/** A multipart/form-data body as a browser or curl -F sends it. */
async function multipart(parts: Part[]): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const form = new FormData();
  for (const p of parts)
    form.append(
      p.name,
      new Blob([p.body as BlobPart], { type: p.type ?? 'application/octet-stream' }),
      p.file ?? p.name,
    );
  const request = new Request('http://x/', { method: 'POST', body: form });
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    headers: { 'content-type': request.headers.get('content-type')! },
  };
}

onEveryBackend((backend, options) =>
  describe(`POST /v1/conversations with a recording: ${backend}`, () => {
    let h: Harness;
    before(async () => {
      h = await harness({
        ...options,
        analyze: (c, _e, o) => analyzeConversation(c, engine, o),
        redact: redactConversation,
      });
    });
    after(() => h.close());

    const post = async (parts: Part[], query = '') => {
      const body = await multipart(parts);
      return h.app.inject({
        method: 'POST',
        url: `/v1/conversations${query}`,
        headers: { ...h.as('analyst'), ...body.headers },
        payload: body.payload,
      });
    };

    test("the recording's prosody feeds the analysis exactly as `attune analyze call.wav --transcript` does; the audio is not stored", async () => {
      const res = await post(
        [
          { name: 'transcript', body: JSON.stringify(call('call-1')), type: 'application/json', file: 'call.json' },
          { name: 'audio', body: stereo, type: 'audio/wav', file: 'call.wav' },
        ],
        '?audioChannels=agent,customer&detail=full',
      );
      assert.equal(res.statusCode, 200, res.body);
      const reply = res.json();
      assert.deepEqual(reply.audio, {
        stored: false,
        sampleRate: RATE,
        channels: ['agent', 'customer'],
        seconds: 10.5,
      });
      // as the CLI hears it: the WAV file's samples
      const heard = readWav(stereo);
      assert.ok(heard.ok);
      const audio = {
        sampleRate: RATE,
        channels: [
          { role: 'agent' as const, samples: heard.audio.channels[0]! },
          { role: 'customer' as const, samples: heard.audio.channels[1]! },
        ],
      };
      const cli = runPipeline(Conversation.parse(call('call-1')), {
        analyze: (c, o) => analyzeConversation(c, engine, { ...o, audio }),
        redact: redactConversation,
      });
      assert.deepEqual(reply.accepted[0].analysis, JSON.parse(JSON.stringify(cli.analysis)));
      assert.equal(reply.accepted[0].analysis.voice.source, 'audio');
      assert.deepEqual(
        reply.accepted[0].analysis.voice.behaviours.map((b: { kind: string }) => b.kind),
        ['talk-over'],
      );
      const stored = (
        await h.app.inject({ method: 'GET', url: '/v1/conversations/call-1', headers: h.as('admin') })
      ).json();
      assert.deepEqual(stored.analysis, reply.accepted[0].analysis);
      assert.doesNotMatch(JSON.stringify(stored), /RIFF|samples/);
      const kept = await h.app.inject({ method: 'GET', url: '/v1/conversations/call-1/audio', headers: h.as('admin') });
      assert.deepEqual([kept.statusCode, kept.json().error.code], [404, 'not_found']);
    });

    test('a mono recording needs no channel list; the transcript may come in any format the readers take', async () => {
      const vtt =
        'WEBVTT\n\n00:00:00.200 --> 00:00:02.500\n<v Customer>My heating has been off since Monday.\n\n00:00:02.000 --> 00:00:04.000\n<v Agent>Let me look at that now.\n';
      const res = await post(
        [
          { name: 'transcript', body: vtt, type: 'text/vtt' },
          {
            name: 'audio',
            body: writeWav({ sampleRate: RATE, channels: [customer.map((x, i) => x + agent[i]!)] }),
            type: 'audio/wav',
          },
        ],
        '?id=call-vtt&roles=Customer=customer,Agent=agent',
      );
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(
        [res.json().accepted.map((a: { id: string }) => a.id), res.json().audio.channels],
        [['call-vtt'], ['mixed']],
      );
      const stored = (
        await h.app.inject({ method: 'GET', url: '/v1/conversations/call-vtt', headers: h.as('admin') })
      ).json();
      assert.equal(stored.analysis.voice.source, 'audio');
    });

    test('bad audio, a missing, repeated or unknown part, or a transcript of two calls is a 400 naming the part and why; nothing is stored', async () => {
      const transcript = { name: 'transcript', body: JSON.stringify(call('bad')), type: 'application/json' };
      const cases: [Part[], string, RegExp][] = [
        [
          [transcript, { name: 'audio', body: 'ID3 this is an mp3' }],
          '',
          /^multipart part "audio": not a WAV file \(no RIFF\/WAVE header\)/,
        ],
        [
          [transcript, { name: 'audio', body: stereo.subarray(0, 30) }],
          '',
          /^multipart part "audio": WAV fmt chunk is truncated/,
        ],
        [
          [transcript, { name: 'audio', body: stereo }],
          '',
          /^multipart part "audio": the recording has 2 channels: say who is on each with the audioChannels query parameter/,
        ],
        [
          [transcript, { name: 'audio', body: stereo }],
          '?audioChannels=agent,caller',
          /^multipart part "audio": the audioChannels query parameter: "caller" is not one of agent, customer, mixed/,
        ],
        [[transcript, { name: 'audio', body: new Uint8Array() }], '', /^multipart part "audio": empty/],
        [[transcript], '', /^multipart part "audio": missing/],
        [[{ name: 'audio', body: stereo }], '?audioChannels=agent,customer', /^multipart part "transcript": missing/],
        [[transcript, transcript, { name: 'audio', body: stereo }], '', /^multipart part "transcript": sent twice/],
        [
          [transcript, { name: 'video', body: 'x' }, { name: 'audio', body: stereo }],
          '',
          /^multipart part "video": not a part this endpoint takes/,
        ],
        [
          [
            {
              name: 'transcript',
              body: `${JSON.stringify(call('a'))}\n${JSON.stringify(call('b'))}\n`,
              type: 'application/x-ndjson',
            },
            { name: 'audio', body: stereo },
          ],
          '?audioChannels=agent,customer',
          /^multipart part "transcript": holds 2 conversations/,
        ],
        [
          [
            { name: 'transcript', body: '{"id": "x", "channel": "voice", "turns": "none"}', type: 'application/json' },
            { name: 'audio', body: stereo },
          ],
          '?audioChannels=agent,customer',
          /^multipart part "transcript": .*turns/,
        ],
      ];
      for (const [parts, query, message] of cases) {
        const res = await post(parts, query);
        assert.deepEqual([res.statusCode, res.json().error.code], [400, 'invalid_request'], res.body);
        assert.match(res.json().error.message, message);
      }
      const garbled = await h.app.inject({
        method: 'POST',
        url: '/v1/conversations',
        headers: { ...h.as('analyst'), 'content-type': 'multipart/form-data; boundary=zzz' },
        payload: 'no parts here',
      });
      assert.deepEqual(
        [garbled.statusCode, garbled.json().error.message],
        [400, 'the multipart/form-data body could not be read: check its boundary and that every part is closed'],
      );
      const json = await h.app.inject({
        method: 'POST',
        url: '/v1/conversations?audioChannels=agent,customer',
        headers: h.as('analyst'),
        payload: call('json'),
      });
      assert.deepEqual(
        [json.statusCode, json.json().error.message],
        [400, 'query.audioChannels: goes with a recording attached (multipart/form-data)'],
      );
      const listed = (await h.app.inject({ method: 'GET', url: '/v1/conversations', headers: h.as('admin') })).json();
      assert.deepEqual(
        listed.items
          .map((r: { id: string }) => r.id)
          .filter((id: string) => ['bad', 'a', 'b', 'x', 'json'].includes(id)),
        [],
      );
    });
  }),
);

onEveryBackend((backend, options) =>
  describe(`a server configured to keep recordings: ${backend}`, () => {
    let h: Harness;
    before(async () => {
      h = await harness({
        ...options,
        config: { storeAudio: true, retentionDays: 30 },
        analyze: (c, _e, o) => analyzeConversation(c, engine, o),
        redact: redactConversation,
      });
    });
    after(() => h.close());

    test('keeps the recording as sent, says so, serves it within scope (audited), and lets it go with its conversation', async () => {
      const body = await multipart([
        { name: 'transcript', body: JSON.stringify(call('kept-1')), type: 'application/json' },
        { name: 'audio', body: stereo, type: 'application/octet-stream' },
      ]);
      const res = await h.app.inject({
        method: 'POST',
        url: '/v1/conversations?audioChannels=agent,customer',
        headers: { ...h.as('admin'), ...body.headers },
        payload: body.payload,
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().audio.stored, true);
      const read = (role: 'admin' | 'agent' | 'supervisor') =>
        h.app.inject({ method: 'GET', url: '/v1/conversations/kept-1/audio', headers: h.as(role) });
      const got = await read('agent');
      assert.deepEqual(
        [got.statusCode, got.headers['content-type'], Buffer.compare(got.rawPayload, Buffer.from(stereo))],
        [200, 'audio/wav', 0],
      );
      const audit = (await h.app.inject({ method: 'GET', url: '/v1/audit', headers: h.as('admin') })).json();
      assert.ok(
        audit.items.some(
          (e: { action: string; target: string }) => e.action === 'read-recording' && e.target === 'kept-1',
        ),
        JSON.stringify(audit),
      );
      // an opted-out call keeps nothing, its recording included
      const optedOut = await multipart([
        {
          name: 'transcript',
          body: JSON.stringify({ ...call('kept-2'), consent: { analysis: false } }),
          type: 'application/json',
        },
        { name: 'audio', body: stereo },
      ]);
      const skipped = await h.app.inject({
        method: 'POST',
        url: '/v1/conversations?audioChannels=agent,customer',
        headers: { ...h.as('admin'), ...optedOut.headers },
        payload: optedOut.payload,
      });
      assert.deepEqual([skipped.statusCode, skipped.json().audio.stored], [200, false]);
      assert.equal(
        (await h.app.inject({ method: 'GET', url: '/v1/conversations/kept-2/audio', headers: h.as('admin') }))
          .statusCode,
        404,
      );
      // retention and erasure take the recording with the conversation
      const erased = await h.app.inject({ method: 'DELETE', url: '/v1/customers/cust-kept-1', headers: h.as('admin') });
      assert.equal(erased.statusCode, 200, erased.body);
      assert.equal((await read('admin')).statusCode, 404);
    });
  }),
);
