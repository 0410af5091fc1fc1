import type { LiveJournal, LiveStep } from '../../store/live-sessions.ts';

/**
 * What became of a step: stored, refused because another node holds the session now (`lost`) or because it is no
 * longer journaled (`gone`: erased), or not written (database away).
 */
export type StepOutcome = 'stored' | 'lost' | 'gone' | 'failed';

/**
 * Writes one session's steps to the journal behind its events: in order, steps that queue while a write is in flight
 * going together in the next one, so a session costs one INSERT per turn at most and never waits for one to analyse.
 */
export class SessionJournal {
  private pending: Array<{ step: LiveStep; done: (outcome: StepOutcome) => void }> = [];
  private flushing = false;
  private state: 'ok' | 'lost' | 'gone' | 'failed' = 'ok';

  constructor(
    private readonly journal: LiveJournal,
    readonly id: string,
    /** The fence this node holds (a takeover by another node bumps it). */
    public epoch: number,
    /** Steps already journaled (the next one's number). */
    private written: number,
    /** The session's row, written before any step. */
    private ready: Promise<void> = Promise.resolve(),
  ) {}

  get lost(): boolean {
    return this.state === 'lost';
  }

  write(step: LiveStep): Promise<StepOutcome> {
    return new Promise((done) => {
      this.pending.push({ step, done });
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    while (this.pending.length) {
      const batch = this.pending.splice(0);
      if (this.state === 'ok') {
        try {
          await this.ready;
          const appended = await this.journal.append(
            this.id,
            this.epoch,
            this.written,
            batch.map((b) => b.step),
          );
          if (appended === 'stored') this.written += batch.length;
          else this.state = appended === 'taken' ? 'lost' : 'gone';
        } catch {
          // a gap would make the journal replay a different session: stop journaling it (it lives on this node only)
          this.state = 'failed';
        }
      }
      const outcome = this.state === 'ok' ? 'stored' : this.state;
      for (const b of batch) b.done(outcome);
    }
    this.flushing = false;
  }
}
