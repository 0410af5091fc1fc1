import { parentPort, workerData } from 'node:worker_threads';
import { analyzeConversation, type AnalyzeOptions } from '../core/analyze.ts';
import { redactConversation } from '../core/privacy/redact.ts';
import type { Conversation } from '../core/schema/index.ts';
import { loadEngine, type EngineOptions } from '../io/engine.ts';
import { lowerThreadPriority } from '../io/thread-priority.ts';
import { pseudonymizing } from '../store/hash-key.ts';
import { processOne, type IngestJob } from './process.ts';

const data = workerData as {
  engineOptions?: EngineOptions;
  hashKey?: string;
  redacted?: boolean;
  priority?: 'background' | 'prompt';
};
// One analysis thread: runs the pipeline on the batches the pool sends, so the HTTP thread stays free. A background one
// runs below the HTTP thread's priority, so a burst of closed live sessions or an ingest batch does not hold up the next
// live turn; a prompt one (an evaluation a caller waits on, within its budget) keeps it.
if (data.priority !== 'prompt') lowerThreadPriority();
const engine = await loadEngine(data.engineOptions ?? {});
const port = parentPort!;
// with the database's key, identifiers one joins on become keyed pseudonyms (docs/privacy.md)
const redact = data.hashKey === undefined ? redactConversation : pseudonymizing(data.hashKey);
// a queue worker's conversations were redacted by the API node that queued them: redacting again would re-key pseudonyms
const steps = {
  analyze: (conversation: Conversation, options: AnalyzeOptions) => analyzeConversation(conversation, engine, options),
  ...(data.redacted ? {} : { redact }),
};

port.on('message', (job: { id: number; jobs?: IngestJob[]; analyze?: Conversation; redact?: Conversation[] }) => {
  if (job.analyze) port.postMessage({ id: job.id, analysis: analyzeConversation(job.analyze, engine) });
  else if (job.redact)
    port.postMessage({ id: job.id, redacted: job.redact.map((conversation) => redact(conversation)) });
  else port.postMessage({ id: job.id, results: job.jobs!.map((one) => processOne(one, steps)) });
});
port.postMessage({ ready: true });
