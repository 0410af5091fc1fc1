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

  // Speech from the first sample has no quiet moment before it to set the floor: until the first window has passed
  // (and while no stretch has closed), each new low of the floor decides the stream's start again, so the first
  // words are heard once the first pause shows how quiet the line is.
  let startup: number[] | null = [];
  let startupFloor = Infinity;

  function close(closed: Span[]) {
    if (open && open.end - open.start >= a.minSpeechMs / 1000) {
      closed.push(open);
      startup = null;
    }
    open = null;
  }

  /** The hysteresis and bridging for one sub-frame against the current floor. */
  function step(level: number, start: number, closed: Span[]) {
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
          floor = slidingFloor(level);
          if (count > windowLength) startup = null;
          if (!startup) return step(level, frame.start + k * sub, closed);
          startup.push(level);
          if (floor >= startupFloor) return step(level, frame.start + k * sub, closed);
          startupFloor = floor;
          speaking = false;
          open = null;
          // sub-frames are contiguous from the stream's start, so the first one's time places them all
          const first = frame.start + k * sub - (startup.length - 1) * sub;
          startup.forEach((l, j) => step(l, first + j * sub, closed));
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
