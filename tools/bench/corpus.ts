import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Conversation } from '../../src/core/schema/index.ts';

const EXAMPLES = path.join(import.meta.dirname, '..', '..', 'examples', 'conversations');

/** The bundled examples that can be analysed (opted-out ones left out). */
export function exampleConversations(): Conversation[] {
  return readdirSync(EXAMPLES).filter((f) => f.endsWith('.jsonl')).sort()
    .flatMap((f) => readFileSync(path.join(EXAMPLES, f), 'utf8').split('\n').filter(Boolean))
    .map((line) => Conversation.parse(JSON.parse(line)))
    .filter((c) => c.consent.analysis);
}

/** `count` chats of exactly `turns` turns, each cycling one example's turns, ids made unique. */
export function replicate(examples: Conversation[], count: number, turns: number): Conversation[] {
  return Array.from({ length: count }, (_, i) => {
    const source = examples[i % examples.length]!;
    return { ...source, id: `${source.id}#${i}`, turns: Array.from({ length: turns }, (_, t) => source.turns[t % source.turns.length]!) };
  });
}
