import { createEngine, type Engine } from '../../core/engine.ts';
import type { AppDeps } from '../context.ts';
import type { LiveOptions } from './hub.ts';

/** How long a session waits for a lost client by default. */
const GRACE_MS = 60_000;
/** Unconfirmed events a session keeps for a resume. */
const KEPT_EVENTS = 1_024;
/**
 * Closed sessions waiting for their analysis and write before new opens wait: a few seconds of closes at a busy
 * node's rate (tens a second), so a node whose analysis falls behind stops taking sessions rather than growing.
 */
const MAX_STORING = 256;
/** How long an open waits for that backlog before it is refused as busy. */
const OPEN_WAIT_MS = 10_000;

/** Live options from the app's deps; without an engine, the default lexicon's, built on first use. */
export function liveOptions(live: AppDeps<unknown>['live']): LiveOptions {
  let engine: Engine | undefined = live?.engine;
  return {
    engine: () => {
      if (!engine) {
        const built = createEngine();
        if (!built.ok) throw new Error(built.errors.join('; '));
        engine = built.engine;
      }
      return engine;
    },
    graceMs: live?.graceMs ?? GRACE_MS,
    keptEvents: KEPT_EVENTS,
    maxStoring: live?.maxStoring ?? MAX_STORING,
    openWaitMs: live?.openWaitMs ?? OPEN_WAIT_MS,
    now: () => Date.now(),
    ...(live?.journal ? { journal: live.journal } : {}),
  };
}
