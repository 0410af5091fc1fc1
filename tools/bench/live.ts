import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import WebSocket from 'ws';
import { createEngine } from '../../src/core/engine.ts';
import { openSession } from '../../src/core/live/session.ts';
import { timedTurns } from '../../src/core/live/replay.ts';
import { Conversation } from '../../src/core/schema/index.ts';
import { toneBursts } from '../../src/core/prosody/testing.ts';
import { cpuSeconds, startChild } from './http.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const SOAK = process.argv.includes('--soak');
const soakSeconds = Number(process.argv[process.argv.indexOf('--soak') + 1]);
const SESSIONS = arg('sessions', 1_000);
const TURN_EVERY_MS = arg('every', 2_000);
const SECONDS = SOAK ? (Number.isFinite(soakSeconds) && soakSeconds > 0 ? soakSeconds : 600) : arg('seconds', 60);
/** Unmeasured: the connection storm and the JIT's first compiles. */
const WARMUP = arg('warmup', 10);

function examples(): Conversation[] {
  const dir = join(ROOT, 'examples', 'conversations');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .flatMap((f) =>
      readFileSync(join(dir, f), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => Conversation.parse(JSON.parse(line))),
    )
    .filter((c) => c.consent.analysis !== false && c.turns.length > 0);
}

const rssOf = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
const quantile = (xs: number[], q: number) =>
  xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]! : NaN;
const load = () =>
  `load ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')} on ${cpus().length} cores`;

/** Heap held by one open core session after a whole example conversation (no socket or server around it), and CPU per turn. */
function coreSession(conversations: Conversation[]): { bytes: number; cpuPerTurnUs: number } {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const built = createEngine();
  if (!built.ok) throw new Error(built.errors.join('; '));
  const n = 500;
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept = [];
  let turns = 0;
  const cpu = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const c = conversations[i % conversations.length]!;
    const { turns: _turns, ...meta } = c;
    const opened = openSession({ ...meta, id: `m-${i}` }, built.engine);
    if (!opened.ok) throw new Error('open');
    for (const { at, message } of timedTurns(c)) opened.session.turn({ ...message, final: true }, at);
    turns += c.turns.length;
    kept.push(opened.session);
  }
  const used = process.cpuUsage(cpu);
  gc();
  const bytes = (process.memoryUsage().heapUsed - before) / n;
  kept.length = 0;
  return { bytes, cpuPerTurnUs: (used.user + used.system) / turns };
}

/**
 * Heap a session's interim prosody adds: sessions opened with audio, each fed `seconds` of a two-speaker call in
 * 20 ms frames per channel (what a client streams), against the same sessions without audio; and CPU per second of audio.
 */
export function coreVoiceSession(n = 100, seconds = 20): { bytes: number; cpuPerAudioSecondMs: number } {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const built = createEngine();
  if (!built.ok) throw new Error(built.errors.join('; '));
  const rate = 8000;
  const bursts = (from: number): [number, number][] =>
    Array.from({ length: Math.ceil(seconds / 6) }, (_, i) => [i * 6 + from, i * 6 + from + 2.5]);
  const agent = toneBursts(rate, seconds, 120, bursts(2));
  const customer = toneBursts(rate, seconds, 210, bursts(0));
  const heldBy = (audio: boolean) => {
    gc();
    const before = process.memoryUsage().heapUsed;
    const kept = [];
    const cpu = process.cpuUsage();
    for (let i = 0; i < n; i++) {
      const opened = openSession(
        { id: `v-${i}`, channel: 'voice' },
        built.engine,
        [],
        audio ? { sampleRate: rate, channels: ['agent', 'customer'] } : undefined,
      );
      if (!opened.ok) throw new Error('open');
      if (audio) {
        for (let at = 0; at < agent.length; at += 160) {
          opened.session.audio('agent', agent.subarray(at, at + 160), at / 8);
          opened.session.audio('customer', customer.subarray(at, at + 160), at / 8);
        }
      }
      kept.push(opened.session);
    }
    const used = process.cpuUsage(cpu);
    gc();
    const bytes = (process.memoryUsage().heapUsed - before) / n;
    kept.length = 0;
    return { bytes, cpuUs: used.user + used.system };
  };
  const without = heldBy(false);
  const withAudio = heldBy(true);
  return { bytes: withAudio.bytes - without.bytes, cpuPerAudioSecondMs: withAudio.cpuUs / 1000 / (n * seconds) };
}

/** One conversation's session, from open to `closed`. */
interface Client {
  socket: WebSocket;
  conversation: Conversation;
  next: number;
  seq: number;
  lastEvent: number;
  sentAt: Map<number, number>;
  timer: NodeJS.Timeout | null;
  opened: boolean;
  /** When this session's last cue arrived (the pacing interval runs from it). */
  lastCueAt: number;
  /** Sent `close`, waiting for `closed` (the store's work, which the next conversation does not wait for). */
  closing: boolean;
}

/** The server's event-loop delay since it was last asked, and its heap after a full GC (SIGUSR2; see http.ts). */
interface ServerStats {
  eventLoopDelay: { p50: number; p99: number; max: number; mean: number };
  heapUsed: number;
}
function serverStats(child: ChildProcess): Promise<ServerStats> {
  return new Promise((resolve) => {
    let out = '';
    const read = (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{"eventLoopDelay"'));
      if (!line) return;
      child.stdout!.off('data', read);
      resolve(JSON.parse(line) as ServerStats);
    };
    child.stdout!.on('data', read);
    child.kill('SIGUSR2');
  });
}

const ms = (x: number) => `${x.toFixed(1)} ms`;
const delays = (d: { p50: number; p99: number; max: number }) => `p50 ${ms(d.p50)}, p99 ${ms(d.p99)}, max ${ms(d.max)}`;

/**
 * `npm run bench -- --only live [--sessions N] [--every MS] [--seconds S] [--warmup S] [--soak [S]]`: N concurrent live
 * sessions on loopback, each sending a turn every 2 s (example conversations, over and over: a session closes, is stored,
 * and a new one opens), with the load generator in this process and the server, as `attune serve` runs it (analysis
 * threads, SQLite writer thread), in a child. `--soak` runs 600 s (or S) and prints a line every 10 s.
 *
 * What is timed, for turns sent within the measured window (after the warm-up, the connection storm and the JIT, and
 * one turn interval after the stats' forced GC, which is the bench's and not the server's): turn -> ack for every turn; turn -> cue for each cue
 * that a turn raised and the pacing let through at once (it comes in that turn's answer, before its ack: the client tells
 * it by the cue's `shownAfterTurn`, the turn still waiting for its ack). A cue the pacing held back is shown by the
 * server's timer one interval after the previous cue: the time it waited is the product's pacing, not latency, so it is
 * timed apart, as how late it came after its due time (previous cue received + interval, both on this side).
 */
export async function bench(): Promise<void> {
  const conversations = examples();
  const core = coreSession(conversations);
  const voice = coreVoiceSession();
  const built = createEngine();
  if (!built.ok) throw new Error(built.errors.join('; '));
  const interval = built.engine.lexicon.data.live.cueIntervalMs;
  const dir = mkdtempSync(join(tmpdir(), 'attune-bench-live-'));
  const server = await startChild(join(dir, 'bench.sqlite'), 'pool');
  const wsUrl = `${server.url.replace('http', 'ws')}/v1/live`;
  const ack: number[] = [];
  const cue: number[] = [];
  const paced: number[] = [];
  let measuring = false;
  /** Turns sent from then until `measuredUntil` are timed (answers to earlier ones, still in flight when measuring began, are not). */
  let measuredFrom = Infinity;
  let measuredUntil = Infinity;
  const timed = (sent: number) => sent >= measuredFrom && sent < measuredUntil;
  let lost = 0;
  let duplicated = 0;
  let unacked = 0;
  let inFlightAtStop = 0;
  let turns = 0;
  let measuredTurns = 0;
  let stored = 0;
  let errors = 0;
  /** Opens the server refused as busy (its closed sessions not yet stored backed up), each tried again. */
  let busy = 0;
  let stopping = false;
  const seats: Client[] = [];
  let made = 0;
  /** Sessions that sent `close` and wait for `closed`; and connections that ended before it. */
  let closing = 0;
  let lostSessions = 0;

  // a seat is an agent taking conversations back to back: the next opens as the last is closed, not once it is stored
  const conversationAfter = (c: Conversation) => conversations[(conversations.indexOf(c) + 1) % conversations.length]!;
  const start = (conversation: Conversation): Client => {
    const c = {
      conversation,
      next: 0,
      seq: 0,
      lastEvent: 0,
      sentAt: new Map(),
      timer: null,
      opened: false,
      lastCueAt: 0,
      closing: false,
    } as unknown as Client;
    connect(c);
    return c;
  };
  const connect = (c: Client) => {
    c.socket = new WebSocket(wsUrl, { headers: { authorization: `Bearer ${server.key}` } });
    const { turns: _t, ...meta } = c.conversation;
    const open = JSON.stringify({ type: 'open', conversation: { ...meta, id: `live-${made++}` } });
    c.socket.on('open', () => c.socket.send(open));
    c.socket.on('error', () => {
      if (!stopping) errors++;
    });
    c.socket.on('message', (data) => {
      const now = performance.now();
      const event = JSON.parse(data.toString()) as {
        type: string;
        seq: number;
        code?: string;
        turnSeq?: number;
        stored?: boolean;
        cue?: { shownAfterTurn: number };
      };
      // the server's sessions to store backed up: it took no new one; the seat opens again a second later
      if (event.type === 'error' && event.code === 'busy' && !c.opened) {
        busy++;
        setTimeout(() => !stopping && c.socket.send(open), 1_000);
        return;
      }
      if (event.seq !== c.lastEvent + 1) {
        if (event.seq <= c.lastEvent) duplicated++;
        else lost += event.seq - c.lastEvent - 1;
      }
      c.lastEvent = Math.max(c.lastEvent, event.seq);
      if (event.type === 'error') errors++;
      if (event.type === 'opened') {
        c.opened = true;
        schedule(c);
      } else if (event.type === 'ack') {
        const sent = c.sentAt.get(event.turnSeq!);
        if (sent === undefined) duplicated++;
        else if (timed(sent)) ack.push(now - sent);
        c.sentAt.delete(event.turnSeq!);
      } else if (event.type === 'cue') {
        // every turn here is final, so turn index i is turn message seq i + 1
        const sent = c.sentAt.get(event.cue!.shownAfterTurn + 1);
        if (sent !== undefined) {
          if (timed(sent)) cue.push(now - sent);
        } else if (measuring && c.lastCueAt > 0) paced.push(now - (c.lastCueAt + interval));
        c.lastCueAt = now;
      } else if (event.type === 'closed') {
        if (event.stored) stored++;
        c.socket.close();
      }
    });
    c.socket.on('close', () => {
      // the bench closing its sockets at the end cuts off turns still on their way: those are not the server's losses
      if (stopping) inFlightAtStop += c.sentAt.size;
      else unacked += c.sentAt.size;
      if (c.timer) clearTimeout(c.timer);
      if (!c.closing && !stopping) lostSessions++;
      if (c.closing) closing--;
    });
  };
  const schedule = (c: Client) => {
    c.timer = setTimeout(() => {
      c.timer = null;
      if (stopping) return;
      if (c.next >= c.conversation.turns.length) {
        c.closing = true;
        closing++;
        c.socket.send(JSON.stringify({ type: 'close' }));
        const seat = seats.indexOf(c);
        seats[seat] = start(conversationAfter(c.conversation));
        return;
      }
      const turn = c.conversation.turns[c.next++]!;
      const seq = ++c.seq;
      c.sentAt.set(seq, performance.now());
      turns++;
      if (measuring) measuredTurns++;
      c.socket.send(JSON.stringify({ type: 'turn', seq, role: turn.role, text: turn.text, seen: c.lastEvent }));
      schedule(c);
    }, TURN_EVERY_MS);
  };

  try {
    const baseline = rssOf(server.child.pid!);
    const heapBefore = (await serverStats(server.child)).heapUsed;
    for (let i = 0; i < SESSIONS; i++) {
      // spread over one turn interval, so turns do not all land in the same tick
      setTimeout(() => seats.push(start(conversations[i % conversations.length]!)), (i / SESSIONS) * TURN_EVERY_MS);
    }
    await new Promise((r) => setTimeout(r, WARMUP * 1000));
    // the stats' full GC is the bench's, not the server's: the turns it held up are answered before timing begins
    await serverStats(server.child);
    await new Promise((r) => setTimeout(r, TURN_EVERY_MS));
    measuring = true;
    measuredFrom = performance.now();
    const loaderDelay = monitorEventLoopDelay({ resolution: 1 });
    loaderDelay.enable();
    const serverBefore = cpuSeconds(server.child.pid!);
    const loaderBefore = process.cpuUsage();
    const loadBefore = load();
    const samples: number[] = [];
    const started = Date.now();
    let opened = 0;
    while (Date.now() - started < SECONDS * 1000) {
      await new Promise((r) => setTimeout(r, Math.min(10_000, SECONDS * 250)));
      samples.push(rssOf(server.child.pid!));
      opened = seats.filter((c) => c.opened).length;
      if (SOAK)
        console.log(
          `  ${((Date.now() - started) / 1000).toFixed(0)} s: ${opened} sessions sending turns, ${closing} closed and not yet stored, ${busy} opens refused as busy, server RSS ${(samples.at(-1)! / 2 ** 20).toFixed(0)} MiB, ${turns} turns, ${lost} events lost, ${duplicated} duplicated (${load()})`,
        );
    }
    measuring = false;
    measuredUntil = performance.now();
    const openNow = seats.filter((c) => c.opened).length + closing;
    const unopened = seats.filter((c) => !c.opened).length;
    const rssOpen = rssOf(server.child.pid!);
    // the last timed turns are answered before the stats' full GC stops the server
    await new Promise((r) => setTimeout(r, TURN_EVERY_MS));
    const end = await serverStats(server.child);
    const serverDelays = end.eventLoopDelay;
    loaderDelay.disable();
    const serverAfter = cpuSeconds(server.child.pid!);
    const loader = process.cpuUsage(loaderBefore);
    stopping = true;
    for (const c of seats) c.socket.close();
    await new Promise((r) => setTimeout(r, 1_000));
    // after the first quarter (the first sessions' growth), RSS should stay within 10%
    const steady = samples.slice(Math.floor(samples.length / 4));
    const spread = steady.length ? (Math.max(...steady) - Math.min(...steady)) / Math.min(...steady) : NaN;
    const perTurn = (seconds: number) => `${((seconds * 1e6) / Math.max(1, measuredTurns)).toFixed(0)} µs`;
    console.log(
      `\nlive sessions: ${SESSIONS} on loopback, a turn each every ${TURN_EVERY_MS / 1000} s, ${WARMUP} s warm-up then ${SECONDS} s measured; server in a child process as \`attune serve\` runs it (analysis threads, SQLite writer thread), load generator here`,
    );
    console.log(`  ${loadBefore} when measuring began, ${load()} at its end`);
    console.log(
      `  turns sent ${measuredTurns} (measured), acknowledged ${ack.length}; cues timed ${cue.length} raised by a turn and shown at once, ${paced.length} held by pacing (interval ${interval / 1000} s); sessions stored ${stored}; errors ${errors}; opens refused as busy ${busy} (tried again); at the end ${unopened} seats still waiting for their session to open`,
    );
    console.log(`  turn -> ack (every turn): p50 ${ms(quantile(ack, 0.5))}, p99 ${ms(quantile(ack, 0.99))}`);
    console.log(
      `  turn -> cue (cues a turn raised, shown at once): p50 ${ms(quantile(cue, 0.5))}, p99 ${ms(quantile(cue, 0.99))}   target p99 < 20 ms`,
    );
    console.log(
      `  paced cue -> due time (previous cue + interval, client clock): p50 ${ms(quantile(paced, 0.5))}, p99 ${ms(quantile(paced, 0.99))}`,
    );
    if (serverBefore && serverAfter)
      console.log(
        `  server CPU per turn ${perTurn(serverAfter.all - serverBefore.all)} (HTTP thread ${perTurn(serverAfter.main - serverBefore.main)}; includes opens, closes and their stored analysis); load generator ${perTurn((loader.user + loader.system) / 1e6)}`,
      );
    console.log(
      `  event-loop delay: server HTTP thread ${delays(serverDelays)}; load generator ${delays({ p50: loaderDelay.percentile(50) / 1e6, p99: loaderDelay.percentile(99) / 1e6, max: loaderDelay.max / 1e6 })}`,
    );
    console.log(
      `  memory per open session (${openNow} open, ${closing} of them closed and not yet stored): server heap after a full GC ${((end.heapUsed - heapBefore) / Math.max(1, openNow) / 1024).toFixed(1)} KB (sockets, event logs, sessions), server RSS ${((rssOpen - baseline) / Math.max(1, openNow) / 1024).toFixed(1)} KB (also V8's headroom, SQLite, the analysis thread's backlog); core session heap ${(core.bytes / 1024).toFixed(1)} KB after a whole example conversation   target < 50 KB`,
    );
    console.log(
      `  core session CPU per turn (in-process, cues, moments, routing, adoption): ${core.cpuPerTurnUs.toFixed(0)} µs`,
    );
    console.log(
      `  interim prosody (in-process, 20 ms frames, two channels at 8 kHz): +${(voice.bytes / 1024).toFixed(1)} KB heap per session, ${voice.cpuPerAudioSecondMs.toFixed(2)} ms CPU per second of call (both channels)   target < 5 ms per channel`,
    );
    console.log(
      `  events lost ${lost}, duplicated ${duplicated}; turns never acknowledged ${unacked} (${inFlightAtStop} more in flight when the bench closed its sockets); connections ended before their session closed ${lostSessions}; server RSS spread after warm-up ${(spread * 100).toFixed(1)}% (${steady.length} samples)${SOAK ? '   target: 0, 0, within 10%' : ''}`,
    );
  } finally {
    stopping = true;
    for (const c of seats) c.socket?.terminate();
    const exited = new Promise((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}
