import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import WebSocket from 'ws';
import { createEngine } from '../../src/core/engine.ts';
import { openSession } from '../../src/core/live/session.ts';
import { timedTurns } from '../../src/core/live/replay.ts';
import { Conversation } from '../../src/core/schema/index.ts';
import { toneBursts } from '../../src/core/prosody/testing.ts';
import { startChild } from './http.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const SOAK = process.argv.includes('--soak');
const SESSIONS = arg('sessions', 1_000);
const TURN_EVERY_MS = arg('every', 2_000);
const SECONDS = arg('seconds', SOAK ? 600 : 60);

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
          opened.session.audio('agent', agent.subarray(at, at + 160));
          opened.session.audio('customer', customer.subarray(at, at + 160));
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

interface Client {
  socket: WebSocket;
  conversation: Conversation;
  next: number;
  seq: number;
  lastEvent: number;
  sentAt: Map<number, number>;
  timer: NodeJS.Timeout | null;
  opened: boolean;
}

/**
 * `npm run bench -- --only live [--sessions N] [--every MS] [--seconds S] [--soak]`: N concurrent live sessions on loopback,
 * each sending a turn every 2 s (example conversations, over and over: a session closes, is stored, and a new one opens),
 * with the load generator in this process and the server (as `attune serve` runs it) in a child.
 */
export async function bench(): Promise<void> {
  const conversations = examples();
  const core = coreSession(conversations);
  const voice = coreVoiceSession();
  const dir = mkdtempSync(join(tmpdir(), 'attune-bench-live-'));
  const server = await startChild(join(dir, 'bench.sqlite'), 'inline');
  const wsUrl = `${server.url.replace('http', 'ws')}/v1/live`;
  const ack: number[] = [];
  const cue: number[] = [];
  let lost = 0;
  let duplicated = 0;
  let unacked = 0;
  let turns = 0;
  let stored = 0;
  let errors = 0;
  let stopping = false;
  const clients: Client[] = [];
  let made = 0;

  const connect = (c: Client) => {
    c.socket = new WebSocket(wsUrl, { headers: { authorization: `Bearer ${server.key}` } });
    c.socket.on('open', () => {
      const { turns: _t, ...meta } = c.conversation;
      c.socket.send(JSON.stringify({ type: 'open', conversation: { ...meta, id: `live-${made++}` } }));
    });
    c.socket.on('error', () => errors++);
    c.socket.on('message', (data) => {
      const event = JSON.parse(data.toString()) as { type: string; seq: number; turnSeq?: number; stored?: boolean };
      const now = performance.now();
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
        else ack.push(now - sent);
        c.sentAt.delete(event.turnSeq!);
      } else if (event.type === 'cue') {
        // a cue that answers a turn arrives before that turn's ack; one shown later by the pacing timer is not timed
        const pending = [...c.sentAt.values()];
        if (pending.length) cue.push(now - pending[0]!);
      } else if (event.type === 'closed') {
        if (event.stored) stored++;
        c.socket.close();
      }
    });
    c.socket.on('close', () => {
      unacked += c.sentAt.size;
      if (c.timer) clearTimeout(c.timer);
      if (stopping) return;
      // the next conversation in a fresh session
      c.conversation = conversations[(conversations.indexOf(c.conversation) + 1) % conversations.length]!;
      Object.assign(c, { next: 0, seq: 0, lastEvent: 0, sentAt: new Map(), timer: null, opened: false });
      connect(c);
    });
  };
  const schedule = (c: Client) => {
    c.timer = setTimeout(() => {
      c.timer = null;
      if (stopping) return;
      if (c.next >= c.conversation.turns.length) return c.socket.send(JSON.stringify({ type: 'close' }));
      const turn = c.conversation.turns[c.next++]!;
      const seq = ++c.seq;
      c.sentAt.set(seq, performance.now());
      turns++;
      c.socket.send(JSON.stringify({ type: 'turn', seq, role: turn.role, text: turn.text, seen: c.lastEvent }));
      schedule(c);
    }, TURN_EVERY_MS);
  };

  try {
    const baseline = rssOf(server.child.pid!);
    const cpuBefore = process.cpuUsage();
    for (let i = 0; i < SESSIONS; i++) {
      const c = {
        conversation: conversations[i % conversations.length]!,
        next: 0,
        seq: 0,
        lastEvent: 0,
        sentAt: new Map(),
        timer: null,
        opened: false,
      } as unknown as Client;
      clients.push(c);
      // spread over one turn interval, so turns do not all land in the same tick
      setTimeout(() => connect(c), (i / SESSIONS) * TURN_EVERY_MS);
    }
    const samples: number[] = [];
    const started = Date.now();
    let opened = 0;
    while (Date.now() - started < SECONDS * 1000) {
      await new Promise((r) => setTimeout(r, Math.min(10_000, SECONDS * 250)));
      samples.push(rssOf(server.child.pid!));
      opened = clients.filter((c) => c.opened).length;
      if (SOAK)
        console.log(
          `  ${((Date.now() - started) / 1000).toFixed(0)} s: ${opened} sessions open, server RSS ${(samples.at(-1)! / 2 ** 20).toFixed(0)} MiB, ${turns} turns, ${lost} events lost, ${duplicated} duplicated (${load()})`,
        );
    }
    const openNow = clients.filter((c) => c.opened).length;
    const rssOpen = rssOf(server.child.pid!);
    stopping = true;
    for (const c of clients) c.socket.close();
    await new Promise((r) => setTimeout(r, 1_000));
    const loader = process.cpuUsage(cpuBefore);
    // after the first quarter (warm-up: the JIT, the first sessions' growth), RSS should stay within 10%
    const steady = samples.slice(Math.floor(samples.length / 4));
    const spread = steady.length ? (Math.max(...steady) - Math.min(...steady)) / Math.min(...steady) : NaN;
    console.log(
      `\nlive sessions: ${SESSIONS} on loopback, a turn each every ${TURN_EVERY_MS / 1000} s for ${SECONDS} s; server in a child process (inline analysis), load generator here (${load()})`,
    );
    console.log(
      `  turns sent ${turns}, acknowledged ${ack.length}, cues timed ${cue.length}; sessions stored ${stored}; errors ${errors}`,
    );
    console.log(
      `  turn -> ack (every turn): p50 ${quantile(ack, 0.5).toFixed(1)} ms, p99 ${quantile(ack, 0.99).toFixed(1)} ms   target p99 < 20 ms`,
    );
    console.log(
      `  turn -> cue (turns that raised one): p50 ${quantile(cue, 0.5).toFixed(1)} ms, p99 ${quantile(cue, 0.99).toFixed(1)} ms`,
    );
    console.log(
      `  memory per open session: server RSS ${((rssOpen - baseline) / Math.max(1, openNow) / 1024).toFixed(1)} KB (${openNow} open; includes sockets and buffers), core session heap ${(core.bytes / 1024).toFixed(1)} KB after a whole example conversation   target < 50 KB`,
    );
    console.log(
      `  core session CPU per turn (in-process, cues, moments, routing, adoption): ${core.cpuPerTurnUs.toFixed(0)} µs`,
    );
    console.log(
      `  interim prosody (in-process, 20 ms frames, two channels at 8 kHz): +${(voice.bytes / 1024).toFixed(1)} KB heap per session, ${voice.cpuPerAudioSecondMs.toFixed(2)} ms CPU per second of call (both channels)   target < 5 ms per channel`,
    );
    console.log(
      `  events lost ${lost}, duplicated ${duplicated}; turns never acknowledged ${unacked}; server RSS spread after warm-up ${(spread * 100).toFixed(1)}% (${steady.length} samples)${SOAK ? '   target: 0, 0, within 10%' : ''}`,
    );
    console.log(`  load generator CPU ${((loader.user + loader.system) / 1e6).toFixed(1)} s`);
  } finally {
    stopping = true;
    for (const c of clients) c.socket?.terminate();
    const exited = new Promise((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}
