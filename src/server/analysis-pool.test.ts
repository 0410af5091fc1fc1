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
