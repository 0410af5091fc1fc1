import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeConversation } from '../../core/analyze.ts';
import { redactConversation } from '../../core/privacy/redact.ts';
import { loadEngine } from '../../io/engine.ts';
import { harness, type Harness } from '../../server/testing.ts';
import { run } from './live.ts';
import { runCommand } from './testing.ts';

const voice = readFileSync(
  join(import.meta.dirname, '..', '..', '..', 'examples', 'conversations', 'voice.jsonl'),
  'utf8',
);
const files = { 'voice.jsonl': voice };

let h: Harness;
let url: string;
before(async () => {
  const engine = await loadEngine();
  h = await harness({ analyze: (c) => analyzeConversation(c, engine), redact: redactConversation, live: { engine } });
  url = await h.app.listen({ port: 0, host: '127.0.0.1' });
});
after(() => h.close());

const EXPECTED = [
  'voice-007 (voice, 6 turns, in-process, 1000× real time)',
  '  [0:00] LOW keep-brief: In a hurry: "I\'m in a hurry"',
  '           → Lead with the answer in under 45 words; skip the preamble and the script.',
  '  [0:10] cue-1 accepted: a 13-word reply ("Tomorrow between eight and twelve. He\'ll text you thirty minutes before he arriv")',
  '  1 cue(s): 1 accepted, 0 ignored, 0 dismissed',
  '',
];

test('attune live --replay plays a conversation in-process with its timing and prints its cues as they come', async () => {
  const result = await runCommand(run, ['--replay', 'voice.jsonl', '--id', 'voice-007', '--speed', '1000'], files);
  assert.deepEqual(result, { code: 0, stdout: EXPECTED.join('\n'), stderr: '' });
});

test('attune live --replay --url plays it against a running server, which stores it', async () => {
  const result = await runCommand(
    run,
    ['--replay', 'voice.jsonl', '--id', 'voice-007', '--speed', '1000', '--url', url, '--key', h.keys.admin],
    files,
  );
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stdout.split('\n');
  assert.equal(lines[0], `voice-007 (voice, 6 turns, live at ${url}, 1000× real time)`);
  // the server's clock, not the replay's: times may differ, the cues may not
  const untimed = (line: string) => line.replace(/^ {2}\[\d+:\d\d\] /, '  ');
  assert.deepEqual(lines.slice(1).map(untimed), [
    ...EXPECTED.slice(1, -2).map(untimed),
    '  1 cue(s): 1 accepted, 0 ignored, 0 dismissed; stored',
    '',
  ]);
  const stored = (
    await h.app.inject({ method: 'GET', url: '/v1/conversations/voice-007', headers: h.as('admin') })
  ).json();
  assert.equal(stored.analysis.live.cues[0].outcome, 'accepted');
});

test('attune live says plainly what is missing', async () => {
  assert.match((await runCommand(run, [], files)).stderr, /^attune live: --replay FILE is required/);
  assert.equal((await runCommand(run, ['--replay', 'voice.jsonl', '--speed', '0'], files)).code, 64);
  assert.match((await runCommand(run, ['--replay', 'voice.jsonl', '--url', url], files)).stderr, /--url needs --key/);
  assert.deepEqual(await runCommand(run, ['--replay', 'voice.jsonl', '--id', 'nope', '--speed', '1000'], files), {
    code: 65,
    stdout: '',
    stderr: 'attune live: no conversation "nope" in voice.jsonl\n',
  });
});
