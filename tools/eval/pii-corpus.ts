import type { PiiType } from '../../src/core/privacy/index.ts';

/** A generated turn with the personal data planted in it (spans of `text`). */
export interface PlantedTurn {
  text: string;
  planted: { type: PiiType; start: number; end: number }[];
}

import { createRandom as prng } from '../../src/core/training/prng.ts';

const FIRST = [
  'Jane',
  'Tom',
  'Priya',
  'Mohammed',
  'Olivia',
  'Liam',
  'Aisha',
  'Chen',
  'Sofia',
  'Kwame',
  'Emily',
  'Raj',
  'Zofia',
  'Diego',
  'Fatima',
  'Noah',
  'Grace',
  'Oluwaseun',
  'Hannah',
  'Mateo',
];
const LAST = [
  'Smith',
  'Patel',
  'Nguyen',
  'Okafor',
  'Garcia',
  'Kowalski',
  'Brown',
  'Khan',
  "O'Neill",
  'Williams',
  'Jones',
  'Ahmed',
  'Murphy',
  'Rossi',
  'Taylor',
  'Lee',
  'Evans',
  'Clarke',
  'Mensah',
  'Fischer',
];
const DOMAINS = [
  'gmail.com',
  'outlook.com',
  'yahoo.co.uk',
  'btinternet.com',
  'example.org',
  'mail.company.co.uk',
  'icloud.com',
  'proton.me',
  'hotmail.fr',
  'uni.ac.uk',
];
const STREETS = [
  'Baker Street',
  'High Street',
  'Elm Road',
  'Station Road',
  'Church Lane',
  'Victoria Avenue',
  'Mill Lane',
  'Park Drive',
  'Oak Close',
  'Maple Avenue',
  'Sunset Boulevard',
  'Kings Road',
  'Queen Street',
  'Market Place',
  'Pennsylvania Avenue',
];
const FILLER = [
  "I've been waiting for over a week now and nobody has got back to me.",
  'The app keeps logging me out every time I try to pay.',
  'Can you please check what is going on with my account?',
  'I was charged twice and I really need the money back.',
  "It's the third time I've had to contact you about this.",
  'Thanks for your help so far, I appreciate it.',
  'The engineer never turned up and I took the day off work.',
  "I'm worried because my rent is due on Friday.",
  'Could you send me a confirmation when it is done?',
  'My internet keeps dropping out in the evenings.',
];
const NEGATIVES = [
  () => `My order number is ${digits(8)}.`,
  () => `Order #${digits(6)} arrived damaged.`,
  () => `It was order ${digits(10)} I think.`,
  () => `The tracking code is 1Z${digits(3)}AA${digits(10)}.`,
  () => `Tracking number JD01460000${digits(10)} shows no movement.`,
  () => `I paid £${digits(1)},${digits(3)}.${digits(2)} on ${pad(int(1, 28))}/${pad(int(1, 12))}/2024.`,
  () => `It was booked for 2024-${pad(int(1, 12))}-${pad(int(1, 28))} at ${pad(int(8, 18))}:${pad(int(0, 59))}.`,
  () => `The delivery window was ${int(8, 11)}:${pad(int(0, 59))}am to ${int(1, 5)}:30pm.`,
  () => `My reference is REF-2024-${digits(6)}.`,
  () => `Case ${digits(8)} was closed without asking me.`,
  () => `I'm on version ${int(1, 9)}.${int(0, 20)}.${int(0, 9)} of the app.`,
  () => `The bill went up ${int(5, 60)}% to $${int(40, 400)}.${digits(2)} this month.`,
  () => `Invoice INV-${digits(6)} is wrong, it says ${int(2, 12)} items.`,
  () => `It happened on 03.${pad(int(1, 12))}.2024 around ${int(1, 12)} pm, about ${int(2, 9)} times.`,
  () => `Meter reading ${digits(5)} taken on ${int(1, 28)} March.`,
  () => `I need it by ${int(1, 28)}/${int(1, 12)} as I fly at 06:${pad(int(10, 59))}.`,
  () => `We are ${int(3, 9)} people at 24/7 support and ${int(100, 999)} 000 customers were affected.`,
  () => `The book's ISBN is 978-0-${digits(3)}-${digits(5)}-${int(0, 9)}.`,
  () => `Order ${int(2019, 2024)}-${digits(6)} still hasn't shipped.`,
  () => `Flight BA ${digits(4)} was cancelled, seat ${int(1, 40)}C.`,
  () =>
    `They quoted ${int(1, 9)},${digits(3)},${digits(3)} points on ${pad(int(1, 12))}/${pad(int(1, 28))}/${int(2019, 2024)}.`,
  () => `Serial number SN-${digits(4)}-${digits(4)}-${digits(4)} on the router.`,
  () => `Policy ${digits(3)} ${digits(3)} ${digits(4)} renewed at 10:${pad(int(0, 59))}.`,
  () => `Call me at ${int(1, 12)}.${pad(int(0, 59))} tomorrow.`,
  () => `Between ${int(1, 9)} and ${int(10, 30)} of ${int(2019, 2024)} it cost £${int(100, 999)}.`,
];

let rand = prng(1);
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const digits = (n: number) => Array.from({ length: n }, () => String(int(0, 9))).join('');
const pad = (n: number) => String(n).padStart(2, '0');
const letters = (n: number, from = 'ABCDEFGHJKLMNPRSTUWXYZ') =>
  Array.from({ length: n }, () => pick([...from])).join('');

function luhnComplete(prefix: string, length: number): string {
  const body = prefix + digits(length - prefix.length - 1);
  for (let check = 0; check < 10; check++) {
    const candidate = body + check;
    let sum = 0;
    for (let i = 0; i < candidate.length; i++) {
      let d = Number(candidate[candidate.length - 1 - i]);
      if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
    if (sum % 10 === 0) return candidate;
  }
  return body;
}

function iban(country: string, bban: string): string {
  const rearranged = `${bban}${country}00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let remainder = 0;
  for (const ch of rearranged) remainder = (remainder * 10 + Number(ch)) % 97;
  return `${country}${String(98 - remainder).padStart(2, '0')}${bban}`;
}

const group4 = (s: string) => s.replace(/(.{4})/g, '$1 ').trim();

const VALUES: Record<PiiType, () => string> = {
  EMAIL: () =>
    pick([
      () => `${pick(FIRST).toLowerCase()}.${pick(LAST).toLowerCase().replace("'", '')}@${pick(DOMAINS)}`,
      () =>
        `${pick(FIRST)[0]!.toLowerCase()}${pick(LAST).toLowerCase().replace("'", '')}${int(1, 99)}@${pick(DOMAINS)}`,
      () => `${pick(FIRST).toLowerCase()}_${pick(LAST).toLowerCase().replace("'", '')}+orders@${pick(DOMAINS)}`,
      () => `${pick(FIRST).toUpperCase()}@${pick(DOMAINS).toUpperCase()}`,
    ])(),
  PHONE: () =>
    pick([
      () => `+44 20 ${digits(4)} ${digits(4)}`,
      () => `+44 7${digits(3)} ${digits(6)}`,
      () => `07${digits(3)} ${digits(6)}`,
      () => `07${digits(9)}`,
      () => `020 ${digits(4)} ${digits(4)}`,
      () => `(${int(2, 9)}${digits(2)}) ${int(2, 9)}${digits(2)}-${digits(4)}`,
      () => `${int(2, 9)}${digits(2)}-${int(2, 9)}${digits(2)}-${digits(4)}`,
      () => `+1-${int(2, 9)}${digits(2)}-${int(2, 9)}${digits(2)}-${digits(4)}`,
      () => `+1 (${int(2, 9)}${digits(2)}) ${int(2, 9)}${digits(2)}-${digits(4)}`,
      () => `${int(2, 9)}${digits(2)}.${int(2, 9)}${digits(2)}.${digits(4)}`,
      () => `+33 ${int(1, 9)} ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)}`,
      () => `+49 30 ${digits(7)}`,
      () => `+353 8${int(3, 9)} ${digits(3)} ${digits(4)}`,
      () => `0161 ${digits(3)} ${digits(4)}`,
      () => `+44 (0)20 ${digits(4)} ${digits(4)}`,
      () => `0044 7${digits(3)} ${digits(6)}`,
      () => `+44 7700 ${digits(3)} ${digits(3)}`,
      () => `+61 2 ${digits(4)} ${digits(4)}`,
      () => `+91 9${digits(4)} ${digits(5)}`,
      () => `(020) ${digits(4)} ${digits(4)}`,
      () => `1-800-${int(2, 9)}${digits(2)}-${digits(4)}`,
      () => `+1 ${int(2, 9)}${digits(2)} ${int(2, 9)}${digits(2)} ${digits(4)}`,
      () => `07${digits(3)}-${digits(3)}-${digits(3)}`,
      () => `01 ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)}`,
      () => `030 ${digits(7)}`,
      () => `02 ${digits(4)} ${digits(4)}`,
    ])(),
  CARD: () => {
    const kind = int(0, 3);
    if (kind === 2) {
      const n = luhnComplete(pick(['34', '37']), 15);
      return `${n.slice(0, 4)} ${n.slice(4, 10)} ${n.slice(10)}`;
    }
    const n = luhnComplete(kind === 0 ? '4' : kind === 1 ? `5${int(1, 5)}` : '6011', 16);
    return pick([group4(n), group4(n).replaceAll(' ', '-'), n]);
  },
  IBAN: () => {
    const value = pick([
      () => iban('GB', letters(4, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') + digits(14)),
      () => iban('DE', digits(18)),
      () => iban('FR', digits(23)),
      () => iban('ES', digits(20)),
      () => iban('NL', letters(4, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') + digits(10)),
      () => iban('IE', letters(4, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') + digits(14)),
    ])();
    return rand() < 0.5 ? value : group4(value);
  },
  SSN: () =>
    `${int(1, 665)}`.padStart(3, '0') +
    pick(['-', ' ']).replace(/.*/, (s) => `${s}${pad(int(1, 99))}${s}${String(int(1, 9999)).padStart(4, '0')}`),
  NI: () => {
    const prefix = pick(['AB', 'CE', 'JG', 'KL', 'PR', 'SW', 'WX', 'YZ', 'HT', 'NE']);
    const d = digits(6);
    const suffix = pick(['A', 'B', 'C', 'D']);
    return pick([
      `${prefix}${d}${suffix}`,
      `${prefix} ${d.slice(0, 2)} ${d.slice(2, 4)} ${d.slice(4)} ${suffix}`,
      `${prefix} ${d} ${suffix}`,
    ]);
  },
  IP: () =>
    rand() < 0.6
      ? `${int(1, 223)}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`
      : pick([
          () => `2001:db8:${int(1, 9999).toString(16)}::${int(1, 65535).toString(16)}`,
          () => Array.from({ length: 8 }, () => int(0, 65535).toString(16)).join(':'),
          () => `fe80::${int(1, 65535).toString(16)}:${int(1, 65535).toString(16)}`,
        ])(),
  ADDRESS: () => `${int(1, 240)}${rand() < 0.1 ? 'B' : ''} ${pick(STREETS)}`,
  POSTCODE: () =>
    pick([
      () =>
        `${pick(['SW', 'M', 'B', 'LS', 'EH', 'CF', 'N', 'NW'])}${int(1, 20)} ${int(1, 9)}${letters(2, 'ABDEFGHJLNPQRSTUWXYZ')}`,
      () => `${pick(['CA', 'NY', 'TX', 'WA', 'IL'])} ${int(10000, 99999)}`,
    ])(),
  NAME: () => `${pick(FIRST)} ${pick(LAST)}`,
  DOB: () =>
    pick([
      () => `${pad(int(1, 28))}/${pad(int(1, 12))}/${int(1940, 2005)}`,
      () => `${int(1, 28)}.${int(1, 12)}.${pad(int(40, 99))}`,
      () => `${int(1940, 2005)}-${pad(int(1, 12))}-${pad(int(1, 28))}`,
      () => `${int(4, 20)}th ${pick(MONTHS)} ${int(1940, 2005)}`,
    ])(),
  PASSPORT: () => (rand() < 0.5 ? digits(9) : `${letters(1, 'ABCDEFGHJKLMNPRSTUVWXYZ')}${digits(8)}`),
  ACCOUNT: () => (rand() < 0.5 ? `${pad(int(10, 99))}-${pad(int(10, 99))}-${pad(int(10, 99))}` : digits(8)),
  PASSWORD: () =>
    pick([
      () => `${pick(FIRST)}${int(1960, 2024)}!`,
      () => digits(4),
      () => `${letters(6, 'abcdefghjkmnpqrstuvwxyz')}${int(10, 99)}`,
    ])(),
};

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const PHRASES: Record<PiiType, string[]> = {
  EMAIL: [
    'You can email me at {x} if that is easier.',
    'My email is {x}',
    'send it to {x} please',
    'Contact: {x}.',
    'I changed it to {x} last week',
    'reply to <{x}> not the old one',
    'mailto:{x}',
    '({x})',
  ],
  PHONE: [
    'You can reach me on {x}.',
    'my mobile is {x}',
    'Call me back on {x} after 5pm please',
    'The number on the account is {x}, is that right?',
    'text me at {x}',
    'phone: {x}',
  ],
  CARD: [
    'The card number is {x}.',
    'I used my card {x} for the payment',
    'it was charged to {x} twice',
    'card: {x} exp 09/27',
  ],
  IBAN: [
    'My IBAN is {x}.',
    'Please refund to {x}',
    'bank details: {x} (current account)',
    'the transfer came from {x} yesterday',
  ],
  SSN: ['My SSN is {x}.', 'social security number {x}', 'They asked for my {x} again', 'ssn: {x}', 'SSN#{x}'],
  NI: ['My National Insurance number is {x}.', 'NI number {x}', 'my NINO is {x} if you need it', 'it is {x}'],
  IP: [
    'My IP address is {x} according to the router.',
    'the login came from {x}',
    'it shows {x} as the last device',
    'ip: {x}',
    'the server at {x}, port 443',
  ],
  ADDRESS: [
    'I live at {x}, London.',
    'Please deliver to {x} instead.',
    'The old address was {x}.',
    'send the engineer to {x} tomorrow',
  ],
  POSTCODE: ['My postcode is {x}.', 'zip code {x}', 'the postcode on file is {x}', 'we are at {x} by the station'],
  NAME: [
    'Hi, my name is {x} and I need help.',
    'this is {x} calling about my order',
    'The account holder is {x}.',
    "My name's {x}.",
    'I am called {x}',
    'You can ask for Mr {x}.',
  ],
  DOB: ['My date of birth is {x}.', 'DOB {x}', 'I was born on {x} if you need to check.', 'd.o.b: {x}'],
  PASSPORT: ['My passport number is {x}.', 'passport no. {x}', 'I can give you my passport {x} for ID'],
  ACCOUNT: ['sort code {x} if you need it', 'my account number is {x}.', 'Acct no {x}, please refund there'],
  PASSWORD: ['my password is {x} if that helps', 'PIN is {x}', 'I set the passcode {x} yesterday', 'pw: {x}'],
};

/** A deterministic corpus of customer turns with personal data planted in varied phrasings, and hard negatives. */
export function generateCorpus(turns: number, seed = 42): PlantedTurn[] {
  rand = prng(seed);
  const types = Object.keys(VALUES) as PiiType[];
  const out: PlantedTurn[] = [];
  for (let t = 0; t < turns; t++) {
    let text = rand() < 0.7 ? `${pick(FILLER)} ` : '';
    const planted: PlantedTurn['planted'] = [];
    const plants = int(0, 2);
    for (let k = 0; k < plants; k++) {
      const type = types[(t + k * 3) % types.length]!;
      const template = pick(PHRASES[type]);
      const value = type === 'NAME' && template.includes('Mr {x}') ? pick(LAST) : VALUES[type]();
      const at = template.indexOf('{x}');
      const start = text.length + at;
      text += template.replace('{x}', value) + ' ';
      planted.push({
        type,
        start: type === 'NAME' && template.includes('Mr {x}') ? start - 3 : start,
        end: start + value.length,
      });
    }
    const negatives = int(0, 2);
    for (let k = 0; k < negatives; k++) text += `${pick(NEGATIVES)()} `;
    if (rand() < 0.3) text += pick(FILLER);
    out.push({ text: text.trimEnd(), planted });
  }
  return out;
}
