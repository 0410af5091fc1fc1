import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeConversation } from '../core/analyze.ts';
import { redactConversation } from '../core/privacy/redact.ts';
import { Conversation } from '../core/schema/index.ts';
import { loadEngine } from '../io/engine.ts';
import { startAnalysisPool } from './analysis-pool.ts';
import { processOne } from './context.ts';
import { conversation } from './testing.ts';

test('the pool redacts and analyses exactly as the inline path does', async () => {
  const pool = await startAnalysisPool(1);
  try {
    const input = [
      Conversation.parse(conversation('p-1', { turns: [{ role: 'customer', text: 'Call me on 07700 900123, my bill doubled!' }, { role: 'agent', text: 'I will fix it today.' }] })),
      Conversation.parse(conversation('p-2', { consent: { analysis: false } })),
    ];
    const engine = await loadEngine();
    const expected = input.map((c) => processOne(c, redactConversation, (redacted) => analyzeConversation(redacted, engine)));
    assert.deepEqual(await pool.process(input), expected);
  } finally {
    await pool.close();
  }
});

test('one analysis runs off the HTTP thread as the inline one does; past its budget it stops, and the pool carries on', async () => {
  const pool = await startAnalysisPool(1);
  try {
    const engine = await loadEngine();
    const small = Conversation.parse(conversation('e-1', { turns: [{ role: 'customer', text: 'My bill doubled and nobody answers!' }, { role: 'agent', text: 'That is not right, I will fix it today.' }] }));
    assert.deepEqual(await pool.analyze(small, 5_000), analyzeConversation(small, engine));
    const turns = Array.from({ length: 4_000 }, (_, i) => ({ role: i % 2 ? 'agent' : 'customer', text: 'It is still broken after the third call, I am fed up and worried about my rent!' }));
    const huge = Conversation.parse(conversation('e-2', { turns: turns as never }));
    await assert.rejects(pool.analyze(huge, 1), { name: 'AnalysisTimeout', message: 'the analysis took longer than its 1 ms budget' });
    // the stopped thread is replaced; work sent meanwhile waits for the new one
    assert.deepEqual(await pool.analyze(small, 5_000), analyzeConversation(small, engine));
    assert.deepEqual(await pool.process([small]), [processOne(small, redactConversation, (redacted) => analyzeConversation(redacted, engine))]);
  } finally {
    await pool.close();
  }
});
