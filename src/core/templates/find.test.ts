import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chat, testEngine } from '../testing.ts';
import { findTemplates } from './find.ts';
import { templateKind } from './kind.ts';

const MACRO = 'Please follow the steps here to reset your password';
const conversations = ['ana', 'ben', 'cy'].map((name, i) =>
  chat(
    `c${i}`,
    ['customer', `@Brand I can't log in, I'm ${name}`],
    [
      'agent',
      `@${name} Sorry for the inconvenience. ${MACRO}: https://help.example.com/reset?u=${i} *${name.slice(0, 2).toUpperCase()}`,
    ],
    ['customer', 'thanks'],
    ['agent', `Glad to help ${name}, your case number is ${1000 + i} and it is now closed for good.`],
  ),
);

test('a sentence three conversations share, once handles, links, numbers and sign-offs are folded, is a template', () => {
  const found = findTemplates(conversations, { minConversations: 3, minWords: 5 });
  assert.deepEqual(
    found.map((t) => [t.key, t.conversations, t.agents]),
    [['please follow the steps here to reset your password : <link>', 3, 1]],
  );
  const macro = found[0]!;
  assert.deepEqual(
    macro.occurrences.map((o) => [
      o.conversation,
      o.turn,
      conversations[Number(o.conversation.slice(1))]!.turns[o.turn]!.text.slice(o.start, o.end).startsWith(MACRO),
    ]),
    [
      ['c0', 1, true],
      ['c1', 1, true],
      ['c2', 1, true],
    ],
  );
});

test('short sentences and those fewer conversations share are not templates', () => {
  assert.deepEqual(findTemplates(conversations.slice(0, 2), { minConversations: 3, minWords: 5 }), []);
  // "@ana Sorry for the inconvenience." is shared by all three but has only four words
  assert.deepEqual(
    findTemplates(conversations, { minConversations: 3, minWords: 4 })
      .map((t) => t.key)
      .sort(),
    ['@handle sorry for the inconvenience .', 'please follow the steps here to reset your password : <link>'],
  );
});

test('a stock formula is stock empathy; a pasted set of steps is a macro', () => {
  const { lexicon } = testEngine();
  assert.equal(
    templateKind({ text: 'We apologize for any inconvenience this may have caused.' }, lexicon),
    'stock-empathy',
  );
  assert.equal(templateKind({ text: MACRO }, lexicon), 'macro');
});

test('a link followed by a capitalised word ends a sentence, a link counts as a word, and a signed first name is folded', () => {
  const pointers = ['Steven', 'Jeana', 'Afua'].map((agent, i) =>
    chat(
      `p${i}`,
      ['customer', 'my app keeps crashing'],
      [
        'agent',
        `Please refer to: https://help.example.com/crash?id=${i} These tips may help you too, see our forum -${agent}`,
      ],
    ),
  );
  assert.deepEqual(
    findTemplates(pointers, { minConversations: 3, minWords: 4 }).map((t) => [t.key, t.conversations]),
    [
      ['please refer to : <link>', 3],
      ['these tips may help you too , see our forum', 3],
    ],
  );
  // verbatim only: the folded signatures are what makes the second sentence one
  assert.deepEqual(
    findTemplates(pointers, { minConversations: 3, minWords: 4, similarity: 1 })
      .map((t) => t.key)
      .sort(),
    ['please refer to : <link>', 'these tips may help you too , see our forum'],
  );
});
