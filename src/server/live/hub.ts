import { randomUUID } from 'node:crypto';
import type { Engine } from '../../core/engine.ts';
import { EventLog } from '../../core/live/event-log.ts';
import type { ServerEvent, Unnumbered } from '../../core/live/events.ts';
import type { LiveSession } from '../../core/live/session.ts';
import type { LiveSummary } from '../../core/schema/index.ts';
import type { ApiKey } from '../../api/index.ts';
import type { AppContext } from '../context.ts';
import type { ContactSummary } from '../../core/journeys/index.ts';
import { decodeContacts, type EncodedContact } from '../../store/contacts.ts';

/** Where a session's events go: the open socket, or nowhere while the client is away. */
export type Send = (events: readonly ServerEvent[]) => void;

export interface LiveOptions {
  /** The engine live sessions read turns with (built on first use). */
  engine: () => Engine;
  /** How long a session waits for its client to come back before it is closed and stored. */
  graceMs: number;
  /** Events kept for a resume beyond those the client confirmed. */
  keptEvents: number;
  now: () => number;
}

interface Entry {
  id: string;
  session: LiveSession;
  log: EventLog;
  owner: string;
  send: Send | null;
  grace: NodeJS.Timeout | null;
  cueTimer: NodeJS.Timeout | null;
}

/** The open live sessions of one server: numbering, resume within the grace period, pacing timers, and storing on close. */
export class LiveHub {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ctx: AppContext,
    readonly options: LiveOptions,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** Registers a newly opened session for `key`; returns its id. */
  add(session: LiveSession, key: ApiKey, send: Send): string {
    const id = randomUUID();
    this.entries.set(id, {
      id,
      session,
      log: new EventLog(this.options.keptEvents),
      owner: key.id,
      send,
      grace: null,
      cueTimer: null,
    });
    return id;
  }

  /** Numbers events, keeps them for a resume, and sends them if the client is there. */
  emit(id: string, events: readonly Unnumbered[]): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    if (events.length) entry.send?.(entry.log.number(events));
    this.schedule(entry);
  }

  session(id: string): LiveSession | null {
    return this.entries.get(id)?.session ?? null;
  }

  confirm(id: string, seen: number | undefined): void {
    if (seen !== undefined) this.entries.get(id)?.log.confirm(seen);
  }

  /** Takes a session over for a reconnected client: the events after `lastEvent`, or null (unknown, another key's, or too far behind). */
  resume(id: string, key: ApiKey, lastEvent: number, send: Send): ServerEvent[] | null {
    const entry = this.entries.get(id);
    if (!entry || entry.owner !== key.id) return null;
    const missed = entry.log.since(lastEvent);
    if (missed === null) return null;
    if (entry.grace) clearTimeout(entry.grace);
    entry.grace = null;
    entry.send = send;
    return missed;
  }

  /** The client went away: keep the session for the grace period, then close and store it. */
  detach(id: string, send: Send): void {
    const entry = this.entries.get(id);
    // a newer connection may already have taken the session over
    if (!entry || entry.send !== send) return;
    entry.send = null;
    entry.grace = setTimeout(() => void this.close(id).catch(() => {}), this.options.graceMs);
    entry.grace.unref();
  }

  /** Closes a session: its conversation and analysis stored as POST /v1/conversations stores them, cue outcomes included. */
  async close(id: string): Promise<void> {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    if (entry.grace) clearTimeout(entry.grace);
    if (entry.cueTimer) clearTimeout(entry.cueTimer);
    const closed = entry.session.close();
    if (closed.events.length) entry.send?.(entry.log.number(closed.events));
    const done = (stored: boolean, summary: LiveSummary | null) =>
      entry.send?.(entry.log.number([{ type: 'closed', id: closed.conversation.id, stored, summary }]));
    if (!entry.session.analysing || closed.summary === null) return done(false, null);
    const summary = closed.summary;
    // the same pipeline as POST /v1/conversations, on its analysis threads when the server runs them, with the customer's
    // earlier contacts read from the store as it reads them: a whole conversation's analysis would hold up every other session's turns
    const [processed] = await this.ctx.processBatch([
      {
        conversation: closed.conversation,
        earlier: await this.storedContacts(closed.conversation.customer?.id),
        live: summary,
      },
    ]);
    if (!processed?.ok) throw new Error(processed?.reason ?? 'analysis failed');
    await this.ctx.store.saveAnalysed([{ prepared: processed.stored }]);
    done(true, summary);
  }

  /** The customer's earlier contacts as the pipeline reads them, for a session opening (none without a customer id). */
  async earlierContacts(customerId: string | undefined): Promise<ContactSummary[]> {
    return decodeContacts(await this.storedContacts(customerId));
  }

  private async storedContacts(customerId: string | undefined): Promise<EncodedContact[]> {
    if (customerId === undefined) return [];
    return (await this.ctx.store.recentContacts([customerId])).get(customerId) ?? [];
  }

  /** Closes and stores every session (the server is stopping). */
  async closeAll(): Promise<void> {
    for (const id of [...this.entries.keys()]) await this.close(id).catch(() => {});
  }

  /** Shows a waiting cue when the pacing interval allows, without waiting for the next turn. */
  private schedule(entry: Entry): void {
    if (entry.cueTimer) clearTimeout(entry.cueTimer);
    entry.cueTimer = null;
    const due = entry.session.nextCueAt();
    if (due === null) return;
    entry.cueTimer = setTimeout(
      () => {
        entry.cueTimer = null;
        this.emit(entry.id, entry.session.tick(this.options.now()));
      },
      Math.max(0, due - this.options.now()),
    );
    entry.cueTimer.unref();
  }
}
