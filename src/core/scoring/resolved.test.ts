import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeConversation } from '../analyze.ts';
import { FullAnalysis } from '../schema/index.ts';
import { chat, testEngine } from '../testing.ts';

const engine = testEngine();
const UPSET = "My phone won't unlock and I'm so frustrated.";
const STEPS = 'Wipe the sensor above the earpiece with a soft cloth.';

function moment(...after: string[]) {
  const a = FullAnalysis.parse(
    analyzeConversation(
      chat('r', ['customer', UPSET], ['agent', STEPS], ...after.map((t) => ['customer', t] as ['customer', string])),
      engine,
    ),
  );
  const m = a.moments[0]!;
  return {
    outcome: m.outcome,
    answer: m.evidence.filter((e) => e.turn === 2).map((e) => e.text),
    empathy: a.scores.empathy,
  };
}

test("the customer's word that the reply worked is help, seen or not in the agent's words", () => {
  const unseen = moment();
  assert.deepEqual({ outcome: unseen.outcome, answer: unseen.answer }, { outcome: 'missed', answer: [] });
  const solved = moment('It works now, thank you!');
  assert.deepEqual(
    { outcome: solved.outcome, answer: solved.answer },
    { outcome: 'helped-not-heard', answer: ['works now'] },
  );
  assert.ok(solved.empathy! > unseen.empathy!, `${solved.empathy} vs ${unseen.empathy}`);
});

test('a later turn that is upset, asks whether it works, or raises a new moment is no word that it worked', () => {
  for (const answer of [
    'Thanks for nothing, it is still broken and I am furious.',
    'Is it working now?',
    "It works now but I've been waiting since Monday for the refund.",
  ])
    assert.deepEqual(moment(answer).answer, [], answer);
});

test('a reply that blames the customer stays missed, whatever the customer says next', () => {
  const a = FullAnalysis.parse(
    analyzeConversation(
      chat(
        'b',
        ['customer', UPSET],
        ['agent', 'You should have read the instructions. Wipe the sensor with a soft cloth.'],
        ['customer', 'OK it works now, thanks.'],
      ),
      engine,
    ),
  );
  assert.equal(a.moments[0]!.outcome, 'missed');
});
