import type { CallAudio } from '../../core/analyze.ts';
import { channelRoles } from '../../io/audio/channels.ts';
import { readWav } from '../../io/audio/wav.ts';
import type { CallRecording } from '../ingest-result.ts';
import type { AppContext } from '../context.ts';
import { ApiError } from '../errors.ts';

/** The parts a call upload carries: its transcript (any format the readers take) and its recording (WAV). */
export const CALL_PARTS = ['transcript', 'audio'] as const;

export interface CallUpload {
  transcript: { bytes: Uint8Array; mediaType: string };
  audio: CallAudio;
  /** The recording as sent (a WAV file), for a server that keeps them. */
  bytes: Uint8Array;
  recording: CallRecording;
}

const fail = (part: string, why: string) => new ApiError('invalid_request', `multipart part "${part}": ${why}`);

/**
 * Reads a multipart/form-data body into the call's transcript and decoded recording; a missing, repeated,
 * unknown or unreadable part is a 400 naming the part and why. Node's own fetch parser reads the body
 * (undici, kept with Node), so no multipart package is needed.
 */
export async function readCallUpload(
  body: Uint8Array,
  contentType: string,
  audioChannels: string | undefined,
): Promise<CallUpload> {
  let form: FormData;
  try {
    form = await new Request('http://attune.invalid/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: new Blob([body as Uint8Array<ArrayBuffer>]),
    }).formData();
  } catch {
    throw new ApiError(
      'invalid_request',
      'the multipart/form-data body could not be read: check its boundary and that every part is closed',
    );
  }
  const parts = new Map<string, Blob>();
  for (const [name, value] of form) {
    if (!(CALL_PARTS as readonly string[]).includes(name))
      throw fail(name, `not a part this endpoint takes (send ${CALL_PARTS.map((p) => `"${p}"`).join(' and ')})`);
    if (parts.has(name)) throw fail(name, 'sent twice; send one of each');
    parts.set(name, typeof value === 'string' ? new Blob([value], { type: 'text/plain' }) : value);
  }
  for (const name of CALL_PARTS) if (!parts.has(name)) throw fail(name, 'missing');
  const transcript = parts.get('transcript')!;
  const audioPart = parts.get('audio')!;
  if (transcript.size === 0) throw fail('transcript', 'empty');
  if (audioPart.size === 0) throw fail('audio', 'empty');
  const audioBytes = new Uint8Array(await audioPart.arrayBuffer());
  const wav = readWav(audioBytes);
  if (!wav.ok)
    throw fail(
      'audio',
      `${wav.error} (a WAV recording is expected: PCM or 32-bit float, mono or one channel per speaker)`,
    );
  const roles = channelRoles(audioChannels, wav.audio.channels.length, 'the audioChannels query parameter');
  if (!roles.ok) throw fail('audio', roles.error);
  const seconds = Math.round(((wav.audio.channels[0]?.length ?? 0) / wav.audio.sampleRate) * 1000) / 1000;
  if (seconds === 0) throw fail('audio', 'the recording holds no samples');
  return {
    transcript: {
      bytes: new Uint8Array(await transcript.arrayBuffer()),
      mediaType: transcript.type.split(';')[0]!.trim().toLowerCase(),
    },
    audio: {
      sampleRate: wav.audio.sampleRate,
      channels: wav.audio.channels.map((samples, i) => ({ role: roles.roles[i]!, samples })),
    },
    bytes: audioBytes,
    recording: { stored: false, sampleRate: wav.audio.sampleRate, channels: roles.roles, seconds },
  };
}

/**
 * The app context with this call's recording attached to its job, so its prosody feeds the analysis as
 * `attune analyze call.wav` does, on an analysis thread like any batch (measuring a long call's audio takes seconds).
 */
export function withRecording(ctx: AppContext, audio: CallAudio): AppContext {
  return { ...ctx, processBatch: (jobs) => ctx.processBatch(jobs.map((job) => ({ ...job, audio }))) };
}
