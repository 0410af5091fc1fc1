import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareTurn, type PreparedTurn } from '../analysis/prepare.ts';
import { chat, testEngine } from '../testing.ts';
import { CustomerTerms, detectReflection } from './reflection.ts';
import { detectScripted } from './scripted.ts';

const { lexicon } = testEngine();

/** Reads a customer turn (with its context spans) then an agent turn, as analyze.ts does. */
function reflect(customer: string, agent: string, context: [number, number][] = []) {
  const c = chat('r', ['customer', customer], ['agent', agent]);
  const said = prepareTurn(c.turns[0]!, 0, lexicon);
  const terms = new CustomerTerms(lexicon);
  terms.add(
    said,
    context.map(([start, end]) => ({
      turn: 0,
      start,
      end,
      text: customer.slice(start, end),
      detector: 'test',
      why: 'context',
    })),
  );
  const reply: PreparedTurn = prepareTurn(c.turns[1]!, 1, lexicon);
  return detectReflection(reply, terms, detectScripted(reply), lexicon);
}

const echo = (agent: string, quote: string) => {
  const start = agent.indexOf(quote);
  const why = `echoes the customer's "${quote.toLowerCase()}" (turn 0), part of what they were feeling or facing, in an acknowledging sentence`;
  return { turn: 1, start, end: start + quote.length, text: quote, detector: 'specificity', why };
};

test("the customer's problem, echoed in an acknowledging sentence, is reflection", () => {
  const agent = "I'm sorry the shared calendar won't open. Here's how to fix it.";
  assert.deepEqual(reflect("I can't open the shared calendar", agent), {
    kind: 'reflection',
    specific: true,
    evidence: [echo(agent, 'shared'), echo(agent, 'calendar'), echo(agent, 'open')],
  });
});

test('echoing the customer outside an acknowledging sentence is not reflection', () => {
  assert.equal(
    reflect("I can't send the private message", 'Our private message function is open to the public.'),
    null,
  );
  assert.equal(reflect("I can't open the shared calendar", 'The shared calendar opens from the sidebar.'), null);
});

test('words inside a request for details or instructions do not count', () => {
  const customer = "My order never arrived and the tracking number doesn't work";
  assert.equal(reflect(customer, 'Sorry about that, please DM us your order and tracking number.'), null);
  assert.equal(reflect(customer, 'Sorry! Regarding your order and tracking, please check our help page.'), null);
});

test('echoing the customer inside a minimising phrase is not reflection', () => {
  const customer = "Router keeps dropping. Already restarted it, it won't stay up.";
  assert.equal(reflect(customer, 'Sorry, have you tried simply restarting the router?'), null);
});

test('a handle or a brand is not a reflected word', () => {
  assert.equal(reflect("@TeamSupport my login doesn't work", "Sorry @TeamSupport, we'll look."), null);
  assert.equal(
    reflect("My Minecraft Realms won't load", 'That must be frustrating, Minecraft Realms not loading.'),
    null,
  );
});

test('topic words that are not part of a problem the customer stated do not count', () => {
  assert.equal(
    reflect('What are the opening hours for the Leeds branch?', 'Sorry, the Leeds branch hours are on the site.'),
    null,
  );
});

test('one echoed word of the problem is not enough; a word of the cue or emotion itself counts double', () => {
  assert.equal(reflect("I can't open the shared calendar", "I'm sorry the calendar failed."), null);
  const customer = 'I want to make a formal complaint about my presentation';
  const agent = "I'm sorry your complaint went unanswered.";
  assert.deepEqual(reflect(customer, agent, [[17, 33]]), {
    kind: 'reflection',
    specific: true,
    evidence: [echo(agent, 'complaint')],
  });
});
