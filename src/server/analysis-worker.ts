import { parentPort, workerData } from 'node:worker_threads';
import { analyzeConversation } from '../core/analyze.ts';
import { redactConversation } from '../core/privacy/redact.ts';
import type { Conversation } from '../core/schema/index.ts';
import { loadEngine, type EngineOptions } from '../io/engine.ts';
import type { Processed } from './context.ts';

// One analysis thread: redacts and analyses the batches the pool sends, so the HTTP thread stays free.
const engine = await loadEngine((workerData as { engineOptions?: EngineOptions }).engineOptions ?? {});
const port = parentPort!;

function processOne(conversation: Conversation): Processed {
  try {
    const redacted = redactConversation(conversation);
    return { ok: true, conversation: redacted, analysis: analyzeConversation(redacted, engine) };
  } catch (error) {
    return { ok: false, reason: `analysis failed (${(error as Error).message})` };
  }
}

port.on('message', (job: { id: number; conversations: Conversation[] }) => {
  port.postMessage({ id: job.id, results: job.conversations.map(processOne) });
});
port.postMessage({ ready: true });
