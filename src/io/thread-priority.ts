import { getPriority, setPriority } from 'node:os';

/**
 * Lowers the calling worker thread's CPU priority by 10 nice steps, so background work (a whole conversation's analysis) waits
 * for a free core rather than taking one from the HTTP thread, which answers live turns. Linux only:
 * there priority is per thread, elsewhere it would lower the whole process. Returns whether it was lowered.
 */
export function lowerThreadPriority(): boolean {
  if (process.platform !== 'linux') return false;
  try {
    setPriority(0, Math.min(19, getPriority(0) + 10));
    return true;
  } catch {
    // a container may forbid it: the thread keeps its priority
    return false;
  }
}
