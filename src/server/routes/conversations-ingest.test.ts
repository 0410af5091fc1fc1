import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Conversation } from '../../core/schema/index.ts';
import { conversation, fakeAnalyze } from '../testing.ts';
import { replyBody } from './conversations-ingest.ts';

test('the ingest reply is exactly JSON.stringify of the result, with each analysis serialised once', () => {
  const analyses = [
    fakeAnalyze(Conversation.parse(conversation('a "quoted" id\u2028'))),
    fakeAnalyze(Conversation.parse(conversation('skipped', { consent: { analysis: false } }))),
  ];
  const accepted = analyses.map((analysis) => ({ id: analysis.id, analysis }));
  const rejected = [{ index: 2, line: 3, problems: [{ path: 'turns', reason: 'expected an array' }], message: 'record 2: turns: expected an array' }];
  const body = replyBody({ accepted: accepted.map((a) => ({ ...a, analysisJson: JSON.stringify(a.analysis) })), rejected });
  assert.equal(body, JSON.stringify({ accepted, rejected }));
  assert.equal(replyBody({ accepted: [], rejected: [] }), JSON.stringify({ accepted: [], rejected: [] }));
});
