import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFixtures, accepted, rejections } from './testing.ts';
import { cleanEmailBody } from './email-clean.ts';
import { pseudonym } from './email.ts';

test('quoted replies, signatures, sign-offs and disclaimers are stripped', () => {
  const body = [
    'Hi,',
    '',
    'Still no refund. Please help.',
    '',
    'Kind regards,',
    'Jane',
    '07700 900456',
    '',
    'On Fri, 1 Mar 2024 at 16:40, Acme <help@acme.example>',
    'wrote:',
    '> processed',
    '> in 3-5 days',
  ].join('\r\n');
  assert.equal(cleanEmailBody(body), 'Hi,\n\nStill no refund. Please help.');
  assert.equal(cleanEmailBody('Done.\n-- \nTom\nAcme'), 'Done.');
  assert.equal(cleanEmailBody('Done.\n\nThis email and any attachments are confidential.\nMore legal.'), 'Done.');
  assert.equal(cleanEmailBody('Fixed.\n\nFrom: Jane\nSent: Monday\nSubject: x\n\nold'), 'Fixed.');
  assert.equal(cleanEmailBody('> only quoted'), '');
});

const message = (from: string, id: string, date: string, body: string, extra = '', subject = 'Re: Refund') =>
  `From: ${from}\nTo: other@example.org\nSubject: ${subject}\nDate: ${date}\nMessage-ID: <${id}>\n${extra}Content-Type: text/plain\n\n${body}\n`;

test('an .eml is one conversation of one turn; direction by agent domain', async () => {
  const eml = message(
    'Jane <jane@home.example>',
    'm1@home.example',
    'Mon, 04 Mar 2024 10:02:00 +0000',
    'Where is my refund?\n\nThanks,\nJane',
  );
  const records = await readFixtures({ 'mail/r.eml': eml }, { agentDomains: ['acme.example'] });
  assert.deepEqual(accepted(records), [
    {
      id: 'r',
      channel: 'email',
      startedAt: '2024-03-04T10:02:00.000Z',
      customer: { id: pseudonym('jane@home.example') },
      language: 'en',
      consent: { analysis: true },
      metadata: { subject: 'Re: Refund', messages: 1 },
      turns: [
        {
          role: 'customer',
          text: 'Where is my refund?',
          at: '2024-03-04T10:02:00.000Z',
          metadata: { from: pseudonym('jane@home.example'), messageId: '<m1@home.example>' },
        },
      ],
    },
  ]);
});

test('an mbox is split on From lines and threaded by references; threads come out least recently active first', async () => {
  const mbox = [
    'From jane@home.example Mon Mar  4 10:02:00 2024',
    message(
      'jane@home.example',
      'm1@home.example',
      'Mon, 04 Mar 2024 10:02:00 +0000',
      'Refund please.\n>From the start it was wrong.',
    ),
    'From bob@elsewhere.example Mon Mar  4 10:05:00 2024',
    message(
      'bob@elsewhere.example',
      'x1@elsewhere.example',
      'Mon, 04 Mar 2024 10:05:00 +0000',
      'Unrelated question.',
      '',
      'Opening hours?',
    ),
    'From tom@acme.example Mon Mar  4 11:00:00 2024',
    message(
      'tom@acme.example',
      'm2@acme.example',
      'Mon, 04 Mar 2024 11:00:00 +0000',
      'Sent today.\n\nOn Mon, Jane wrote:\n> Refund please.',
      'In-Reply-To: <m1@home.example>\nReferences: <m1@home.example>\n',
    ),
  ].join('\n');
  const records = await readFixtures({ 'box.mbox': mbox }, { agentDomains: ['acme.example'] });
  assert.deepEqual(
    accepted(records).map((c) => [c.id, c.turns.map((t) => [t.role, t.text])]),
    [
      ['<x1@elsewhere.example>', [['customer', 'Unrelated question.']]],
      [
        '<m1@home.example>',
        [
          ['customer', 'Refund please.\nFrom the start it was wrong.'],
          ['agent', 'Sent today.'],
        ],
      ],
    ],
  );
});

test('a message with no From, or nothing of its own, is rejected', async () => {
  const noFrom = 'From x Mon Mar  4 10:02:00 2024\nSubject: hi\nDate: Mon, 04 Mar 2024 10:02:00 +0000\n\nbody\n';
  assert.deepEqual(rejections(await readFixtures({ 'a.mbox': noFrom })), ['1: from: message has no From address']);
  const quotedOnly = message('jane@home.example', 'q@home.example', 'Mon, 04 Mar 2024 10:02:00 +0000', '> just quoted');
  assert.deepEqual(rejections(await readFixtures({ 'b.eml': quotedOnly })), [
    '1: turns.0.text: message has no text of its own after quoted replies and signature are removed',
  ]);
});
