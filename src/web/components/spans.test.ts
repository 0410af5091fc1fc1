import assert from 'node:assert/strict';
import { test } from 'node:test';
import { segments, type Span } from './spans.ts';

const span = (start: number, end: number, note = 'n'): Span => ({ start, end, note, tone: 'customer' });

test('cuts a text at every span edge, overlaps included, and keeps every character once', () => {
  const text = 'abcdefghij';
  const a = span(2, 6, 'a');
  const b = span(4, 8, 'b');
  assert.deepEqual(segments(text, [a, b]), [
    { text: 'ab', start: 0, end: 2, spans: [] },
    { text: 'cd', start: 2, end: 4, spans: [a] },
    { text: 'ef', start: 4, end: 6, spans: [a, b] },
    { text: 'gh', start: 6, end: 8, spans: [b] },
    { text: 'ij', start: 8, end: 10, spans: [] },
  ]);
});

test('a span outside the text or empty is left out rather than breaking the text', () => {
  assert.deepEqual(segments('abc', [span(2, 9), span(1, 1), span(-1, 2)]), [
    { text: 'abc', start: 0, end: 3, spans: [] },
  ]);
  assert.deepEqual(segments('', []), []);
});
