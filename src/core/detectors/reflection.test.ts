import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareTurn, type PreparedTurn } from '../analysis/prepare.ts';
import { chat, testEngine } from '../testing.ts';
import { CustomerTerms, detectReflection } from './reflection.ts';
import { detectScripted } from './scripted.ts';

const { lexicon } = testEngine();

/** Reads a customer turn (with its context spans) then an agent turn, as analyze.ts does. */
function reflect(customer: string, agent: string, acknowledged: boolean, context: [number, number][] = []) {
  const c = chat('r', ['customer', customer], ['agent', agent]);
  const said = prepareTurn(c.turns[0]!, 0, lexicon);
  const terms = new CustomerTerms(lexicon);
  terms.add(said, context.map(([start, end]) => ({ turn: 0, start, end, text: customer.slice(start, end), detector: 'test', why: 'context' })));
  const reply: PreparedTurn = prepareTurn(c.turns[1]!, 1, lexicon);
  return detectReflection(reply, terms, detectScripted(reply), lexicon, acknowledged);
}

const echo = (agent: string, quote: string, why: string) => {
  const start = agent.indexOf(quote);
  return { turn: 1, start, end: start + quote.length, text: quote, detector: 'specificity', why };
};

test('a number word echoes the digits the customer used: "three resets" reflects "3 times"', () => {
  const agent = "Three resets will have triggered the lock, so it's not anything you got wrong.";
  assert.deepEqual(reflect("i've tried resetting it 3 times", agent, true), {
    kind: 'reflection',
    specific: true,
    evidence: [
      echo(agent, 'Three', 'echoes the customer\'s "3" (turn 0)'),
      echo(agent, 'resets', 'echoes the customer\'s "resetting" (turn 0)'),
    ],
  });
});

test('echoing the customer inside a minimising phrase is not reflection', () => {
  const customer = 'Router keeps dropping. Already restarted it.';
  assert.deepEqual(reflect(customer, 'Have you tried simply restarting the router?', true), null);
});

test('one echoed word of the situation is not enough; two are', () => {
  const customer = 'I want to make a formal complaint about my presentation';
  const context: [number, number][] = [[17, 33], [43, 55]];
  assert.equal(reflect(customer, 'Your complaint has been logged.', false), null);
  const agent = 'Your complaint about the presentation has been logged.';
  assert.deepEqual(reflect(customer, agent, false, context), {
    kind: 'reflection',
    specific: true,
    evidence: [
      echo(agent, 'complaint', 'echoes the customer\'s "complaint" (turn 0), part of what they were feeling or facing'),
      echo(agent, 'presentation', 'echoes the customer\'s "presentation" (turn 0), part of what they were feeling or facing'),
    ],
  });
});

test('a word that names an object property is an ordinary word, weighing 1', () => {
  const agent = 'The constructor failed, I am sorry.';
  assert.deepEqual(reflect('the constructor failed on me', agent, true), {
    kind: 'reflection',
    specific: true,
    evidence: [
      echo(agent, 'constructor', 'echoes the customer\'s "constructor" (turn 0)'),
      echo(agent, 'failed', 'echoes the customer\'s "failed" (turn 0)'),
    ],
  });
});
