import { segments, type Span } from './spans.ts';

/** A turn's text with its evidence spans marked; every piece is a React text node, never HTML. */
export function Highlighted({ text, spans }: { text: string; spans: readonly Span[] }) {
  return (
    <>
      {segments(text, spans).map((piece) => {
        if (piece.spans.length === 0) return <span key={piece.start}>{piece.text}</span>;
        const tone = piece.spans.some((s) => s.tone === 'bad') ? 'bad' : piece.spans[0]!.tone;
        return (
          <mark
            key={piece.start}
            className={`ev ev-${tone}`}
            title={piece.spans.map((s) => s.note).join('\n')}
            data-start={piece.start}
            data-end={piece.end}
            tabIndex={-1}
          >
            {piece.text}
          </mark>
        );
      })}
    </>
  );
}

/** The element id of a turn in the timeline, made of a number only. */
export const turnId = (turn: number) => `turn-${turn}`;

/** Moves focus to the words of an evidence span in the timeline (factor lists link to their words this way). */
export function showSpan(turn: number, start: number, end: number): void {
  const row = document.getElementById(turnId(turn));
  if (!row) return;
  const marks = [...row.querySelectorAll<HTMLElement>('mark[data-start]')];
  const target = marks.find((m) => Number(m.dataset.start) >= start && Number(m.dataset.start) < end) ?? row;
  target.scrollIntoView({ block: 'center' });
  target.focus();
  target.classList.add('ev-flash');
  setTimeout(() => target.classList.remove('ev-flash'), 1500);
}
