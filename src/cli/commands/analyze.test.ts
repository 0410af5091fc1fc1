import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run, type CommandIO } from './analyze.ts';
import { runCommand } from './testing.ts';

const GOOD = JSON.stringify({
  id: 'c1',
  channel: 'chat',
  turns: [
    { role: 'customer', text: "I'm fed up, my refund is three weeks late. Email me at jane.doe@example.com" },
    { role: 'agent', text: "Three weeks is far too long, that's on us. I've issued the refund today." },
  ],
});
const OPTED_OUT = JSON.stringify({
  id: 'c2',
  channel: 'email',
  consent: { analysis: false },
  turns: [{ role: 'customer', text: 'private' }],
});
const BAD_ROLE = '{"id":"c3","channel":"chat","turns":[{"role":"robot","text":"hi"}]}';
const NOT_JSON = '{"id": "c4", oops';

const cli = (argv: string[], files: Record<string, string | Uint8Array>) =>
  runCommand(run, [...argv, '--no-model'], files);

test('jsonl out: good records analysed and redacted, opted-out skipped, bad ones rejected with line and field; exit 2', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'attune-cli-'));
  const rejects = path.join(dir, 'rejects.jsonl');
  const input = [GOOD, '', OPTED_OUT, BAD_ROLE, NOT_JSON].join('\n') + '\n';
  const r = await cli(['in.jsonl', '--rejects', rejects], { 'in.jsonl': input });
  assert.equal(r.code, 2);
  const lines = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    lines.map((l) => l.id),
    ['c1', 'c2'],
  );
  assert.deepEqual(lines[1], { id: 'c2', skipped: 'opted-out' });
  assert.equal(r.stdout.includes('jane.doe@example.com'), false, 'personal data is redacted before output');
  assert.deepEqual(r.stderr.trim().split('\n'), [
    'rejected: in.jsonl line 4: turns.0.role: Invalid option: expected one of "customer"|"agent"|"bot"|"system"',
    `rejected: in.jsonl line 5: (record): not valid JSON (${jsonError(NOT_JSON)})`,
    'read 4: analysed 1, skipped 1 (opted out), rejected 2',
  ]);
  assert.equal(readFileSync(rejects, 'utf8'), `${BAD_ROLE}\n${NOT_JSON}\n`);
});

test('--rejects writes each rejected record byte for byte: byte order mark, CRLF and invalid UTF-8 kept', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'attune-cli-'));
  const rejects = path.join(dir, 'rejects.jsonl');
  const first = Buffer.from(`\uFEFF${BAD_ROLE}\r\n`);
  const invalid = Buffer.concat([
    Buffer.from('{"id": "c5", "turns": "caf'),
    Buffer.of(0xe9, 0xff),
    Buffer.from('"}\r\n'),
  ]);
  const last = Buffer.from(NOT_JSON);
  const r = await cli(['in.jsonl', '--rejects', rejects], {
    'in.jsonl': Buffer.concat([first, Buffer.from(`${GOOD}\r\n`), invalid, last]),
  });
  assert.equal(r.code, 2);
  assert.deepEqual(
    readFileSync(rejects).toString('hex'),
    Buffer.concat([first, invalid, last, Buffer.from('\n')]).toString('hex'),
  );
});

test('json out is one valid array; table out has a header, a row per conversation and the means', async () => {
  const json = await cli(['in.jsonl', '--format', 'json'], { 'in.jsonl': `${GOOD}\n${OPTED_OUT}\n` });
  assert.equal(json.code, 0);
  assert.deepEqual(
    (JSON.parse(json.stdout) as { id: string }[]).map((a) => a.id),
    ['c1', 'c2'],
  );
  const table = await cli(['in.jsonl', '--format', 'table'], { 'in.jsonl': `${GOOD}\n${OPTED_OUT}\n` });
  const rows = table.stdout.trim().split('\n');
  assert.match(rows[0]!, /^channel\s+agent\s+empathy\s+compassion\s+overall.*\s+tier\s+id$/);
  assert.match(rows[2]!, /^chat\s+-\s+\d+.*\s+c1$/);
  assert.match(rows[3]!, /^email\s+-\s+skipped: customer opted out of analysis\s+c2$/);
  assert.equal(rows[3]!.length, rows[2]!.length, 'a skipped row keeps the id column in place');
  assert.match(rows.at(-2)!, /^1 analysed — mean empathy \d+ \(1 with a moment\), compassion \d+, overall \d+/);
  assert.match(rows.at(-1)!, /^legend: empathy = .* id = pass to --explain$/);
});

test('the table prints ids whole, so a long one can be pasted into --explain', async () => {
  const id = 'zendesk-ticket-2026-000123456789';
  const input = `${GOOD.replace('"c1"', JSON.stringify(id))}\n`;
  const table = await cli(['in.jsonl', '--format', 'table'], { 'in.jsonl': input });
  const pasted = table.stdout.split('\n')[2]!.split(/\s+/).at(-1)!;
  assert.equal(pasted, id);
  const explained = await cli(['in.jsonl', '--explain', pasted], { 'in.jsonl': input });
  assert.equal(explained.code, 0);
});

test('--summary prints one small record per conversation; --fields keeps the named fields of the full one', async () => {
  const input = `${GOOD}\n${OPTED_OUT}\n`;
  const full = (await cli(['in.jsonl'], { 'in.jsonl': input })).stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const summary = await cli(['in.jsonl', '--summary'], { 'in.jsonl': input });
  const [first, second] = summary.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const a = full[0];
  assert.deepEqual(first, {
    id: 'c1',
    channel: 'chat',
    agent: null,
    tier: a.tier,
    tierTopic: a.tierReason.topic,
    ...a.scores,
    humanRequired: a.routing.decision === 'human-required',
    missedMoments: a.moments.filter((m: { outcome: string }) => m.outcome === 'missed').length,
    totalMoments: a.moments.length,
    cues: a.cues.map((c: { kind: string }) => c.kind),
    vulnerability: [],
  });
  assert.deepEqual(second, { id: 'c2', skipped: 'opted-out' });
  const fields = await cli(['in.jsonl', '--fields', 'id,tier,scores'], { 'in.jsonl': input });
  assert.deepEqual(
    fields.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l)),
    [
      { id: 'c1', scores: a.scores, tier: a.tier },
      { id: 'c2', skipped: 'opted-out' },
    ],
  );
  const bad = await cli(['in.jsonl', '--fields', 'id,score'], { 'in.jsonl': input });
  assert.equal(bad.code, 64);
  assert.match(bad.stderr, /^attune analyze: --fields takes id, engine, .* \(got "score"\)\n$/);
  const both = await cli(['in.jsonl', '--summary', '--format', 'table'], { 'in.jsonl': input });
  assert.equal(both.code, 64);
});

test('--explain prints one conversation for a person, with quoted evidence; an unknown id exits 1', async () => {
  const r = await cli(['in.jsonl', '--explain', 'c1'], { 'in.jsonl': `${GOOD}\n` });
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^Conversation c1 \(tier \d: [\w-]+\)/);
  assert.match(r.stdout, /turn 1 \[\d+-\d+\] "that's on us" is [a-z-]+ \(lexicon:behaviour\)/);
  assert.match(r.stdout, /Routing: (AI-SAFE|HUMAN-REQUIRED)/);
  const missing = await cli(['in.jsonl', '--explain', 'nope'], { 'in.jsonl': `${GOOD}\n` });
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr, 'attune analyze: no conversation with id "nope" in the input\n');
});

test('bad flags get a clear message and exit 64; a missing file is named, a setup error (exit 1), not a rejected record', async () => {
  const r = await cli(['--format', 'xml'], {});
  assert.equal(r.code, 64);
  assert.equal(r.stderr, 'attune analyze: --format must be one of jsonl, json, table (got "xml")\n');
  const fax = await cli(['--channel', 'fax'], {});
  assert.deepEqual(
    [fax.code, fax.stderr],
    [64, 'attune analyze: --channel must be one of voice, chat, email, messaging, social, ticket (got "fax")\n'],
  );
  const unknown = await cli(['--frobnicate'], {});
  assert.deepEqual([unknown.code, unknown.stderr.split('\n')[0]], [64, 'attune analyze: unknown option --frobnicate']);
  const err: string[] = [];
  const stream = (into: string[]) =>
    ({
      write: (s: string) => {
        into.push(s);
        return true;
      },
    }) as unknown as CommandIO['stdout'];
  const missing = await run(['/nonexistent/calls.jsonl'], { stdout: stream([]), stderr: stream(err) });
  assert.deepEqual([missing, err.join('')], [1, 'attune analyze: no such file: /nonexistent/calls.jsonl\n']);
});

test('hostile text never breaks a table row or the terminal', async () => {
  const evil = JSON.stringify({
    id: 'x\u001b[2J\nrow',
    channel: 'chat',
    turns: [{ role: 'customer', text: '\u0000\u001b]0;pwned\u0007 ' + '!?'.repeat(40_000) }],
  });
  const r = await cli(['in.jsonl', '--format', 'table'], { 'in.jsonl': evil + '\n' });
  assert.equal(r.code, 0);
  assert.equal(r.stdout.includes('\u001b'), false);
  assert.match(r.stdout.split('\n')[2]!, /^chat\s.*\sx\?\[2J\?row$/);
});

function jsonError(text: string): string {
  try {
    JSON.parse(text);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

test("--journeys links a customer's contacts: the later one gets a repeat-contact cue citing the earlier one, which its tier counts", async () => {
  const contact = (id: string, channel: string, at: string, text: string) =>
    JSON.stringify({
      id,
      channel,
      startedAt: at,
      customer: { id: 'cust-1' },
      turns: [
        { role: 'customer', text, at },
        { role: 'agent', text: "I've logged a fault for you.", at },
      ],
    });
  const input = [
    contact(
      'call-1',
      'voice',
      '2026-10-01T09:00:00Z',
      'My broadband keeps dropping every evening, the router lights go red.',
    ),
    contact(
      'chat-2',
      'chat',
      '2026-10-03T09:00:00Z',
      'The broadband is dropping again tonight, router lights red again.',
    ),
  ].join('\n');
  const r = await cli(['in.jsonl', '--journeys'], { 'in.jsonl': input });
  assert.equal(r.code, 0);
  const lines = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const cue = lines[1].cues.find((c: { kind: string }) => c.kind === 'repeat-contact');
  assert.equal(cue.evidence[0].conversation, 'call-1');
  assert.equal(cue.evidence[0].detector, 'journey');
  assert.equal(
    lines[0].cues.some((c: { kind: string }) => c.kind === 'repeat-contact'),
    false,
  );
  assert.deepEqual(
    [lines[1].tier, lines[1].tierReason.topic, lines[1].tierReason.evidence[0].detector],
    [2, 'repeat-contact', 'journey'],
  );
  assert.deepEqual(
    lines[2].journeys.map((j: { customerId: string; contacts: { conversationId: string }[] }) => [
      j.customerId,
      j.contacts.map((c) => c.conversationId),
    ]),
    [['cust-1', ['call-1', 'chat-2']]],
  );
});

test('--templates marks in each analysis the agent sentences the batch repeats; it needs files', async () => {
  const macro = 'Please follow the steps on our help page to reset your password';
  const line = (id: string, name: string) =>
    JSON.stringify({
      id,
      channel: 'social',
      turns: [
        { role: 'customer', text: `My login fails, I'm ${name}` },
        { role: 'agent', text: `Hi ${name}! ${macro}: https://help.example.com/reset` },
      ],
    });
  const input =
    ['a', 'b', 'c'].map((id) => line(id, `user-${id}`)).join('\n') +
    '\n' +
    JSON.stringify({
      id: 'd',
      channel: 'chat',
      turns: [
        { role: 'customer', text: 'hi' },
        { role: 'agent', text: 'Hello, how can I help today?' },
      ],
    }) +
    '\n';
  const r = await cli(['in.jsonl', '--templates'], { 'in.jsonl': input });
  assert.equal(r.code, 0, r.stderr);
  const analyses = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: string; templates: unknown[] });
  const text = `${macro}: https://help.example.com/reset`;
  assert.deepEqual(
    analyses.map((a) => [a.id, a.templates]),
    [
      ...['a', 'b', 'c'].map((id) => [
        id,
        [{ turn: 1, start: 11, end: 11 + text.length, text, conversations: 3, kind: 'macro' }],
      ]),
      ['d', []],
    ],
  );
  const stdin = await cli(['--templates'], {});
  assert.deepEqual(
    [stdin.code, stdin.stderr],
    [64, 'attune analyze: --templates reads its input twice, so it needs files, not standard input\n'],
  );
});
