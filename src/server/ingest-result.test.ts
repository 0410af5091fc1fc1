import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Conversation } from '../core/schema/index.ts';
import { conversation, fakeAnalyze } from './testing.ts';
import { replyBody, summaryOf, type IngestSummary } from './ingest-result.ts';

const summary = (id: string, skipped = false): IngestSummary => ({
  id,
  skipped,
  tier: skipped ? null : 2,
  empathy: skipped ? null : 70,
  compassion: skipped ? null : 60,
  overall: skipped ? null : 65,
  sentimentShift: skipped ? null : 0,
  heardNotHelped: skipped ? null : false,
  humanRequired: skipped ? null : false,
  missedMoments: skipped ? null : 0,
  totalMoments: skipped ? null : 1,
});

test('the ingest reply is exactly JSON.stringify of the result: summaries by default, each analysis serialised once with detail=full', () => {
  const analyses = [
    fakeAnalyze(Conversation.parse(conversation('a "quoted" id\u2028'))),
    fakeAnalyze(Conversation.parse(conversation('skipped', { consent: { analysis: false } }))),
  ];
  const accepted = analyses.map((analysis, i) => ({
    id: analysis.id,
    analysis,
    analysisJson: JSON.stringify(analysis),
    summary: summary(analysis.id, i === 1),
  }));
  const rejected = [
    {
      index: 2,
      line: 3,
      code: 'invalid' as const,
      problems: [{ path: 'turns', reason: 'expected an array' }],
      message: 'record 2: turns: expected an array',
      raw: '{"turns": 1}',
    },
  ];
  assert.equal(
    replyBody({ accepted, rejected }, 'full'),
    JSON.stringify({ accepted: accepted.map(({ id, analysis }) => ({ id, analysis })), rejected }),
  );
  assert.equal(
    replyBody({ accepted, rejected }, 'summary'),
    JSON.stringify({ accepted: accepted.map((a) => a.summary), rejected }),
  );
  assert.equal(replyBody({ accepted: [], rejected: [] }), JSON.stringify({ accepted: [], rejected: [] }));
});

test('the summary of an analysis is its scores and flags; an opted-out one has none', () => {
  const analysis = fakeAnalyze(
    Conversation.parse(
      conversation('s-1', {
        turns: [
          { role: 'customer', text: 'Late again!' },
          { role: 'agent', text: 'Let me see.' },
          { role: 'customer', text: 'get me a human' },
        ],
      }),
    ),
  );
  assert.deepEqual(summaryOf(analysis), {
    id: 's-1',
    skipped: false,
    tier: 3,
    empathy: 50,
    compassion: 50,
    overall: 50,
    sentimentShift: 0,
    heardNotHelped: false,
    humanRequired: true,
    missedMoments: 1,
    totalMoments: 1,
  });
  assert.deepEqual(summaryOf({ id: 's-2', skipped: 'opted-out' }), summary('s-2', true));
});
