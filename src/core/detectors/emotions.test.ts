import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeConversation } from '../analyze.ts';
import { FullAnalysis } from '../schema/index.ts';
import { chat, testEngine } from '../testing.ts';

const engine = testEngine();
const labelsOf = (text: string) =>
  FullAnalysis.parse(analyzeConversation(chat('e', ['customer', text]), engine))
    .turns[0]!.emotions.map((e) => e.label)
    .sort();

test('a broken device is a problem, not sadness; "shame on you" is anger, "a shame" disappointment', () => {
  assert.deepEqual(
    ['My screen is broken.', 'Shame on you for selling this.', "It's a shame the app was removed."].map(labelsOf),
    [[], ['anger'], ['disappointment']],
  );
});
