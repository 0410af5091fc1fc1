import type { Engine } from '../../../src/core/engine.ts';
import { analyzeConversation } from '../../../src/core/analyze.ts';
import type { Conversation } from '../../../src/core/schema/index.ts';
import { ibmConversations, readData } from './read.ts';

export const IBM_FILE = 'ibm-twitter-care/dev.json';

const STOP = new Set([
  'about',
  'after',
  'again',
  'because',
  'been',
  'being',
  'could',
  'does',
  'doing',
  'from',
  'have',
  'having',
  'just',
  'like',
  'more',
  'please',
  'should',
  'some',
  'than',
  'that',
  'their',
  'them',
  'then',
  'there',
  'these',
  'they',
  'this',
  'what',
  'when',
  'where',
  'which',
  'while',
  'with',
  'would',
  'your',
  'hello',
  'thanks',
  'thank',
]);

/** Two of the customer's own content words (no handles, links or function words), for echo edits. */
export function customerWords(text: string): [string, string] | null {
  const words = text
    .split(/\s+/)
    .filter((w) => !w.startsWith('@') && !w.startsWith('http'))
    .map((w) => w.replace(/[^A-Za-z']/g, '').toLowerCase())
    .filter((w) => w.length >= 4 && !STOP.has(w));
  const distinct = [...new Set(words)];
  return distinct.length >= 2 ? [distinct[0]!, distinct[1]!] : null;
}

const FORMULAS = [
  'Sorry for the inconvenience.',
  'Sorry for any inconvenience.',
  'Sorry for your trouble.',
  'Apologies for any trouble this caused.',
  'We apologize for the inconvenience.',
  'We understand your frustration.',
  'We are sorry to hear about this.',
  'We understand how frustrating this must be.',
];

/** The edits: each appends to the agent's final reply something that must not raise empathy. */
export const EDITS: Record<string, (words: [string, string], i: number) => string> = {
  'blame-echo': ([x, y]) => `This ${x} ${y} problem happened because you did not follow the instructions.`,
  'echo-only': ([x, y]) => `Regarding your ${x} and ${y}, please check our help page.`,
  boilerplate: () =>
    'We truly value you as a customer and we are always here for you. Your satisfaction is our highest priority, and we appreciate your patience and understanding. Thank you for reaching out to us today!',
  'formula-variant': (_w, i) => FORMULAS[i % FORMULAS.length]!,
};

export interface EditFigures {
  replies: number;
  rises: Record<string, { rose: number; share: number }>;
}

function withReply(c: Conversation, text: string): Conversation {
  const turns = c.turns.slice();
  turns[turns.length - 1] = { ...turns[turns.length - 1]!, text };
  return { ...c, turns };
}

/** On the IBM threads: the share of final replies whose empathy rises after each edit (it should not). */
export function editFigures(dir: string, engine: Engine): EditFigures | { error: string } {
  const file = readData(dir, IBM_FILE);
  if (!file.ok) return { error: file.error };
  const rises: Record<string, { rose: number; share: number }> = {};
  for (const name of Object.keys(EDITS)) rises[name] = { rose: 0, share: 0 };
  let replies = 0;
  ibmConversations(file.text).forEach((c, i) => {
    const customer = [...c.turns].reverse().find((t) => t.role === 'customer');
    const words = customer && customerWords(customer.text);
    if (!words) return;
    const before = analyzeConversation(c, engine);
    if (!('turns' in before) || before.scores.empathy === null) return;
    replies++;
    const reply = c.turns[c.turns.length - 1]!.text;
    for (const [name, edit] of Object.entries(EDITS)) {
      const after = analyzeConversation(withReply(c, `${reply} ${edit(words, i)}`), engine);
      if ('turns' in after && (after.scores.empathy ?? 0) > before.scores.empathy + 0.5) rises[name]!.rose++;
    }
  });
  for (const r of Object.values(rises)) r.share = r.rose / Math.max(1, replies);
  return { replies, rises };
}
