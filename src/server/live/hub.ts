import { randomUUID } from 'node:crypto';
import type { Engine } from '../../core/engine.ts';
import { EventLog } from '../../core/live/event-log.ts';
import type { LiveAudioSpec, OpenMessage, ServerEvent, TurnMessage, Unnumbered } from '../../core/live/events.ts';
import { openSession, parseMeta, type LiveSession } from '../../core/live/session.ts';
import { storedCustomerId } from '../../core/privacy/pseudonym.ts';
import type { LiveSummary } from '../../core/schema/index.ts';
import type { ApiKey } from '../../api/index.ts';
import type { AppContext } from '../context.ts';
import type { ContactSummary } from '../../core/journeys/index.ts';
import { decodeContacts, encodeContact, type EncodedContact } from '../../store/contacts.ts';
import { hmacHex } from '../../store/hash-key.ts';
import type { LiveJournal, LiveOpening, LiveStep } from '../../store/live-sessions.ts';
import type { z } from 'zod';
import { SessionJournal } from './journal.ts';

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
  /** Where sessions are journaled (PostgreSQL), so any API node can take one over when its node goes away. */
  journal?: LiveJournal;
  /** Closed sessions that may wait to be stored before new opens wait (`room`). */
  maxStoring: number;
  /** How long an open waits for that backlog to shrink before it is refused (`busy`). */
  openWaitMs: number;
}

type TurnIn = z.output<typeof TurnMessage>;
type OpenMeta = z.input<typeof OpenMessage>['conversation'];
/** What a session is opened with, kept in its journal to rebuild it elsewhere. */
export interface Opening {
  /** As `LiveHub.keep` makes it: what the stored conversation would hold. */
  conversation: OpenMeta;
  audio: z.output<typeof LiveAudioSpec> | undefined;
  earlier: ContactSummary[];
}
/** Events that answer a client's message (its turn is applied, its session open): sent once their step is journaled. */
const HELD = new Set<ServerEvent['type']>(['ack', 'opened']);

interface Entry {
  id: string;
  session: LiveSession;
  log: EventLog;
  owner: string;
  /** The customer's id as the session keeps it (pseudonymised), for an erasure to find the session. */
  customer: string | undefined;
  send: Send | null;
  grace: NodeJS.Timeout | null;
  cueTimer: NodeJS.Timeout | null;
  journal: SessionJournal | null;
  /** Sends in seq order, an acknowledgement waiting for its step's write. */
  outbox: Promise<void>;
  /** The customer's earlier contacts as read at open (the store's encoding): what the stored analysis links to. */
  earlier: readonly EncodedContact[];
}

/** The open live sessions of one server: numbering, resume within the grace period, pacing timers, and storing on close. */
export class LiveHub {
  private readonly entries = new Map<string, Entry>();
  private readonly sweeper: NodeJS.Timeout | null = null;
  private backlog = 0;
  /** Opens waiting for the backlog of sessions to store to shrink (`room`). */
  private waiting: Array<(ok: boolean) => void> = [];

  constructor(
    private readonly ctx: AppContext,
    readonly options: LiveOptions,
  ) {
    if (options.journal) {
      this.sweeper = setInterval(() => void this.sweep().catch(() => {}), options.graceMs);
      this.sweeper.unref();
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * What a session keeps of its open message's conversation, in memory and in the journal: what the stored
   * conversation would hold (redacted, identifiers one joins on pseudonymised under the database's key), or for an
   * opted-out session, which stores nothing, its id and channel only. Invalid metadata is returned as it is, for
   * `openSession` to name its problems.
   */
  keep(meta: OpenMeta): OpenMeta {
    const parsed = parseMeta(meta);
    if (!parsed.ok) return meta;
    const { id, channel, consent } = parsed.meta;
    if (consent.analysis === false) return { id, channel, consent: { analysis: false } };
    const { turns: _turns, ...kept } = this.ctx.redact(parsed.meta);
    return kept;
  }

  /** Registers a newly opened session for `key`, with the customer's earlier contacts read for it; returns its id. */
  add(
    session: LiveSession,
    key: ApiKey,
    send: Send,
    opening?: Omit<Opening, 'earlier'>,
    earlier: readonly EncodedContact[] = [],
  ): string {
    const id = randomUUID();
    const journal = this.options.journal;
    const kept: LiveOpening | undefined = opening && {
      ...(opening as unknown as LiveOpening),
      redacted: true,
    };
    this.entries.set(id, {
      id,
      session,
      log: new EventLog(this.options.keptEvents),
      owner: key.id,
      customer: opening?.conversation.customer?.id,
      send,
      grace: null,
      cueTimer: null,
      journal:
        journal && kept
          ? new SessionJournal(
              journal,
              id,
              1,
              0,
              journal.create(id, key.id, { ...kept, earlier: decodeContacts(earlier) }),
            )
          : null,
      outbox: Promise.resolve(),
      earlier,
    });
    return id;
  }

  /**
   * Numbers events, keeps them for a resume, and sends them if the client is there. A journaled session writes the
   * step behind the events (no database round trip before a cue) and ahead of its acknowledgement: a turn the client
   * saw acknowledged is in the database, and any node can replay it.
   */
  emit(id: string, events: readonly Unnumbered[], input: { turn?: TurnIn; tick?: boolean; at?: number } = {}): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    const numbered = entry.log.number(events);
    if (!entry.journal) {
      if (numbered.length) entry.send?.(numbered);
    } else if (numbered.length || input.turn || input.tick) {
      const step: LiveStep = {
        turn: (input.turn as unknown as Record<string, unknown>) ?? null,
        tick: input.tick ?? false,
        at: input.at ?? this.options.now(),
        events: numbered,
      };
      const written = entry.journal.write(step);
      void written.then((outcome) => (outcome === 'lost' ? this.drop(entry) : outcome === 'gone' && this.end(entry)));
      const held = numbered.findIndex((e) => HELD.has(e.type));
      const now = held < 0 ? numbered : numbered.slice(0, held);
      const later = held < 0 ? [] : numbered.slice(held);
      this.post(entry, now);
      if (later.length)
        entry.outbox = entry.outbox.then(async () => {
          const outcome = await written;
          if (outcome !== 'lost' && outcome !== 'gone') entry.send?.(later);
        });
    }
    this.schedule(entry);
  }

  /** Applies a turn message now; a journaled session keeps the turn as applied (redacted) to replay it. */
  turn(id: string, message: TurnIn): void {
    const session = this.session(id);
    if (!session) return;
    const at = this.options.now();
    const before = session.nextTurnSeq;
    const events = session.turn(message, at);
    const applied = session.nextTurnSeq > before;
    this.emit(id, events, { at, ...(applied ? { turn: { ...message, text: session.lastAppliedText } } : {}) });
  }

  session(id: string): LiveSession | null {
    return this.entries.get(id)?.session ?? null;
  }

  confirm(id: string, seen: number | undefined): void {
    if (seen !== undefined) this.entries.get(id)?.log.confirm(seen);
  }

  /**
   * Takes a session over for a reconnected client and sends it the events after `lastEvent`; null when unknown, another
   * key's, or too far behind. A session this node does not hold is rebuilt from the journal (its node went away):
   * `stored` is then the last event the journal had when the client had seen more (events its node sent before it
   * could store their step; they are void and come again with the resent turn).
   */
  async resume(id: string, key: ApiKey, lastEvent: number, send: Send): Promise<{ stored?: number } | null> {
    let entry = this.entries.get(id);
    if (entry && entry.owner !== key.id) return null;
    const journal = this.options.journal;
    if (entry?.journal && journal && !(await journal.holds(id, entry.journal.epoch))) {
      this.drop(entry);
      entry = undefined;
    }
    if (!entry && journal) entry = (await this.restore(id, key.id)) ?? undefined;
    if (!entry) return null;
    const taken = entry;
    const stored = lastEvent > taken.log.lastSeq ? taken.log.lastSeq : undefined;
    taken.log.skipTo(lastEvent);
    return new Promise((resolve) => {
      // behind the sends already queued, so nothing reaches the new connection twice or out of order
      taken.outbox = taken.outbox.then(() => {
        const missed = taken.log.since(lastEvent);
        if (missed === null) return resolve(null);
        if (taken.grace) clearTimeout(taken.grace);
        taken.grace = null;
        taken.send = send;
        send(missed);
        resolve(stored === undefined ? {} : { stored });
      });
    });
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
    await entry.outbox;
    // another node took the session over: it stores it, not this one
    if (entry.journal && !(await this.options.journal!.holds(id, entry.journal.epoch))) return;
    const closed = entry.session.close();
    if (closed.events.length) entry.send?.(entry.log.number(closed.events));
    // not awaited here: while it waits for its analysis, the session itself (its turns' findings) is let go
    const { send, log, journal, earlier } = entry;
    return this.store(id, closed, entry.session.analysing, { send, log, journal, earlier });
  }

  /** Sessions closed on this node and not yet stored (their analysis or their write still to come). */
  get storing(): number {
    return this.backlog;
  }

  /**
   * Waits until fewer than `maxStoring` closed sessions wait to be stored, so a node whose analysis falls behind (a loaded
   * machine) opens sessions no faster than it stores them, and holds a bounded backlog; false after `openWaitMs`.
   */
  room(): Promise<boolean> {
    if (this.backlog < this.options.maxStoring) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = (ok: boolean) => {
        clearTimeout(timer);
        resolve(ok);
      };
      const timer = setTimeout(() => {
        this.waiting = this.waiting.filter((w) => w !== waiter);
        resolve(false);
      }, this.options.openWaitMs);
      this.waiting.push(waiter);
    });
  }

  /** Analyses and stores a closed session, then tells its client (`closed`). */
  private async store(
    id: string,
    closed: ReturnType<LiveSession['close']>,
    analysing: boolean,
    { send, log, journal, earlier }: Pick<Entry, 'send' | 'log' | 'journal' | 'earlier'>,
  ): Promise<void> {
    const done = async (stored: boolean, summary: LiveSummary | null, reason?: string) => {
      // stored first, forgotten after: a node dying in between leaves the session to be stored again, unchanged
      if (journal) await this.options.journal!.finish(id, journal.epoch);
      const event = { type: 'closed' as const, id: closed.conversation.id, stored, summary };
      send?.(log.number([reason === undefined ? event : { ...event, reason }]));
    };
    if (!analysing || closed.summary === null) return done(false, null);
    const summary = closed.summary;
    this.backlog++;
    try {
      // the same pipeline as POST /v1/conversations, on its analysis threads when the server runs them (a whole conversation's
      // analysis would hold up every other session's turns), with the customer's earlier contacts as read at open: those
      // that came before this conversation, and no second read on the HTTP thread
      const [processed] = await this.ctx.processBatch([
        { conversation: closed.conversation, earlier: [...earlier], live: summary, redacted: true },
      ]);
      if (!processed?.ok) throw new Error(processed?.reason ?? 'analysis failed');
      const { refused } = await this.ctx.store.saveAnalysed([{ prepared: processed.stored }]);
      await done(refused.length === 0, summary, refused[0]?.reason);
    } finally {
      this.backlog--;
      while (this.waiting.length && this.backlog < this.options.maxStoring) this.waiting.shift()!(true);
    }
  }

  /**
   * Ends the open sessions of an erased customer (the id as sent) without storing them, and tells their clients
   * (`closed`, not stored). The erasure deleted their journal rows; other nodes end theirs at their next write or touch.
   */
  async endCustomer(customerId: string): Promise<number> {
    const ids = new Set([customerId, storedCustomerId(customerId, hmacHex(await this.ctx.store.hashKey()))]);
    const ended = [...this.entries.values()].filter((e) => e.customer !== undefined && ids.has(e.customer));
    for (const entry of ended) this.end(entry);
    return ended.length;
  }

  /** The customer's earlier contacts as the pipeline reads them (the store's encoding), for a session opening; none without a customer id. */
  async earlierContacts(customerId: string | undefined): Promise<EncodedContact[]> {
    return customerId === undefined ? [] : ((await this.ctx.store.recentContacts([customerId])).get(customerId) ?? []);
  }

  /**
   * The server is stopping: closes and stores every session; journaled ones are left in the journal instead, for
   * their clients to resume on another node (an upgrade drops no call).
   */
  async closeAll(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    for (const waiter of this.waiting.splice(0)) waiter(false);
    if (!this.options.journal) {
      for (const id of [...this.entries.keys()]) await this.close(id).catch(() => {});
      return;
    }
    for (const entry of [...this.entries.values()]) {
      if (!entry.journal) await this.close(entry.id).catch(() => {});
      else {
        this.drop(entry);
        await entry.outbox;
      }
    }
  }

  /** Rebuilds a session from the journal, taking it over from the node that held it; null when unknown or `owner`'s is not. */
  private async restore(id: string, owner: string): Promise<Entry | null> {
    const journal = this.options.journal!;
    const claimed = await journal.claim(id, owner);
    if (!claimed) return null;
    const opening = claimed.opening as unknown as Opening;
    // a session journaled before openings were kept redacted: its metadata as sent is redacted now
    const conversation = claimed.opening.redacted ? opening.conversation : this.keep(opening.conversation);
    const opened = openSession(conversation, this.options.engine(), opening.earlier, opening.audio);
    if (!opened.ok) return null;
    const session = opened.session;
    // the same inputs at the same times: the same state (audio is never kept: its measures start again)
    for (const step of claimed.steps) {
      if (step.turn) session.turn(step.turn as unknown as TurnIn, step.at);
      else if (step.tick) session.tick(step.at);
    }
    const log = new EventLog(this.options.keptEvents);
    log.restore(claimed.steps.flatMap((s) => s.events) as unknown as ServerEvent[]);
    const entry: Entry = {
      id,
      session,
      log,
      owner,
      customer: conversation.customer?.id,
      send: null,
      grace: null,
      cueTimer: null,
      journal: new SessionJournal(journal, id, claimed.epoch, claimed.steps.length),
      outbox: Promise.resolve(),
      earlier: opening.earlier.map(encodeContact),
    };
    const previous = this.entries.get(id);
    if (previous) this.drop(previous);
    this.entries.set(id, entry);
    this.schedule(entry);
    return entry;
  }

  /** Forgets a session another node holds now (or that this node leaves in the journal), without storing it. */
  private drop(entry: Entry): void {
    if (this.entries.get(entry.id) === entry) this.entries.delete(entry.id);
    if (entry.grace) clearTimeout(entry.grace);
    if (entry.cueTimer) clearTimeout(entry.cueTimer);
    entry.grace = entry.cueTimer = null;
  }

  /** Ends a session that was erased: forgotten unstored, its client told (`closed`, not stored) after what was queued. */
  private end(entry: Entry): void {
    // closed or let go already
    if (this.entries.get(entry.id) !== entry) return;
    this.drop(entry);
    const closed = { type: 'closed' as const, id: entry.session.id, stored: false, summary: null };
    entry.outbox = entry.outbox.then(() => entry.send?.(entry.log.number([closed])));
  }

  /** Sends events after those queued before them. */
  private post(entry: Entry, events: readonly ServerEvent[]): void {
    if (!events.length) return;
    entry.outbox = entry.outbox.then(() => entry.send?.(events));
  }

  /**
   * Keeps this node's sessions marked as held, and stores sessions nobody held for three grace periods: their node
   * went away and their client never came back (taken over, rebuilt, and closed as the grace period would have).
   */
  private async sweep(): Promise<void> {
    const journal = this.options.journal!;
    const gone = await journal.touch(
      [...this.entries.values()].flatMap((e) => (e.journal ? [{ id: e.id, epoch: e.journal.epoch }] : [])),
    );
    // erased on another node while held here
    for (const id of gone) {
      const entry = this.entries.get(id);
      if (entry) this.end(entry);
    }
    for (const { id, owner } of await journal.abandoned(3 * this.options.graceMs)) {
      if (this.entries.has(id)) continue;
      if (await this.restore(id, owner)) await this.close(id);
    }
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
        const at = this.options.now();
        this.emit(entry.id, entry.session.tick(at), { tick: true, at });
      },
      Math.max(0, due - this.options.now()),
    );
    entry.cueTimer.unref();
  }
}
