/** A marked span of one text: [start, end) with why it was marked. */
export interface Span {
  start: number;
  end: number;
  note: string;
  tone: 'customer' | 'good' | 'bad' | 'neutral';
}

export interface Segment {
  text: string;
  start: number;
  end: number;
  spans: Span[];
}

/** Cuts `text` at every span edge; each piece lists the spans that cover it (overlaps allowed). */
export function segments(text: string, spans: readonly Span[]): Segment[] {
  const valid = spans.filter((s) => s.start < s.end && s.start >= 0 && s.end <= text.length);
  const edges = [...new Set([0, text.length, ...valid.flatMap((s) => [s.start, s.end])])].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const start = edges[i]!;
    const end = edges[i + 1]!;
    out.push({
      text: text.slice(start, end),
      start,
      end,
      spans: valid.filter((s) => s.start <= start && s.end >= end),
    });
  }
  return out;
}
