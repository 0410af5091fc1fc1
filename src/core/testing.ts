import { createEngine, type Engine } from './engine.ts';
import { Conversation, type ConversationInput } from './schema/index.ts';
import type { EmotionModel } from './models/types.ts';

/** A handful of valences so tests see sentiment without loading VADER from disk. */
const TEST_VALENCES = {
  great: 3.1,
  thanks: 1.9,
  thank: 1.5,
  perfect: 2.7,
  brilliant: 2.8,
  fantastic: 2.6,
  happy: 2.7,
  relieved: 1.5,
  love: 3.2,
  angry: -2.3,
  unacceptable: -2.0,
  terrible: -2.1,
  awful: -2.0,
  frustrated: -2.4,
  worried: -2.0,
  sad: -2.1,
  useless: -1.8,
  disappointed: -1.9,
  problem: -1.7,
  broken: -1.4,
  stressful: -1.9,
  hate: -2.7,
  ridiculous: -1.7,
  no: -1.2,
  sorry: -0.3,
};

/** The default engine with test valences (and, when given, a model), for tests across the code base. */
export function testEngine(userConfig?: unknown, model?: EmotionModel): Engine {
  const result = createEngine({
    valences: TEST_VALENCES,
    ...(userConfig === undefined ? {} : { userConfig }),
    ...(model ? { model } : {}),
  });
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.engine;
}

/** A chat conversation from alternating (role, text) pairs. */
export function chat(id: string, ...turns: [ConversationInput['turns'][number]['role'], string][]): Conversation {
  return Conversation.parse({ id, channel: 'chat', turns: turns.map(([role, text]) => ({ role, text })) });
}
