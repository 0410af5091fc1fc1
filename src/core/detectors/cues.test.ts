import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareTurn } from '../analysis/prepare.ts';
import { chat, testEngine } from '../testing.ts';
import { detectCues } from './cues.ts';

const { lexicon } = testEngine();
const cuesOf = (text: string) => detectCues(prepareTurn(chat('c', ['customer', text]).turns[0]!, 0, lexicon), lexicon);

const cue = (text: string, quote: string, kind: string) => {
  const start = text.indexOf(quote);
  return {
    turn: 0,
    start,
    end: start + quote.length,
    text: quote,
    detector: 'lexicon:cue',
    why: `"${quote}" signals ${kind}`,
  };
};

test('"#num times" is repeat contact only after a contact verb', () => {
  assert.deepEqual(cuesOf("please. i've tried resetting it 3 times"), []);
  const text = 'I have called three times and nobody knows anything.';
  assert.deepEqual(cuesOf(text), [
    { kind: 'repeat-contact', evidence: [cue(text, 'called three times', 'repeat-contact')] },
  ]);
});

test('a contact counted by ordinal or number is repeat contact', () => {
  const text = 'This is my 4th ticket. 3 calls already.';
  assert.deepEqual(cuesOf(text), [
    {
      kind: 'repeat-contact',
      evidence: [cue(text, '4th ticket', 'repeat-contact'), cue(text, '3 calls', 'repeat-contact')],
    },
  ]);
});

test('money set aside for essentials is financial hardship', () => {
  const text = 'that was my food money this week';
  assert.deepEqual(cuesOf(text), [
    {
      kind: 'financial-hardship',
      evidence: [
        {
          ...cue(text, 'food money', 'financial-hardship'),
          why: '"food money" signals financial-hardship, said of the customer\'s own situation',
        },
      ],
    },
  ]);
});

test('praise for speed is not hurry, and an amount is not a deadline', () => {
  assert.deepEqual(cuesOf('Thank you for sorting it so quickly.'), []);
  assert.deepEqual(cuesOf("my bill's going up by eight pounds"), []);
});

test('a time of day after "at" is a deadline', () => {
  const text = 'i have a meeting at 9am';
  assert.deepEqual(cuesOf(text), [{ kind: 'deadline', evidence: [cue(text, 'at 9am', 'deadline')] }]);
});

test('a failure that repeats is not a contact that repeats; waiting on a reply and chasing an update are', () => {
  const kinds = (text: string) =>
    cuesOf(text)
      .map((c) => c.kind)
      .sort();
  assert.deepEqual(kinds('The app crashed multiple times today and my account is on hold.'), []);
  assert.deepEqual(kinds('This is the second time the order went missing.'), []);
  assert.deepEqual(kinds('I have emailed you multiple times.'), ['repeat-contact']);
  assert.deepEqual(kinds("I've been on hold for an hour."), ['repeat-contact']);
  assert.deepEqual(kinds('Still waiting for a reply. Any update on my refund?'), ['repeat-contact']);
  assert.deepEqual(kinds('I tried all the steps you sent and no one can help me.'), ['repeat-contact']);
});

test('elapsed time, boycotts and formal complaints are read in their common forms', () => {
  const kinds = (text: string) =>
    cuesOf(text)
      .map((c) => c.kind)
      .sort();
  assert.deepEqual(kinds('I bought it a few days ago and never got the code.'), ['duration']);
  assert.deepEqual(kinds('I have had this account for a while.'), []);
  assert.deepEqual(kinds('We will boycott you until this is fixed.'), ['churn-threat']);
  assert.deepEqual(kinds("I'm going to file a complaint with my attorney."), ['complaint-threat']);
  assert.deepEqual(kinds('This morning the site was down.'), []);
});

test('pointing back to an earlier contact is repeat contact: "check your DMs", "as I said", "I was told", "I spoke to your agent"', () => {
  const kinds = (text: string) =>
    cuesOf(text)
      .map((c) => c.kind)
      .sort();
  for (const text of [
    'Please check your DMs.',
    'As I said, the card is blocked.',
    'I was told it would be refunded.',
    'I spoke to your agent on Monday.',
    "I haven't heard back.",
  ]) {
    assert.deepEqual(kinds(text), ['repeat-contact'], text);
  }
  assert.deepEqual(kinds('I said goodbye to my old phone.'), []);
});

test('repeat contact in the forms customers write it, each in their own words; a "get through" that is not contact is not', () => {
  const kindsOf = (text: string) => cuesOf(text).map((c) => c.kind);
  assert.ok(kindsOf("I've already contacted your support about this.").includes('repeat-contact'));
  assert.ok(kindsOf("I can't get through to anyone on your helpline.").includes('repeat-contact'));
  assert.ok(kindsOf("I've left several messages and nobody calls back.").includes('repeat-contact'));
  assert.ok(!kindsOf("I couldn't get through more than one episode without buffering.").includes('repeat-contact'));
});
