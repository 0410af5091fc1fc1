import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from './templates.ts';
import { runCommand } from './testing.ts';

const cli = (argv: string[], input: string) => runCommand(run, argv, { '-': input });

const line = (id: string, reply: string, extra: object = {}) =>
  JSON.stringify({
    id,
    channel: 'social',
    agent: { id: `agent-${id}` },
    ...extra,
    turns: [
      { role: 'customer', text: 'My login fails.' },
      { role: 'agent', text: reply },
    ],
  });

test('attune templates lists near-verbatim agent sentences with their counts, stock empathy apart from macros; opted-out and bad records are left out and said', async () => {
  const input =
    [
      line(
        'a',
        'We apologize for any inconvenience this may have caused. Please follow the steps at https://help.example.com/a to reset it.',
      ),
      line(
        'b',
        'We apologize for any inconvenience this may have caused! Please follow the steps at https://help.example.com/b to reset it.',
      ),
      line(
        'c',
        'So sorry, we apologize for any inconvenience this may have caused. Please follow these steps at https://help.example.com/c to reset it.',
      ),
      line('d', 'We apologize for any inconvenience this may have caused.', { consent: { analysis: false } }),
      '{"id": "broken"',
    ].join('\n') + '\n';
  const r = await cli(['-', '--format', 'jsonl'], input);
  assert.equal(r.code, 2);
  const found = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { text: string; kind: string; conversations: number; agents: number });
  assert.deepEqual(
    found.map((t) => [t.kind, t.conversations, t.agents, t.text]),
    [
      ['macro', 3, 3, 'Please follow the steps at https://help.example.com/a to reset it.'],
      ['stock-empathy', 3, 3, 'We apologize for any inconvenience this may have caused.'],
    ],
  );
  assert.match(r.stderr, /rejected: .*line 5/);
  assert.match(r.stderr, /read 5: 2 templates \(1 stock empathy, 1 macros\); skipped 1 \(opted out\), rejected 1\n$/);
});

test('attune templates on empty input or one huge hostile turn finds nothing and says so', async () => {
  const empty = await cli(['-'], '');
  assert.deepEqual(
    [empty.code, empty.stderr],
    [0, 'read 0: 0 templates (0 stock empathy, 0 macros); skipped 0 (opted out), rejected 0\n'],
  );
  const hostile = await cli(
    ['-', '--format', 'jsonl'],
    line('h', '!?'.repeat(30_000) + ' \u202e\u0000 ' + 'a@b. '.repeat(5_000)) + '\n',
  );
  assert.deepEqual([hostile.code, hostile.stdout], [0, '']);
});

test('attune templates refuses bad thresholds with one clear line', async () => {
  const r = await cli(['--similarity', '2'], '');
  assert.equal(r.code, 64);
  assert.equal(r.stderr, 'attune templates: --similarity must be a number from 0.3 to 1 (got "2")\n');
});
