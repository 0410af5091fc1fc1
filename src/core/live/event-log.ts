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

  /** Keeps events numbered elsewhere (a session rebuilt from its journal), in order; later events are numbered after them. */
  restore(events: readonly ServerEvent[]): void {
    for (const e of events) {
      this.next = e.seq + 1;
      this.kept.push(e);
    }
    if (this.kept.length > this.limit) {
      const cut = this.kept.length - this.limit;
      this.droppedUpTo = this.kept[cut - 1]!.seq;
      this.kept = this.kept.slice(cut);
    }
  }

  /** Numbers the next event after `seq`: events up to it were sent by a node that went away before storing them, and are void. */
  skipTo(seq: number): void {
    if (seq >= this.next) this.next = seq + 1;
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
