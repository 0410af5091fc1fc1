import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requestedSecrets } from './scan-answer.ts';
import { redactText } from './redact.ts';

test('a question or request for a secret is told from a warning or a statement about one', () => {
  assert.deepEqual(
    [
      'Okay, can I take the account number?',
      "What's the name of the first pet you set as your memorable word, and the last 3 digits of the card you pay by?",
      'Please confirm the sort code.',
      "Never share your password with anyone, we'll never ask for it.",
      "I've reset your password.",
      'Thanks for waiting.',
    ].map(requestedSecrets),
    [['ACCOUNT'], ['ACCOUNT', 'PASSWORD'], ['ACCOUNT'], [], [], []],
  );
});

test('the answer to an account-number question loses its digits, spoken or typed, and keeps quantities', () => {
  const asked = 'Can I take the account number?';
  assert.deepEqual(
    [
      "it's, hang on, I've got the letter here somewhere. here. 6612 0045",
      'two zero, four five, seven seven',
      "I've been waiting 120 minutes and called 3 times",
      'one sec',
    ].map((answer) => redactText(answer, asked).text),
    [
      "it's, hang on, I've got the letter here somewhere. here. [ACCOUNT]",
      '[ACCOUNT]',
      "I've been waiting 120 minutes and called 3 times",
      'one sec',
    ],
  );
});

test('a short answer to a memorable-word question is the secret; plain replies and unasked text are not', () => {
  const asked = "What's your memorable word?";
  assert.deepEqual(
    [redactText('biscuit and 812', asked), redactText('yes ok', asked), redactText('biscuit and 812')],
    [
      { text: '[PASSWORD]', spans: [{ type: 'PASSWORD', start: 0, end: 15 }] },
      { text: 'yes ok', spans: [] },
      { text: 'biscuit and 812', spans: [] },
    ],
  );
});

test('hostile answers come back in linear time', () => {
  const asked = 'Can I take the account number and your password?';
  for (const text of [
    '1 '.repeat(500_000),
    ', '.repeat(500_000) + '1',
    'two '.repeat(250_000),
    '1 minutes '.repeat(100_000),
  ]) {
    assert.equal(typeof redactText(text, asked).text, 'string');
  }
});

test('the same question asked again, after another, is read the same', () => {
  const account = 'Can I take the account number?';
  const thanks = 'Thanks for waiting.';
  assert.deepEqual([account, account, thanks, account, thanks].map(requestedSecrets), [
    ['ACCOUNT'],
    ['ACCOUNT'],
    [],
    ['ACCOUNT'],
    [],
  ]);
});
