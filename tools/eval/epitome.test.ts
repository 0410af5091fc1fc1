import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Behaviour } from '../../src/core/schema/index.ts';
import { levelOf } from './epitome.ts';
import { esconvFile } from './esconv.ts';

const span = { turn: 1, start: 0, end: 4, text: 'sorry', detector: 'test', why: 'fixture' };
const b = (kind: Behaviour['kind'], spans = 1, specific?: boolean): Behaviour => ({
  kind,
  evidence: Array.from({ length: spans }, () => span),
  ...(specific === undefined ? {} : { specific }),
});

test('engine behaviours map to EPITOME levels as documented', () => {
  assert.deepEqual(
    [
      levelOf('emotional-reactions', []),
      levelOf('emotional-reactions', [b('acknowledgement')]),
      levelOf('emotional-reactions', [b('acknowledgement'), b('validation')]),
      levelOf('emotional-reactions', [b('validation', 2)]),
      levelOf('interpretations', [b('acknowledgement')]),
      levelOf('interpretations', [b('reflection', 1, false)]),
      levelOf('interpretations', [b('reflection', 1, true)]),
      levelOf('explorations', [b('exploration')]),
      levelOf('explorations', [b('exploration', 2)]),
      levelOf('emotional-reactions', [b('warmth')]),
      levelOf('emotional-reactions', [b('warmth'), b('reassurance')]),
      levelOf('interpretations', [b('shared-experience')]),
      levelOf('interpretations', [b('shared-experience', 2)]),
    ],
    [0, 1, 2, 2, 0, 1, 2, 1, 2, 1, 2, 1, 2],
  );
});

test('ESConv reads valid for dev and the split name otherwise', () => {
  assert.deepEqual(
    [esconvFile('d', 'dev'), esconvFile('d', 'test')],
    ['d/esconv/valid_rl.txt', 'd/esconv/test_rl.txt'],
  );
});
