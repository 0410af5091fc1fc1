import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Conversation } from '../../core/schema/index.ts';
import { sanitize } from './sanity.ts';

const base = (extra: object = {}) =>
  Conversation.parse({ id: 'c1', channel: 'chat', turns: [{ role: 'customer', text: 'hi' }], ...extra });

test('deep nesting and look-alike or broken ids are problems with their path; a NUL becomes U+FFFD with a warning; ids come back in NFC', () => {
  let deep: Record<string, unknown> = { leaf: 1 };
  for (let i = 0; i < 10_000; i++) deep = { next: deep };
  const nul = sanitize(base({ turns: [{ role: 'customer', text: 'a\u0000b' }], metadata: { 'k\u0000': 'v' } }));
  assert.deepEqual(
    [nul.problems, nul.warnings, nul.conversation.turns[0]!.text, Object.keys(nul.conversation.metadata!)],
    [[], ['NUL characters (U+0000) replaced with U+FFFD in 2 strings: they cannot be stored'], 'a\ufffdb', ['k\ufffd']],
  );
  assert.deepEqual(
    sanitize(base({ metadata: { deep } })).problems.map((p) => p.reason),
    ['nested more than 32 levels deep'],
  );
  assert.deepEqual(sanitize(base({ id: 'c\u200b1' })).problems, [
    { path: 'id', reason: 'id holds an invisible character (U+200B), which makes look-alike ids' },
  ]);
  assert.deepEqual(sanitize(base({ customer: { id: 'x\ud800' } })).problems, [
    {
      path: 'customer.id',
      reason: 'id holds a lone surrogate (invalid UTF-16), which cannot be stored and matched again',
    },
  ]);
  assert.deepEqual(sanitize(base({ id: 'x'.repeat(129) })).problems, [
    { path: 'id', reason: 'id is 129 characters, over the limit of 128' },
  ]);
  const clean = sanitize(base({ id: 'cafe\u0301', customer: { id: 'ren\u00e9e' } }));
  assert.deepEqual(
    [clean.problems, clean.conversation.id, clean.conversation.customer?.id],
    [[], 'caf\u00e9', 'ren\u00e9e'],
  );
});
