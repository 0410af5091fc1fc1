import { parentPort, workerData } from 'node:worker_threads';
import { analyzeConversation } from '../core/analyze.ts';
import { redactConversation } from '../core/privacy/redact.ts';
import type { Conversation } from '../core/schema/index.ts';
import { loadEngine, type EngineOptions } from '../io/engine.ts';
import { processOne } from './context.ts';

// One analysis thread: redacts and analyses the batches the pool sends, so the HTTP thread stays free.
const engine = await loadEngine((workerData as { engineOptions?: EngineOptions }).engineOptions ?? {});
const port = parentPort!;
const analyze = (conversation: Conversation) => analyzeConversation(conversation, engine);

port.on('message', (job: { id: number; conversations?: Conversation[]; analyze?: Conversation }) => {
  if (job.analyze) port.postMessage({ id: job.id, analysis: analyze(job.analyze) });
  else port.postMessage({ id: job.id, results: job.conversations!.map((conversation) => processOne(conversation, redactConversation, analyze)) });
});
port.postMessage({ ready: true });
