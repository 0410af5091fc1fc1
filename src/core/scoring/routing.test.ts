import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeConversation } from '../analyze.ts';
import { FullAnalysis, type ConversationInput } from '../schema/index.ts';
import { chat, testEngine } from '../testing.ts';

const engine = testEngine();

/** The routing decision, its reasons, and the evidence of each high dimension as "turn:text". */
function routing(...turns: [ConversationInput['turns'][number]['role'], string][]) {
  const { routing: r } = FullAnalysis.parse(analyzeConversation(chat('r', ...turns), engine));
  const high = Object.entries(r.dimensions)
    .filter(([, d]) => d.level === 'high')
    .map(([k, d]) => [k, d.evidence.map((e) => `${e.turn}:${e.text}`)]);
  return { decision: r.decision, reasons: r.reasons, high: Object.fromEntries(high) };
}

test("the agent's own policy words beside one upset word are no trade-off: automation can handle it with care", () => {
  assert.deepEqual(
    routing(
      ['customer', "I'm furious about this broken router."],
      ['agent', "We can't make an exception, our policy is no refunds after 30 days."],
    ),
    {
      decision: 'ai-safe',
      reasons: ['only emotionalLoad high: automation can handle this with care'],
      high: { emotionalLoad: ['0:furious'] },
    },
  );
  assert.equal(
    routing(
      ['customer', 'This is so annoying, you need to hurry up and fix my email.'],
      ['agent', "Due to contractual agreements, you'll need to contact AT&T for a resolution."],
    ).decision,
    'ai-safe',
  );
});

test("the customer's own trade-off beside their distress still asks for a person, with the agent's policy as context", () => {
  assert.deepEqual(
    routing(
      ['customer', "I'm furious. My flight was cancelled and I want you to make an exception and refund the ticket."],
      ['agent', 'Our policy is no refunds.'],
    ),
    {
      decision: 'human-required',
      reasons: ['high emotional load with a moral trade-off'],
      high: {
        emotionalLoad: ['0:furious'],
        moralTradeoff: ['0:make an exception', '0:exception', '0:refund the', '1:Our policy is'],
      },
    },
  );
});

test('overlapping phrases are one signal: one phrase raising two dimensions is not two reasons', () => {
  assert.deepEqual(routing(['customer', "Second time you've taken my money, bout done with y'all"]), {
    decision: 'ai-safe',
    reasons: [
      `emotionalLoad, irreversibility high, all from one signal ("done with y'all"): automation can handle this with care`,
    ],
    high: { emotionalLoad: ["0:done with y'all"], irreversibility: ['0:bout done with'] },
  });
});
