import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readRawPcm, readWav } from './wav.ts';

function wav(channels: number, rate: number, bits: number, samples: number[], format = 1): Uint8Array {
  const width = bits / 8;
  const data = samples.length * width;
  const out = new DataView(new ArrayBuffer(44 + data));
  const tag = (at: number, s: string) => [...s].forEach((c, i) => out.setUint8(at + i, c.charCodeAt(0)));
  tag(0, 'RIFF');
  out.setUint32(4, 36 + data, true);
  tag(8, 'WAVE');
  tag(12, 'fmt ');
  out.setUint32(16, 16, true);
  out.setUint16(20, format, true);
  out.setUint16(22, channels, true);
  out.setUint32(24, rate, true);
  out.setUint32(28, rate * channels * width, true);
  out.setUint16(32, channels * width, true);
  out.setUint16(34, bits, true);
  tag(36, 'data');
  out.setUint32(40, data, true);
  samples.forEach((s, i) => (format === 3 ? out.setFloat32(44 + i * 4, s, true) : out.setInt16(44 + i * 2, s, true)));
  return new Uint8Array(out.buffer);
}

test('16-bit stereo PCM is split into channels scaled to -1..1', () => {
  assert.deepEqual(readWav(wav(2, 8000, 16, [16384, -32768, 0, 32767])), {
    ok: true,
    audio: { sampleRate: 8000, channels: [new Float32Array([0.5, 0]), new Float32Array([-1, 32767 / 32768])] },
  });
});

test('32-bit float mono is read as it is', () => {
  assert.deepEqual(readWav(wav(1, 16000, 32, [0.25, -0.5], 3)), {
    ok: true,
    audio: { sampleRate: 16000, channels: [new Float32Array([0.25, -0.5])] },
  });
});

test('what is not a WAV file, or one in an unsupported encoding, is refused with the reason', () => {
  assert.deepEqual(readWav(new TextEncoder().encode('{"turns": []}')), {
    ok: false,
    error: 'not a WAV file (no RIFF/WAVE header)',
  });
  assert.deepEqual(readWav(wav(1, 8000, 16, [1, 2], 6)), {
    ok: false,
    error: 'WAV encoding 6 is not supported (PCM or 32-bit float only)',
  });
  assert.deepEqual(readWav(wav(1, 8000, 16, [1]).subarray(0, 30)), { ok: false, error: 'WAV fmt chunk is truncated' });
});

test('headerless PCM is read in the format the caller names', () => {
  const bytes = new Uint8Array(new Int16Array([16384, -16384]).buffer);
  assert.deepEqual(readRawPcm(bytes, { sampleRate: 8000, channels: 1, encoding: 's16le' }), {
    ok: true,
    audio: { sampleRate: 8000, channels: [new Float32Array([0.5, -0.5])] },
  });
});
