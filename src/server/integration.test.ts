import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeConversation } from '../core/analyze.ts';
import { redactConversation } from '../core/privacy/redact.ts';
import { FullAnalysis } from '../core/schema/index.ts';
import { loadEngine } from '../io/engine.ts';
import { ReplyEvaluation } from './routes/evaluate.ts';
import { conversation, harness, type Harness } from './testing.ts';

// The real engine and redaction behind the API: checks the wiring, not the engine's verdicts.
let h: Harness;
before(async () => {
  const engine = await loadEngine();
  h = await harness({ analyze: (c) => analyzeConversation(c, engine), redact: redactConversation });
});
after(() => h.close());

test('the example conversations go in as JSONL and come back analysed and redacted', async () => {
  const jsonl = readFileSync(join(import.meta.dirname, '..', '..', 'examples', 'conversations', 'chat.jsonl'), 'utf8');
  const post = (detail: string) =>
    h.app.inject({
      method: 'POST',
      url: `/v1/conversations?detail=${detail}`,
      headers: { ...h.as('admin'), 'content-type': 'application/x-ndjson' },
      payload: jsonl,
    });
  const [full, summary] = [await post('full'), await post('summary')];
  assert.deepEqual([full.statusCode, summary.statusCode], [200, 200]);
  const body = full.json();
  assert.ok(body.accepted.length > 0);
  for (const { analysis } of body.accepted)
    assert.ok('skipped' in analysis || FullAnalysis.safeParse(analysis).success);
  // the default reply is the scores and flags, a few hundred bytes a conversation, each matching the full analysis
  const summaries = summary.json().accepted as {
    id: string;
    skipped: boolean;
    empathy: number | null;
    humanRequired: boolean | null;
  }[];
  assert.deepEqual(
    summaries.map((s) => [s.id, s.skipped, s.empathy, s.humanRequired]),
    body.accepted.map(({ id, analysis }: { id: string; analysis: FullAnalysis | { skipped: string } }) =>
      'skipped' in analysis
        ? [id, true, null, null]
        : [id, false, analysis.scores.empathy, analysis.routing.decision === 'human-required'],
    ),
  );
  assert.ok(summary.body.length * 10 < full.body.length, `${summary.body.length} vs ${full.body.length} bytes`);

  await h.app.inject({
    method: 'POST',
    url: '/v1/conversations',
    headers: h.as('admin'),
    payload: conversation('pii-real', {
      turns: [
        { role: 'customer', text: 'Email me at jo.bloggs@example.com please!' },
        { role: 'agent', text: 'Will do.' },
      ],
    }),
  });
  const stored = (
    await h.app.inject({ method: 'GET', url: '/v1/conversations/pii-real', headers: h.as('admin') })
  ).json();
  assert.doesNotMatch(stored.conversation.turns[0].text, /jo\.bloggs@example\.com/);
});

test('evaluate runs the engine on the conversation plus the candidate reply', async () => {
  const response = await h.app.inject({
    method: 'POST',
    url: '/v1/evaluate',
    headers: h.as('agent'),
    payload: {
      conversation: conversation('draft', {
        turns: [
          {
            role: 'customer',
            text: 'My dad died last week and you are still sending him bills. I want to speak to a person.',
          },
        ],
      }),
      candidate: { role: 'bot', text: 'We apologise for any inconvenience caused.' },
    },
  });
  assert.equal(response.statusCode, 200);
  const evaluation = ReplyEvaluation.parse(response.json());
  assert.equal(evaluation.turn, 1);
});
