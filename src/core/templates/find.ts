import type { Conversation } from '../schema/index.ts';
import { isAgentSide } from '../analysis/prepare.ts';
import { tokenize, type Token } from '../text/tokenize.ts';
import { nearDuplicateGroups } from './near.ts';

/** Where one templated sentence was said. */
export interface TemplateOccurrence {
  conversation: string;
  turn: number;
  start: number;
  end: number;
}

/** A sentence that recurs near-verbatim across many conversations: a pasted macro or a stock formula. */
export interface Template {
  /** The sentence as first seen. */
  text: string;
  /** The sentence with handles, links, numbers and sign-offs folded, as compared. */
  key: string;
  conversations: number;
  agents: number;
  occurrences: TemplateOccurrence[];
}

export interface TemplateOptions {
  /** A sentence is a template when this many distinct conversations share it. */
  minConversations: number;
  /** Shorter sentences ("Thanks!", "Hi there") are too common to call templates. */
  minWords: number;
  /** Sentences whose word pairs overlap at least this much (Jaccard) count as one; 1 means verbatim only. */
  similarity?: number;
}

/**
 * Two conversations, five words, and variants whose word pairs overlap by half or more. A five-word sentence
 * sent near-verbatim to two different customers is already a copy; on the fit half of our labels (IBM threads,
 * about 20 conversations a brand) three conversations found half the gold macros and two find about 60%, at a
 * precision of 0.95. Each template carries its conversation count, so a reader can ask for more.
 */
export const DEFAULT_TEMPLATE_OPTIONS: TemplateOptions = { minConversations: 2, minWords: 5, similarity: 0.5 };

const SIGN_OFF_MARKS = new Set(['*', '^', '-', '~', '/', '\u2013', '\u2014', '_']);
/** Longer than any signature seen ("^DanKing"); a long word after a dash is text. */
const MAX_SIGNATURE = 16;

/** A word glued to a sign-off mark: initials, or a capitalised first name ("-Steven"). */
function isSignOff(t: Token, mark: Token, text: string): boolean {
  if (t.kind !== 'word' || !SIGN_OFF_MARKS.has(mark.norm) || mark.end !== t.start || t.norm.length > MAX_SIGNATURE)
    return false;
  const first = text.charCodeAt(t.start);
  return t.norm.length <= 3 || (first >= 65 && first <= 90);
}

/** Words after which a capitalised word is the customer's name ("Hi Jess", "Thanks for reaching out, Sal"). */
const GREETINGS = new Set(['hi', 'hey', 'hello', 'dear', 'thanks', 'thank', 'out', 'tag', 'sorry', 'there']);

/** A capitalised word used as a name: after a greeting, or between a comma and the end of a clause ("…, Sal."). */
function isName(tokens: readonly Token[], i: number, text: string): boolean {
  const t = tokens[i]!;
  const first = text.charCodeAt(t.start);
  if (t.kind !== 'word' || first < 65 || first > 90) return false;
  const before = tokens[i - 1];
  const after = tokens[i + 1];
  if (before && GREETINGS.has(before.norm)) return true;
  if (before?.norm === ',' && i >= 2 && GREETINGS.has(tokens[i - 2]!.norm)) return true;
  return (
    before?.norm === ',' && (after === undefined || after.norm === '.' || after.norm === '!' || after.norm === ',')
  );
}

/** The comparison key of a sentence's tokens: words lower-cased; handles, names, links, e-mails and numbers folded. */
function sentenceKey(tokens: readonly Token[], text: string): { key: string; words: number } {
  const parts: string[] = [];
  let words = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const before = tokens[i - 1];
    if (t.kind === 'word' && before?.norm === '@' && before.end === t.start) {
      parts.pop();
      parts.push('@handle');
      continue;
    }
    // "*SR", "^JK", "-Steven", "–Jeh": the agent's signature after the text, not part of what was said
    if (i === tokens.length - 1 && before && isSignOff(t, before, text)) {
      parts.pop();
      continue;
    }
    if (isName(tokens, i, text)) {
      parts.push('<name>');
      continue;
    }
    // a link is what a pointer macro ("Please refer to: <link>") is about: it counts as a word
    if (t.kind === 'url') {
      parts.push('<link>');
      words++;
    } else if (t.kind === 'email') parts.push('<email>');
    else if (t.kind === 'number') parts.push('<num>');
    else {
      parts.push(t.norm);
      if (t.kind === 'word') words++;
    }
  }
  return { key: parts.join(' '), words };
}

/**
 * Splits a turn's tokens into sentences. A link followed by a capitalised word also ends one: tweets
 * run "…help you: <link> These tips may help: <link>" together without a full stop.
 */
function sentences(tokens: readonly Token[], text: string): Token[][] {
  const out: Token[][] = [];
  for (const t of tokens) {
    const last = out.at(-1);
    const previous = last?.at(-1);
    const first = text.charCodeAt(t.start);
    const afterLink = previous?.kind === 'url' && t.kind === 'word' && first >= 65 && first <= 90;
    if (last && last[0]!.sentence === t.sentence && !afterLink) last.push(t);
    else out.push([t]);
  }
  return out;
}

/**
 * Finds templated sentences in a batch, one conversation at a time: agent or bot sentences that recur
 * near-verbatim (after folding handles, links, numbers and sign-offs) in at least `minConversations`
 * conversations. Linear in the batch's text; memory grows with its distinct agent sentences.
 */
export class TemplateFinder {
  private readonly seen = new Map<
    string,
    { text: string; conversations: Set<string>; agents: Set<string>; occurrences: TemplateOccurrence[] }
  >();

  constructor(private readonly options: TemplateOptions = DEFAULT_TEMPLATE_OPTIONS) {}

  add(c: Conversation): void {
    c.turns.forEach((turn, index) => {
      if (!isAgentSide(turn.role)) return;
      for (const sentence of sentences(tokenize(turn.text), turn.text)) {
        const { key, words } = sentenceKey(sentence, turn.text);
        if (words < this.options.minWords) continue;
        const start = sentence[0]!.start;
        const end = sentence.at(-1)!.end;
        let entry = this.seen.get(key);
        if (!entry)
          this.seen.set(
            key,
            (entry = {
              text: turn.text.slice(start, end),
              conversations: new Set(),
              agents: new Set(),
              occurrences: [],
            }),
          );
        entry.conversations.add(c.id);
        entry.agents.add(c.agent?.id ?? '');
        entry.occurrences.push({ conversation: c.id, turn: index, start, end });
      }
    });
  }

  /** The templates, most shared first; near-verbatim variants are one template, shown by its most used wording. */
  finish(): Template[] {
    const keys = [...this.seen.keys()];
    const similarity = this.options.similarity ?? 1;
    const groups = similarity < 1 ? nearDuplicateGroups(keys, similarity) : keys.map((_, i) => i);
    const merged = new Map<
      number,
      {
        key: string;
        text: string;
        uses: number;
        conversations: Set<string>;
        agents: Set<string>;
        occurrences: TemplateOccurrence[];
      }
    >();
    keys.forEach((key, i) => {
      const e = this.seen.get(key)!;
      const group = merged.get(groups[i]!);
      if (!group) {
        merged.set(groups[i]!, {
          key,
          text: e.text,
          uses: e.occurrences.length,
          conversations: new Set(e.conversations),
          agents: new Set(e.agents),
          occurrences: [...e.occurrences],
        });
        return;
      }
      for (const c of e.conversations) group.conversations.add(c);
      for (const a of e.agents) group.agents.add(a);
      group.occurrences.push(...e.occurrences);
      // the most used wording stands for the group; on a tie, the first seen
      if (e.occurrences.length > group.uses) Object.assign(group, { key, text: e.text, uses: e.occurrences.length });
    });
    const templates: Template[] = [];
    for (const g of merged.values()) {
      if (g.conversations.size < this.options.minConversations) continue;
      templates.push({
        text: g.text,
        key: g.key,
        conversations: g.conversations.size,
        agents: g.agents.size,
        occurrences: g.occurrences,
      });
    }
    return templates.sort((a, b) => b.conversations - a.conversations || (a.key < b.key ? -1 : 1));
  }
}

/** The templates of a whole batch held in memory. */
export function findTemplates(conversations: Iterable<Conversation>, options?: TemplateOptions): Template[] {
  const finder = new TemplateFinder(options);
  for (const c of conversations) finder.add(c);
  return finder.finish();
}
