import type { Frame } from './frames.ts';
import type { ProsodySettings } from './settings.ts';

/** A stretch of speech, in seconds. */
export interface Span {
  start: number;
  end: number;
}

export interface ActivityTracker {
  /** Feeds frames in order; returns the stretches of speech they closed. */
  push(frames: readonly Frame[]): Span[];
  /** Ends the stream: returns the stretch still open, if any. */
  flush(): Span[];
  /** The current noise floor in dB (for explanations). */
  readonly floorDb: number;
  /** The stretch of speech still going on (not yet closed), if any. */
  readonly open: Span | null;
}

/**
 * Speech activity by loudness over an adaptive noise floor (the quietest sub-frame of the last few seconds),
 * with hysteresis; short gaps are bridged and clicks dropped. Works frame by frame, so live sessions use it too.
 */
export function createActivityTracker(settings: ProsodySettings): ActivityTracker {
  const a = settings.activity;
  const sub = settings.syllables.subFrameMs / 1000;
  const windowLength = Math.max(1, Math.round(a.floorWindowMs / settings.syllables.subFrameMs));
  // a monotonic queue of (index, level) gives the sliding minimum in O(1) per sub-frame
  const queueIndex: number[] = [];
  const queueLevel: number[] = [];
  let head = 0;
  let count = 0;
  let speaking = false;
  let runStart = 0;
  let lastActiveEnd = -1;
  let open: Span | null = null;
  let floor = -100;

  function slidingFloor(level: number): number {
    while (queueLevel.length > head && queueLevel[queueLevel.length - 1]! >= level) {
      queueLevel.pop();
      queueIndex.pop();
    }
    queueLevel.push(level);
    queueIndex.push(count);
    while (queueIndex[head]! <= count - windowLength) head++;
    // compacted often enough that a live session holds little more than the window
    if (head > 128) {
      queueLevel.splice(0, head);
      queueIndex.splice(0, head);
      head = 0;
    }
    count++;
    return queueLevel[head]!;
  }

  function close(closed: Span[]) {
    if (open && open.end - open.start >= a.minSpeechMs / 1000) closed.push(open);
    open = null;
  }

  return {
    get floorDb() {
      return floor;
    },
    get open() {
      return open ? { ...open } : null;
    },
    push(frames) {
      const closed: Span[] = [];
      for (const frame of frames) {
        frame.subLevelsDb.forEach((level, k) => {
          const start = frame.start + k * sub;
          floor = slidingFloor(level);
          const threshold = floor + (speaking ? a.offsetAboveFloorDb : a.onsetAboveFloorDb);
          const active = level > Math.max(threshold, a.minLevelDb);
          if (active && !speaking) runStart = start;
          speaking = active;
          if (active) {
            lastActiveEnd = start + sub;
            if (open && runStart - open.end <= a.bridgeGapMs / 1000) open.end = lastActiveEnd;
            else {
              close(closed);
              open = { start: runStart, end: lastActiveEnd };
            }
          } else if (open && start - open.end > a.bridgeGapMs / 1000) close(closed);
        });
      }
      return closed;
    },
    flush() {
      const closed: Span[] = [];
      close(closed);
      return closed;
    },
  };
}

/** The stretches of speech in a whole recording's frames. */
export function speechSpans(frames: readonly Frame[], settings: ProsodySettings): Span[] {
  const tracker = createActivityTracker(settings);
  return [...tracker.push(frames), ...tracker.flush()];
}
