import { analyzeConversation, type CallAudio } from '../../core/analyze.ts';
import { runPipeline } from '../../core/pipeline.ts';
import { redactConversation } from '../../core/privacy/index.ts';
import { channelRoles } from '../../io/audio/channels.ts';
import { readWav } from '../../io/audio/wav.ts';
import { describeRejection, readInputs, type OpenBytes, type ReadOptionsInput } from '../../io/read/index.ts';
import type { Engine } from '../../core/engine.ts';
import type { CommandIO } from './analyze.ts';
import { write } from '../output.ts';
import { explain } from '../format/explain.ts';

export interface CallFlags {
  transcript: string;
  audioChannels?: string;
  redact: boolean;
  explain: boolean;
}

async function bytesOf(open: OpenBytes, path: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of open(path)) chunks.push(chunk);
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return all;
}

/**
 * `attune analyze call.wav --transcript call.json`: the transcript (any format the reader takes, one conversation)
 * gives the words and turn times; the recording gives the voice. Transcription is the platform's job, not ours.
 */
export async function analyzeCall(
  audioPath: string,
  flags: CallFlags,
  options: ReadOptionsInput,
  engine: Engine,
  io: CommandIO,
  open: OpenBytes,
): Promise<number> {
  const wav = readWav(await bytesOf(open, audioPath));
  if (!wav.ok) {
    io.stderr.write(`attune analyze: ${audioPath}: ${wav.error}\n`);
    return 1;
  }
  const roles = channelRoles(flags.audioChannels, wav.audio.channels.length, '--audio-channels');
  if (!roles.ok) {
    io.stderr.write(`attune analyze: ${roles.error}\n`);
    return 64;
  }
  const conversations = [];
  for await (const record of readInputs([flags.transcript], { channel: 'voice', ...options }, open)) {
    if (!record.ok) {
      io.stderr.write(`rejected: ${describeRejection(record)}\n`);
      return 2;
    }
    conversations.push(record.conversation);
  }
  if (conversations.length !== 1) {
    io.stderr.write(
      `attune analyze: ${flags.transcript} holds ${conversations.length} conversations; a call's transcript must hold exactly one\n`,
    );
    return 1;
  }
  const audio: CallAudio = {
    sampleRate: wav.audio.sampleRate,
    channels: wav.audio.channels.map((samples, i) => ({ role: roles.roles[i]!, samples })),
  };
  let analysis;
  try {
    ({ analysis } = runPipeline(conversations[0]!, {
      analyze: (conversation, options) => analyzeConversation(conversation, engine, { ...options, audio }),
      ...(flags.redact ? { redact: redactConversation } : {}),
    }));
  } catch (error) {
    io.stderr.write(`attune analyze: ${audioPath}: ${(error as Error).message}\n`);
    return 1;
  }
  await write(
    io.stdout,
    (flags.explain && !('skipped' in analysis) ? explain(analysis) : JSON.stringify(analysis)) + '\n',
  );
  return 0;
}
