import { parentPort, workerData } from 'node:worker_threads';
import { analyzeConversation } from '../core/analyze.ts';
import { redactConversation } from '../core/privacy/redact.ts';
import type { Conversation } from '../core/schema/index.ts';
import { loadEngine, type EngineOptions } from '../io/engine.ts';
import { pseudonymizing } from '../store/hash-key.ts';
import { processOne } from './context.ts';

// One analysis thread: redacts and analyses the batches the pool sends, so the HTTP thread stays free.
const data = workerData as { engineOptions?: EngineOptions; hashKey?: string };
const engine = await loadEngine(data.engineOptions ?? {});
const port = parentPort!;
const analyze = (conversation: Conversation) => analyzeConversation(conversation, engine);
const redact = data.hashKey === undefined ? redactConversation : pseudonymizing(data.hashKey);

port.on('message', (job: { id: number; conversations?: Conversation[]; analyze?: Conversation }) => {
  if (job.analyze) port.postMessage({ id: job.id, analysis: analyze(job.analyze) });
  else port.postMessage({ id: job.id, results: job.conversations!.map((conversation) => processOne(conversation, redact, analyze)) });
});
port.postMessage({ ready: true });
