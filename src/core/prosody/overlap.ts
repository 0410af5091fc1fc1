import type { Span } from './activity.ts';

export interface SpeakerSpans<R extends string = string> {
  role: R;
  spans: readonly Span[];
}

export interface Overlap<R extends string = string> extends Span {
  /** Who started talking while the other was speaking. */
  by: R;
  on: R;
  /** A cut-in that took the floor, rather than a short backchannel ("mm-hm") or a shared laugh. */
  interruption: boolean;
}

/**
 * Where two speakers talk at once, and who cut in on whom. An overlap is an interruption when the one who cut in
 * kept talking past the backchannel limit.
 */
export function overlaps<R extends string>(
  a: SpeakerSpans<R>,
  b: SpeakerSpans<R>,
  minOverlap: number,
  backchannelMax: number,
): Overlap<R>[] {
  const found: Overlap<R>[] = [];
  let i = 0;
  let j = 0;
  while (i < a.spans.length && j < b.spans.length) {
    const x = a.spans[i]!;
    const y = b.spans[j]!;
    const start = Math.max(x.start, y.start);
    const end = Math.min(x.end, y.end);
    if (end - start >= minOverlap) {
      const [by, on, cutter] = y.start >= x.start ? [b.role, a.role, y] : [a.role, b.role, x];
      found.push({ start, end, by, on, interruption: cutter.end - cutter.start > backchannelMax });
    }
    if (x.end < y.end) i++;
    else j++;
  }
  return found;
}

/** Gaps in which nobody speaks, at least `min` seconds long, within [0, duration]. */
export function silences(spans: readonly Span[], duration: number, min: number): Span[] {
  const sorted = [...spans].sort((p, q) => p.start - q.start);
  const gaps: Span[] = [];
  let cursor = 0;
  for (const span of sorted) {
    if (span.start - cursor >= min) gaps.push({ start: cursor, end: span.start });
    cursor = Math.max(cursor, span.end);
  }
  if (duration - cursor >= min) gaps.push({ start: cursor, end: duration });
  return gaps;
}
