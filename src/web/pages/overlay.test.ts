import { test } from 'node:test';
import assert from 'node:assert/strict';
import { overlayRows, withRow } from './OverlayEditor.tsx';

test('an overlay edited row by row: added phrases listed in order, a removed one leaves no empty list or section behind', () => {
  let overlay = withRow({}, { section: 'cues', list: 'deadline', phrase: 'by close of play', intensity: null }, true);
  overlay = withRow(overlay, { section: 'emotions', list: 'anger', phrase: 'fuming', intensity: 0.7 }, true);
  overlay = withRow(
    overlay,
    { section: 'scripted', list: 'scripted', phrase: 'your call matters', intensity: null },
    true,
  );
  overlay = withRow(overlay, { section: 'cues', list: 'hurry', phrase: 'in a rush', intensity: null }, true);
  assert.deepEqual(overlay, {
    cues: { deadline: ['by close of play'], hurry: ['in a rush'] },
    emotions: { anger: { fuming: 0.7 } },
    scripted: ['your call matters'],
  });
  assert.deepEqual(
    overlayRows(overlay).map((r) => [r.section, r.list, r.phrase, r.intensity]),
    [
      ['cues', 'deadline', 'by close of play', null],
      ['cues', 'hurry', 'in a rush', null],
      ['emotions', 'anger', 'fuming', 0.7],
      ['scripted', 'scripted', 'your call matters', null],
    ],
  );
  for (const row of overlayRows(overlay).filter((r) => r.list !== 'deadline')) overlay = withRow(overlay, row, false);
  assert.deepEqual(overlay, { cues: { deadline: ['by close of play'] } });
});
