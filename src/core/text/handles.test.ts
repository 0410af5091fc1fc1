import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withoutHandles } from './handles.ts';

test('handles are blanked to the same length; e-mail addresses, a lone "@" and text without handles are kept', () => {
  assert.equal(withoutHandles('@RockstarSupport PS4 @gmail_help!'), '                 PS4            !');
  assert.equal(withoutHandles('write to me@example.com @ noon'), 'write to me@example.com @ noon');
  const plain = 'no handles here';
  assert.equal(withoutHandles(plain), plain);
  assert.equal(withoutHandles('@a@b').length, 4);
});
