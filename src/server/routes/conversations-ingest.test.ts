import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Conversation } from '../../core/schema/index.ts';
import { conversation, fakeAnalyze } from '../testing.ts';
import { replyBody, type IngestSummary } from './conversations-ingest.ts';

const summary = (id: string, skipped = false): IngestSummary => ({
  id, skipped, tier: skipped ? null : 2, empathy: skipped ? null : 70, compassion: skipped ? null : 60, overall: skipped ? null : 65, sentimentShift: skipped ? null : 0,
  heardNotHelped: skipped ? null : false, humanRequired: skipped ? null : false, missedMoments: skipped ? null : 0, totalMoments: skipped ? null : 1,
});

test('the ingest reply is exactly JSON.stringify of the result: summaries by default, each analysis serialised once with detail=full', () => {
  const analyses = [
    fakeAnalyze(Conversation.parse(conversation('a "quoted" id\u2028'))),
    fakeAnalyze(Conversation.parse(conversation('skipped', { consent: { analysis: false } }))),
  ];
  const accepted = analyses.map((analysis, i) => ({ id: analysis.id, analysis, analysisJson: JSON.stringify(analysis), summary: summary(analysis.id, i === 1) }));
  const rejected = [{ index: 2, line: 3, problems: [{ path: 'turns', reason: 'expected an array' }], message: 'record 2: turns: expected an array' }];
  assert.equal(replyBody({ accepted, rejected }, 'full'), JSON.stringify({ accepted: accepted.map(({ id, analysis }) => ({ id, analysis })), rejected }));
  assert.equal(replyBody({ accepted, rejected }, 'summary'), JSON.stringify({ accepted: accepted.map((a) => a.summary), rejected }));
  assert.equal(replyBody({ accepted: [], rejected: [] }), JSON.stringify({ accepted: [], rejected: [] }));
});
