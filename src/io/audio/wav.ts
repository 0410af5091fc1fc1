/** Decoded audio: one Float32Array of -1..1 samples per channel. */
export interface Audio {
  sampleRate: number;
  channels: Float32Array[];
}

export type AudioResult = { ok: true; audio: Audio } | { ok: false; error: string };

/** Raw PCM has no header: the caller says what it is. */
export interface RawPcmFormat {
  sampleRate: number;
  channels: number;
  /** Signed 16-bit little-endian (telephony's usual) or 32-bit float. */
  encoding: 's16le' | 'f32le';
}

const PCM = 1;
const FLOAT = 3;
const EXTENSIBLE = 0xfffe;

/** Reads a RIFF/WAVE file: PCM 8/16/24/32-bit or 32-bit float, any number of channels. */
export function readWav(bytes: Uint8Array): AudioResult {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE')
    return { ok: false, error: 'not a WAV file (no RIFF/WAVE header)' };
  let format: { code: number; channels: number; sampleRate: number; bits: number } | null = null;
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) return { ok: false, error: 'WAV fmt chunk is truncated' };
      let code = view.getUint16(body, true);
      if (code === EXTENSIBLE && size >= 26) code = view.getUint16(body + 24, true);
      format = {
        code,
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (!format) return { ok: false, error: 'WAV data chunk comes before its fmt chunk' };
      // streaming writers (sox to a pipe) leave the size at 0 or 0xFFFFFFFF: read to the end
      const end = size === 0 || size === 0xffffffff ? bytes.length : Math.min(bytes.length, body + size);
      return decode(bytes.subarray(body, end), format);
    }
    at = body + size + (size % 2);
  }
  return { ok: false, error: format ? 'WAV file has no data chunk' : 'WAV file has no fmt chunk' };
}

/** Reads headerless PCM in the format the caller names. */
export function readRawPcm(bytes: Uint8Array, format: RawPcmFormat): AudioResult {
  return decode(bytes, {
    code: format.encoding === 'f32le' ? FLOAT : PCM,
    channels: format.channels,
    sampleRate: format.sampleRate,
    bits: format.encoding === 'f32le' ? 32 : 16,
  });
}

function decode(
  data: Uint8Array,
  f: { code: number; channels: number; sampleRate: number; bits: number },
): AudioResult {
  if (f.code !== PCM && f.code !== FLOAT)
    return { ok: false, error: `WAV encoding ${f.code} is not supported (PCM or 32-bit float only)` };
  if (f.channels < 1 || f.channels > 8) return { ok: false, error: `${f.channels} channels is not supported (1 to 8)` };
  if (f.sampleRate < 4000 || f.sampleRate > 192000)
    return { ok: false, error: `sample rate ${f.sampleRate} Hz is out of range` };
  const width = f.bits / 8;
  if (!Number.isInteger(width) || width < 1 || width > 4 || (f.code === FLOAT && width !== 4))
    return { ok: false, error: `${f.bits}-bit samples are not supported` };
  const frames = Math.floor(data.length / (width * f.channels));
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const channels = Array.from({ length: f.channels }, () => new Float32Array(frames));
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < f.channels; c++) {
      const at = (i * f.channels + c) * width;
      channels[c]![i] = f.code === FLOAT ? view.getFloat32(at, true) : pcmSample(view, at, width);
    }
  }
  return { ok: true, audio: { sampleRate: f.sampleRate, channels } };
}

function pcmSample(view: DataView, at: number, width: number): number {
  switch (width) {
    case 1:
      return (view.getUint8(at) - 128) / 128;
    case 2:
      return view.getInt16(at, true) / 32768;
    case 3: {
      const value = view.getUint8(at) | (view.getUint8(at + 1) << 8) | (view.getInt8(at + 2) << 16);
      return value / 8388608;
    }
    default:
      return view.getInt32(at, true) / 2147483648;
  }
}

/** Encodes audio as a 16-bit PCM WAV file (channels interleaved). */
export function writeWav(audio: Audio): Uint8Array {
  const channels = audio.channels.length;
  const frames = Math.max(0, ...audio.channels.map((c) => c.length));
  const data = frames * channels * 2;
  const view = new DataView(new ArrayBuffer(44 + data));
  const tag = (at: number, s: string) => [...s].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  tag(0, 'RIFF');
  view.setUint32(4, 36 + data, true);
  tag(8, 'WAVE');
  tag(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, PCM, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, audio.sampleRate, true);
  view.setUint32(28, audio.sampleRate * channels * 2, true);
  view.setUint16(32, channels * 2, true);
  view.setUint16(34, 16, true);
  tag(36, 'data');
  view.setUint32(40, data, true);
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < channels; c++) {
      const s = Math.max(-1, Math.min(1, audio.channels[c]![i] ?? 0));
      view.setInt16(44 + (i * channels + c) * 2, Math.round(s * 32767), true);
    }
  }
  return new Uint8Array(view.buffer);
}
