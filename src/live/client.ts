import WebSocket from 'ws';
import type { z } from 'zod';
import { ServerEvent, type AudioMessage, type OpenMessage, type TurnMessage } from '../core/live/events.ts';
import type { LiveCue } from '../core/schema/index.ts';

export type { ServerEvent } from '../core/live/events.ts';
export type { LiveCue, LiveSummary } from '../core/schema/index.ts';

type Closed = Extract<ServerEvent, { type: 'closed' }>;
/** A turn as the client sends it; the session numbers it. */
export type LiveTurn = Omit<TurnMessage, 'type' | 'seq' | 'seen'>;

export interface LiveSessionOptions {
  /** The server's base URL (`http://host:port`) or the WebSocket URL itself. */
  url: string;
  /** An API key: admin, analyst, or the agent's own. */
  key: string;
  /** The conversation's metadata, without turns. */
  conversation: z.input<typeof OpenMessage>['conversation'];
  /** The call's audio the session will stream with `audio()`: its sample rate and who is on each channel. */
  audio?: z.input<typeof OpenMessage>['audio'];
  /** Reconnect and resume after a lost connection: how many tries, how far apart. */
  reconnect?: { tries: number; delayMs: number };
}

/** Samples per audio message: 1 s at 16 kHz, well inside the server's message limit once in base64. */
const AUDIO_CHUNK = 16_000;

const SEVERITY_RANK = { high: 0, medium: 1, low: 2 } as const;

const wsUrl = (url: string) => {
  const u = new URL(url);
  if (u.protocol === 'http:') u.protocol = 'ws:';
  if (u.protocol === 'https:') u.protocol = 'wss:';
  if (!u.pathname.endsWith('/v1/live')) u.pathname = `${u.pathname.replace(/\/$/, '')}/v1/live`;
  return u.toString();
};

/**
 * A live session with an Attune server: send turns, get cues. Numbers turns, resends the ones not acknowledged
 * after a lost connection, and delivers each event once, in order.
 * @example
 * const live = await LiveSession.open({ url: 'http://localhost:8080', key, conversation: { id: 'c1', channel: 'chat', agent: { id: 'ana' } } });
 * live.onEvent((e) => { if (e.type === 'cue') show(e.cue); });
 * live.turn({ role: 'customer', text: 'I need this before my flight at 6am' });
 */
export class LiveSession {
  private socket!: WebSocket;
  private lastEvent = 0;
  private nextSeq = 1;
  private readonly pending = new Map<number, TurnMessage>();
  private readonly listeners: Array<(event: ServerEvent) => void> = [];
  private readonly cues = new Map<string, LiveCue>();
  /** The event that showed each cue on screen. */
  private readonly cueSeqs = new Map<string, number>();
  private closing: { resolve: (e: Closed) => void; reject: (e: Error) => void } | null = null;
  private ended = false;
  sessionId = '';

  private constructor(private readonly options: LiveSessionOptions) {}

  /** Connects and opens a session; resolves once the server has opened it. */
  static async open(options: LiveSessionOptions): Promise<LiveSession> {
    const live = new LiveSession(options);
    await live.connect({
      type: 'open',
      conversation: options.conversation,
      ...(options.audio ? { audio: options.audio } : {}),
    });
    return live;
  }

  /** Calls `listener` with every event, once each, in order. */
  onEvent(listener: (event: ServerEvent) => void): () => void {
    this.listeners.push(listener);
    return () => this.listeners.splice(this.listeners.indexOf(listener), 1);
  }

  /** Sends a turn (or an interim segment of one); returns its seq. */
  turn(turn: LiveTurn): number {
    const message: TurnMessage = { type: 'turn', seq: this.nextSeq++, ...turn };
    this.pending.set(message.seq, message);
    this.write(message);
    return message.seq;
  }

  /**
   * Sends a chunk of one channel's audio, 16-bit PCM at the session's rate (20 ms frames, or longer: long chunks
   * are split to fit a message). Audio sent while the connection is down is not resent.
   */
  audio(channel: AudioMessage['channel'], samples: Int16Array): void {
    for (let at = 0; at < samples.length; at += AUDIO_CHUNK) {
      const part = samples.subarray(at, at + AUDIO_CHUNK);
      const pcm = Buffer.from(part.buffer, part.byteOffset, part.byteLength).toString('base64');
      this.write({ type: 'audio', channel, pcm } satisfies AudioMessage);
    }
  }

  /** Cues on screen (shown, not yet withdrawn), most severe first. */
  activeCues(): LiveCue[] {
    return [...this.cues.values()].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
  }

  /** Turns sent and not yet acknowledged. */
  get unacknowledged(): number {
    return this.pending.size;
  }

  /** Ends the session; resolves with the stored summary. */
  close(): Promise<Closed> {
    return new Promise((resolve, reject) => {
      this.closing = { resolve, reject };
      this.write({ type: 'close' });
    });
  }

  /** Drops the connection without closing the session (it resumes if `reconnect` is set); for tests and tools. */
  drop(): void {
    this.socket.terminate();
  }

  private write(message: unknown): void {
    if (this.socket.readyState === WebSocket.OPEN) {
      const seen = (message as { type: string }).type === 'turn' ? { seen: this.lastEvent } : {};
      this.socket.send(JSON.stringify({ ...(message as object), ...seen }));
    }
  }

  private connect(first: unknown): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(wsUrl(this.options.url), {
        headers: { authorization: `Bearer ${this.options.key}` },
      });
      this.socket = socket;
      let opened = false;
      socket.on('open', () => socket.send(JSON.stringify(first)));
      socket.on('unexpected-response', (_req, res) =>
        reject(new Error(`the server refused the live session: HTTP ${res.statusCode}`)),
      );
      socket.on('error', (error) => {
        if (!opened) reject(error);
      });
      socket.on('message', (data) => {
        const parsed = ServerEvent.safeParse(JSON.parse(data.toString()));
        if (!parsed.success) return;
        const event = parsed.data;
        if (!opened && event.type === 'error') return reject(new Error(`${event.code}: ${event.message}`));
        if (event.seq !== 0 && event.seq <= this.lastEvent) return;
        if (event.seq !== 0) this.lastEvent = event.seq;
        if (event.type === 'opened') {
          opened = true;
          // resumed on another node that never stored the events after `lastEvent`: cues among them are void (they come again)
          if (event.lastEvent !== undefined)
            for (const [id, seq] of this.cueSeqs) if (seq > event.lastEvent) this.cues.delete(id);
          this.sessionId = event.sessionId;
          // what the server never applied is sent again, in order
          for (const [seq, message] of [...this.pending].sort((a, b) => a[0] - b[0])) {
            if (seq >= event.nextTurnSeq) this.write(message);
            else this.pending.delete(seq);
          }
          if (this.closing) this.write({ type: 'close' });
          resolve();
        }
        this.track(event);
        for (const listener of [...this.listeners]) listener(event);
      });
      socket.on('close', () => {
        if (this.ended || !opened) return;
        if (this.closing && !this.options.reconnect)
          return this.closing.reject(new Error('the connection closed before the session did'));
        void this.resume();
      });
    });
  }

  private track(event: ServerEvent): void {
    if (event.type === 'ack') this.pending.delete(event.turnSeq);
    else if (event.type === 'cue') {
      this.cues.set(event.cue.id, event.cue);
      this.cueSeqs.set(event.cue.id, event.seq);
    } else if (event.type === 'cue-withdrawn') this.cues.delete(event.id);
    else if (event.type === 'closed') {
      this.ended = true;
      this.closing?.resolve(event);
    }
  }

  private async resume(): Promise<void> {
    const { tries, delayMs } = this.options.reconnect ?? { tries: 0, delayMs: 0 };
    for (let i = 0; i < tries && !this.ended; i++) {
      await new Promise((r) => setTimeout(r, delayMs));
      try {
        await this.connect({ type: 'resume', sessionId: this.sessionId, lastEvent: this.lastEvent });
        return;
      } catch {
        // the next try
      }
    }
    this.closing?.reject(new Error(`the connection was lost and ${tries} tries to resume failed`));
  }
}
