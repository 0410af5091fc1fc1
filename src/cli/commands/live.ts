import { loadEngine } from '../../io/engine.ts';
import { describeRejection, readInputs } from '../../io/read/index.ts';
import type { Engine } from '../../core/engine.ts';
import { EventLog } from '../../core/live/event-log.ts';
import type { ServerEvent } from '../../core/live/events.ts';
import { timedTurns } from '../../core/live/replay.ts';
import { openSession } from '../../core/live/session.ts';
import type { Conversation } from '../../core/schema/index.ts';
import { LiveSession } from '../../live/client.ts';
import { parseFlags } from '../args.ts';
import type { CommandIO } from './analyze.ts';

const HELP = `usage: attune live --replay FILE [--speed N] [--url URL --key KEY] [--id ID] [--config FILE]

  --replay   conversations to replay (any format attune analyze reads), each with its turns' own timing
  --speed    how many times faster than real time (default 1; 60 plays a minute a second)
  --url      a running server (attune serve) to replay against; without it the session runs in-process
  --key      the API key for --url (ATTUNE_API_KEY also works): admin, analyst, or the conversation's agent
  --id       replay only this conversation
  --config   a lexicon file layered over the default (in-process only; a server uses its own)

Cues print as they are shown, with their outcome (accepted, ignored, dismissed) once the agent's
next turns decide it; each conversation ends with its cue-adoption summary. Quotes are redacted.
`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const clock = (ms: number) => `${Math.floor(ms / 60_000)}:${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}`;

/** A withdrawn cue's first evidence: the agent's words, or (a voice cue) when in the call. */
function evidenceOf(e: Extract<ServerEvent, { type: 'cue-withdrawn' }>['evidence'][number] | undefined): string {
  if (!e) return '';
  return 'text' in e ? ` ("${e.text.slice(0, 80)}")` : ` (${e.start.toFixed(1)}–${e.end.toFixed(1)} s)`;
}

/** One line (or two) per event worth a person's attention. */
function describe(event: ServerEvent, at: number): string | null {
  switch (event.type) {
    case 'cue':
      return `  [${clock(at)}] ${event.cue.severity.toUpperCase()} ${event.cue.kind}: ${event.cue.message}\n           → ${event.cue.suggestion}\n`;
    case 'cue-withdrawn':
      return `  [${clock(at)}] ${event.id} ${event.outcome}: ${event.why}${evidenceOf(event.evidence[0])}\n`;
    case 'routing':
      return event.changed.length || event.decision === 'human-required'
        ? `  [${clock(at)}] routing: ${event.decision} (${event.reasons.join('; ')})\n`
        : null;
    case 'error':
      return `  [${clock(at)}] error ${event.code}: ${event.message}\n`;
    case 'closed':
      if (!event.summary) return `  ${event.stored ? 'stored' : 'not analysed (opted out)'}\n`;
      return `  ${event.summary.cues.length} cue(s): ${event.summary.adoption.accepted} accepted, ${event.summary.adoption.ignored} ignored, ${event.summary.adoption.dismissed} dismissed${event.stored ? '; stored' : ''}\n`;
    default:
      return null;
  }
}

/** Plays a conversation through an in-process session, waiting out its timing at `speed`. */
async function inProcess(
  conversation: Conversation,
  engine: Engine,
  speed: number,
  print: (events: readonly ServerEvent[], at: number) => void,
) {
  const { turns: _turns, ...meta } = conversation;
  const opened = openSession(meta, engine);
  if (!opened.ok) throw new Error(opened.problems.join('; '));
  const session = opened.session;
  const log = new EventLog(Infinity);
  const started = Date.now();
  const until = (at: number) => sleep(at / speed - (Date.now() - started));
  for (const { at, message } of timedTurns(conversation)) {
    for (let due = session.nextCueAt(); due !== null && due <= at; due = session.nextCueAt()) {
      await until(due);
      const shown = session.tick(due);
      if (!shown.length) break;
      print(log.number(shown), due);
    }
    await until(at);
    print(log.number(session.turn({ ...message, final: message.final ?? true }, at)), at);
  }
  const closed = session.close();
  const end = timedTurns(conversation).at(-1)?.at ?? 0;
  print(
    log.number([...closed.events, { type: 'closed', id: conversation.id, stored: false, summary: closed.summary }]),
    end,
  );
}

/** Plays a conversation against a running server. */
async function remote(
  conversation: Conversation,
  url: string,
  key: string,
  speed: number,
  print: (events: readonly ServerEvent[], at: number) => void,
) {
  const { turns: _turns, ...meta } = conversation;
  const live = await LiveSession.open({ url, key, conversation: meta, reconnect: { tries: 5, delayMs: 200 } });
  const started = Date.now();
  live.onEvent((event) => print([event], (Date.now() - started) * speed));
  for (const { at, message } of timedTurns(conversation)) {
    await sleep(at / speed - (Date.now() - started));
    const { type: _type, seq: _seq, ...turn } = message;
    live.turn(turn);
  }
  await live.close();
}

export async function run(
  argv: string[],
  io: CommandIO = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const parsed = parseFlags(argv, {
    replay: { type: 'string' },
    speed: { type: 'string', default: '1' },
    url: { type: 'string' },
    key: { type: 'string' },
    id: { type: 'string' },
    config: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (!parsed.ok) {
    io.stderr.write(`attune live: ${parsed.message}\n\n${HELP}`);
    return 64;
  }
  const flags = parsed.values;
  if (flags.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const speed = Number(flags.speed);
  if (!flags.replay || !(speed > 0)) {
    io.stderr.write(
      `attune live: ${flags.replay ? `--speed must be a positive number (got "${flags.speed}")` : '--replay FILE is required'}\n\n${HELP}`,
    );
    return 64;
  }
  const key = flags.key ?? process.env.ATTUNE_API_KEY;
  if (flags.url && !key) {
    io.stderr.write('attune live: --url needs --key (or ATTUNE_API_KEY)\n');
    return 64;
  }
  const engine = flags.url ? null : await loadEngine({ configFile: flags.config });
  let played = 0;
  for await (const record of readInputs([flags.replay], {}, io.open)) {
    if (!record.ok) {
      io.stderr.write(`rejected: ${describeRejection(record)}\n`);
      continue;
    }
    const conversation = record.conversation;
    if (flags.id && conversation.id !== flags.id) continue;
    played++;
    io.stdout.write(
      `${conversation.id} (${conversation.channel}, ${conversation.turns.length} turns, ${flags.url ? `live at ${flags.url}` : 'in-process'}, ${speed}× real time)\n`,
    );
    const print = (events: readonly ServerEvent[], at: number) => {
      for (const event of events) {
        const line = describe(event, at);
        if (line) io.stdout.write(line);
      }
    };
    if (engine) await inProcess(conversation, engine, speed, print);
    else await remote(conversation, flags.url!, key!, speed, print);
  }
  if (flags.id && played === 0) {
    io.stderr.write(`attune live: no conversation "${flags.id}" in ${flags.replay}\n`);
    return 65;
  }
  return 0;
}
