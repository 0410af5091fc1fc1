import { createEngine, type Engine } from '../../core/engine.ts';
import type { AppDeps } from '../context.ts';
import type { LiveOptions } from './hub.ts';

/** How long a session waits for a lost client by default. */
const GRACE_MS = 60_000;
/** Unconfirmed events a session keeps for a resume. */
const KEPT_EVENTS = 1_024;

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
    now: () => Date.now(),
    ...(live?.journal ? { journal: live.journal } : {}),
  };
}
