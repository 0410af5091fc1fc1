import { parentPort, workerData } from 'node:worker_threads';
import { analyzeConversation, type AnalyzeOptions } from '../core/analyze.ts';
import { redactConversation } from '../core/privacy/redact.ts';
import type { Conversation } from '../core/schema/index.ts';
import { loadEngine, type EngineOptions } from '../io/engine.ts';
import { pseudonymizing } from '../store/hash-key.ts';
import { processOne, type IngestJob } from './process.ts';

// One analysis thread: runs the pipeline on the batches the pool sends, so the HTTP thread stays free.
const data = workerData as { engineOptions?: EngineOptions; hashKey?: string };
const engine = await loadEngine(data.engineOptions ?? {});
const port = parentPort!;
// with the database's key, identifiers one joins on become keyed pseudonyms (docs/privacy.md)
const redact = data.hashKey === undefined ? redactConversation : pseudonymizing(data.hashKey);
const steps = { analyze: (conversation: Conversation, options: AnalyzeOptions) => analyzeConversation(conversation, engine, options), redact };

port.on('message', (job: { id: number; jobs?: IngestJob[]; analyze?: Conversation }) => {
  if (job.analyze) port.postMessage({ id: job.id, analysis: analyzeConversation(job.analyze, engine) });
  else port.postMessage({ id: job.id, results: job.jobs!.map((one) => processOne(one, steps)) });
});
port.postMessage({ ready: true });
