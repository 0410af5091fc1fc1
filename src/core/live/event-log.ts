import type { ServerEvent, Unnumbered } from './events.ts';

/**
 * Numbers a session's events and keeps those the client has not confirmed, so a resumed connection gets
 * exactly the ones it missed: none lost, none twice.
 */
export class EventLog {
  private next = 1;
  private kept: ServerEvent[] = [];
  /** Events up to this seq were dropped unconfirmed (more than `limit` outstanding). */
  private droppedUpTo = 0;

  constructor(private readonly limit: number) {}

  number(events: readonly Unnumbered[]): ServerEvent[] {
    const numbered = events.map((e) => ({ ...e, seq: this.next++ }) as ServerEvent);
    this.kept.push(...numbered);
    if (this.kept.length > this.limit) {
      const cut = this.kept.length - this.limit;
      this.droppedUpTo = this.kept[cut - 1]!.seq;
      this.kept = this.kept.slice(cut);
    }
    return numbered;
  }

  /** The client has every event up to `seq`. */
  confirm(seq: number): void {
    if (this.kept.length && this.kept[0]!.seq <= seq) this.kept = this.kept.filter((e) => e.seq > seq);
  }

  /** Events after `seq`, or null when some of them are no longer kept. */
  since(seq: number): ServerEvent[] | null {
    if (seq < this.droppedUpTo) return null;
    return this.kept.filter((e) => e.seq > seq);
  }

  get lastSeq(): number {
    return this.next - 1;
  }

  get outstanding(): number {
    return this.kept.length;
  }
}
