import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactText, redactConversation, privacyGate } from './index.ts';
import { Conversation } from '../schema/index.ts';

const cases: [string, string][] = [
  ['Email me at jane.smith+test@example.co.uk.', 'Email me at [EMAIL].'],
  [
    'Call +44 20 7946 0958 or (415) 555-0132 or 07700 900123 or +1-212-555-0199.',
    'Call [PHONE] or [PHONE] or [PHONE] or [PHONE].',
  ],
  [
    'Card 4111 1111 1111 1111, Amex 3782 822463 10005, not 4111-1111-1111-1112.',
    'Card [CARD], Amex [CARD], not 4111-1111-1111-1112.',
  ],
  [
    'IBAN GB82 WEST 1234 5698 7654 32 or DE89370400440532013000; not DE89370400440532013001',
    'IBAN [IBAN] or [IBAN]; not DE89370400440532013001',
  ],
  [
    'SSN 123-45-6789 but not 000-12-3456; NI AB 12 34 56 C or ab123456c',
    'SSN [SSN] but not 000-12-3456; NI [NI] or [NI]',
  ],
  ['From 192.168.1.20 and 2001:db8::8a2e:370:7334 at 10:30:00, app 1.2.3', 'From [IP] and [IP] at 10:30:00, app 1.2.3'],
  [
    'I live at 221B Baker Street, London NW1 6XE; or 1600 Pennsylvania Avenue, Washington, DC 20500.',
    'I live at [ADDRESS], London [POSTCODE]; or [ADDRESS], Washington, DC [POSTCODE].',
  ],
  [
    "Hi, my name is Jane Smith, this is Tom calling, I'm called Ana, ask for Mrs Patel. my name is jane doe and",
    "Hi, my name is [NAME], this is [NAME] calling, I'm called [NAME], ask for [NAME]. my name is [NAME] and",
  ],
];

test('each type of personal data is replaced by its placeholder', () => {
  assert.deepEqual(
    cases.map(([input]) => redactText(input).text),
    cases.map(([, output]) => output),
  );
});

test('hard negatives are left alone: order numbers, dates, times, amounts, tracking codes, versions', () => {
  const text =
    'Order 1234567890 placed 2024-03-01 10:30 for £1,299.99, tracking 1Z999AA10123456784, ref #12345678901, on 01-03-2024 12:45, v2.4.1, this is ridiculous, call me back';
  assert.deepEqual(redactText(text), { text, spans: [] });
});

test('spans are offsets of the original text', () => {
  assert.deepEqual(redactText('mail jo@x.io now'), {
    text: 'mail [EMAIL] now',
    spans: [{ type: 'EMAIL', start: 5, end: 12 }],
  });
});

test('1 MB hostile strings come back (single-pass scanners, no backtracking)', () => {
  const size = 1_000_000;
  const hostile = [
    'a@'.repeat(size / 2),
    '1 '.repeat(size / 2),
    '1-'.repeat(size / 2),
    '::'.repeat(size / 2),
    'AB1 '.repeat(size / 4),
    '9'.repeat(size),
    '.'.repeat(size),
    'my name is '.repeat(size / 11),
    'Mr '.repeat(size / 3),
    '1 A '.repeat(size / 4),
    'GB82 '.repeat(size / 5),
    'x'.repeat(size),
    'a at b dot '.repeat(size / 11),
    '[at]'.repeat(size / 4),
    'dob 1 '.repeat(size / 6),
    'password is '.repeat(size / 12),
    '0 '.repeat(size / 2),
    '１'.repeat(size),
    '\u00a0'.repeat(size),
    'sort code 11-11-11 '.repeat(size / 19),
    '',
    '\ud800'.repeat(size / 2),
    "I'm ".repeat(size / 4),
    'Kind regards,\n'.repeat(size / 14),
    'Jane '.repeat(size / 5),
    'pin one two '.repeat(size / 12),
    'number 0 7 7  '.repeat(size / 14),
    'PATEL, '.repeat(size / 7),
    'account 12345678 '.repeat(size / 17),
    'Jane here '.repeat(size / 10),
    'A. '.repeat(size / 3),
    'x\n'.repeat(size / 2) + 'Jane',
  ];
  for (const text of hostile) assert.equal(typeof redactText(text).text, 'string');
});

test('conversations are redacted in turns and metadata; opted-out ones are skipped with no text', () => {
  const conversation = Conversation.parse({
    id: 'c1',
    channel: 'ticket',
    metadata: { internalNotes: [{ text: 'customer is jo@x.io' }] },
    turns: [{ role: 'customer', text: 'call 07700 900123' }],
  });
  assert.deepEqual(redactConversation(conversation), {
    ...conversation,
    metadata: { internalNotes: [{ text: 'customer is [EMAIL]' }] },
    turns: [{ role: 'customer', text: 'call [PHONE]' }],
  });
  assert.deepEqual(privacyGate({ ...conversation, consent: { analysis: false } }), {
    analyse: false,
    skipped: { id: 'c1', skipped: 'opted-out' },
  });
  assert.deepEqual(privacyGate(conversation, { redact: false }), { analyse: true, conversation });
});

test('random text: spans are ordered, disjoint, inside the text, and the output is the text with placeholders', () => {
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const alphabet = [
    'a',
    'B',
    '1',
    '7',
    ' ',
    '-',
    '.',
    '@',
    ':',
    '+',
    '(',
    ')',
    'GB82',
    'my name is ',
    'Mr ',
    ' Street',
    '\n',
    'é',
    '4111 1111 1111 1111',
    '07700 900123',
  ];
  for (let n = 0; n < 300; n++) {
    const text = Array.from(
      { length: Math.floor(rand() * 60) },
      () => alphabet[Math.floor(rand() * alphabet.length)],
    ).join('');
    const { text: out, spans } = redactText(text);
    let rebuilt = '';
    let from = 0;
    for (const span of spans) {
      assert.ok(
        span.start >= from && span.end > span.start && span.end <= text.length,
        JSON.stringify({ text, spans }),
      );
      rebuilt += text.slice(from, span.start) + `[${span.type}]`;
      from = span.end;
    }
    assert.equal(out, rebuilt + text.slice(from));
  }
});

test('written-around variants: spelled and spaced e-mails, dotted, spaced, no-break and fullwidth phones, split cards, dashed IBANs', () => {
  const cases: [string, string][] = [
    [
      'jane at gmail dot com, jane(at)gmail(dot)com, jane [at] gmail [dot] com, jane @ gmail.com, jane＠gmail．com',
      '[EMAIL], [EMAIL], [EMAIL], [EMAIL], [EMAIL]',
    ],
    [
      'we met at google.com offices and I work at the station dot com',
      'we met at google.com offices and I work at the station dot com',
    ],
    [
      'call 07700.900.123 or 0 7 7 0 0 9 0 0 1 2 3 or 07700\u00a0900\u00a0123 or ０７７００ ９００１２３',
      'call [PHONE] or [PHONE] or [PHONE] or [PHONE]',
    ],
    ['card 4111.1111.1111.1111, 4111/1111/1111/1111 and 4111-111111-111111', 'card [CARD], [CARD] and [CARD]'],
    ['IBAN GB29-NWBK-6016-1331-9268-19', 'IBAN [IBAN]'],
  ];
  assert.deepEqual(
    cases.map(([input]) => redactText(input).text),
    cases.map(([, output]) => output),
  );
});

test('identifiers introduced by their names: date of birth, passport, sort code and account, password or PIN', () => {
  assert.equal(
    redactText(
      'DOB 04/07/1985, born on 3rd March 1979, passport number 123456789, sort code 20-00-00 account 55779911, my password is Summer2024! and pin is 4821.',
    ).text,
    'DOB [DOB], born on [DOB], passport number [PASSPORT], sort code [ACCOUNT] account [ACCOUNT], my password is [PASSWORD] and pin is [PASSWORD].',
  );
  const text =
    'Delivered on 04/07/2025, order 55779911, version 1.2.3, the pin was bent, born in Leeds; reset your password: https://help.example.com/reset';
  assert.deepEqual(redactText(text), { text, spans: [] });
});

test('names as customers give them: introductions, "X here", labels, surname-first, sign-offs, a known first name with a surname', () => {
  const cases: [string, string][] = [
    [
      "hi im liam, I'm Rose and I'd like a refund; I'm sorry it's late",
      "hi im [NAME], I'm [NAME] and I'd like a refund; I'm sorry it's late",
    ],
    ['Hiya, Bethan here again. It was Aoife here.', 'Hiya, [NAME] here again. It was [NAME] here.'],
    ['Name: PATEL, RAJESH\nCustomer name: Fitzgerald, Niamh', 'Name: [NAME]\nCustomer name: [NAME]'],
    // surname-first only at the start of the text or of a line, or after ": "
    ['PATEL, RAJESH called about the bill', '[NAME] called about the bill'],
    ['Ticket 4411\nPATEL, RAJESH\nre: refund', 'Ticket 4411\n[NAME]\nre: refund'],
    ['Ref:PATEL, RAJESH', 'Ref:PATEL, RAJESH'],
    [
      'That is sorted.\n\nKind regards,\nAlison Pryce\nSent from my iPhone',
      'That is sorted.\n\nKind regards,\n[NAME]\nSent from my iPhone',
    ],
    ['Thanks, Gemma', 'Thanks, [NAME]'],
    ['Karen Moss is the account holder; send it to Mr A. Oyelaran', '[NAME] is the account holder; send it to [NAME]'],
    ['I will be taking this further.\n\nMark Doyle', 'I will be taking this further.\n\n[NAME]'],
  ];
  assert.deepEqual(
    cases.map(([input]) => redactText(input).text),
    cases.map(([, output]) => output),
  );
  const text =
    "I bought it from John Lewis, then Best Buy; Hi Team, my Alexa and the Archer AX55 router from Sainsbury's";
  assert.deepEqual(redactText(text), { text, spans: [] });
});

test('account numbers, passports, PINs and phones as they are said: split, after a few words, spelled out', () => {
  const cases: [string, string][] = [
    ['Acc: 4417 2290 sc: 16.00.38', 'Acc: [ACCOUNT] sc: [ACCOUNT]'],
    ['my bank details are 20-32-06 / 43871902', 'my bank details are [ACCOUNT] / [ACCOUNT]'],
    ['new passport is 925 665 416, old one was 107185703', 'new passport is [PASSPORT], old one was [PASSPORT]'],
    [
      'PIN 0639 does not work; the passcode I set was 290817',
      'PIN [PASSWORD] does not work; the passcode I set was [PASSWORD]',
    ],
    [
      'I changed the password to Liverpool#1892 and memorable word is DAISYCHAIN',
      'I changed the password to [PASSWORD] and memorable word is [PASSWORD]',
    ],
    ["my mobile's oh seven seven double oh, nine double oh, four one two", "my mobile's [PHONE]"],
    ['Card used: 4929 1234 5678 9012, exp 08/28', 'Card used: [CARD], exp 08/28'],
  ];
  assert.deepEqual(
    cases.map(([input]) => redactText(input).text),
    cases.map(([, output]) => output),
  );
  const text =
    'my account was charged on 15/01/2024, account ending 4321, my password reset link expired, PIN blocked, card exp 09/27';
  assert.deepEqual(redactText(text), { text, spans: [] });
});

test('with a keyed hash, identifiers one joins on become the same pseudonym wherever they appear; names and free text do not', () => {
  const hash = (text: string) =>
    [...text]
      .reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7)
      .toString(16)
      .padStart(8, '0')
      .repeat(3);
  const conversation = (id: string, customer: Record<string, unknown>) =>
    Conversation.parse({ id, channel: 'chat', customer, turns: [{ role: 'customer', text: 'mail jo@x.io' }] });
  const a = redactConversation(
    conversation('c1', {
      id: 'Jane.Doe@Example.com ',
      email: 'jane.doe@example.com',
      phone: '07700 900123',
      name: 'Jane Doe',
    }),
    hash,
  );
  const b = redactConversation(
    conversation('c2', { id: 'jane.doe@example.com', mobile: '07700-900-123', accountNumber: 55779911 }),
    hash,
  );
  const c = redactConversation(conversation('c3', { id: 'cust-42', email: 'john@example.com' }), hash);
  const hex = a.customer!.id.slice('email:'.length);
  assert.match(a.customer!.id, /^email:[0-9a-f]{20}$/);
  assert.equal(b.customer!.id, a.customer!.id);
  assert.deepEqual(
    { ...a.customer, ...b.customer },
    {
      id: a.customer!.id,
      email: `[EMAIL:${hex}]`,
      name: '[NAME]',
      phone: a.customer!.phone,
      mobile: a.customer!.phone,
      accountNumber: (b.customer as Record<string, unknown>).accountNumber,
    },
  );
  assert.match(String(a.customer!.phone), /^\[PHONE:[0-9a-f]{20}\]$/);
  assert.match(String((b.customer as Record<string, unknown>).accountNumber), /^\[ACCOUNT:[0-9a-f]{20}\]$/);
  assert.equal(c.customer!.id, 'cust-42');
  assert.notEqual(c.customer!.email, `[EMAIL:${hex}]`);
  assert.equal(a.turns[0]!.text, 'mail [EMAIL]');
  assert.equal(
    redactConversation(conversation('c4', { id: '12345678' }), hash).customer!.id.startsWith('account:'),
    true,
  );
});

test('everything personal a conversation carries is redacted, ids kept; metadata keys and any depth included', () => {
  let deep: Record<string, unknown> = { leaf: 'write to jane.doe@example.com' };
  for (let i = 0; i < 10_000; i++) deep = { next: deep };
  const c = Conversation.parse({
    id: 'c1',
    channel: 'chat',
    queue: 'vip jane.doe@example.com',
    customer: { id: 'cust-1', name: 'Jane Doe', email: 'jane.doe@example.com', phone: '07700 900123', tier: 'gold' },
    agent: { id: 'agent-7', team: 'billing', fullName: 'Sam Agent' },
    consent: { analysis: true, source: 'ivr', recordedBy: 'call 07700 900124' },
    metadata: { 'jane.doe@example.com': true, 'bob@example.com': false, nested: deep },
    turns: [{ role: 'customer', text: 'hi' }],
  });
  const r = redactConversation(c);
  assert.deepEqual(
    { customer: r.customer, agent: r.agent, consent: r.consent, queue: r.queue },
    {
      customer: { id: 'cust-1', name: '[NAME]', email: '[EMAIL]', phone: '[PHONE]', tier: 'gold' },
      agent: { id: 'agent-7', team: 'billing', fullName: '[NAME]' },
      consent: { analysis: true, source: 'ivr', recordedBy: 'call [PHONE]' },
      queue: 'vip [EMAIL]',
    },
  );
  assert.deepEqual(Object.keys(r.metadata!), ['[EMAIL]', '[EMAIL]#2', 'nested']);
  assert.equal(JSON.stringify({ ...r, metadata: { ...r.metadata, nested: null } }).includes('jane.doe'), false);
  let at = r.metadata!.nested as Record<string, unknown>;
  while (at.next) at = at.next as Record<string, unknown>;
  assert.equal(at.leaf, 'write to [EMAIL]');
});
