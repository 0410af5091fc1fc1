import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readWav, type Audio } from './wav.ts';

/** Whether espeak-ng and sox are on this machine (the audio-truth tests need both). */
export function haveAudioTools(): boolean {
  return ['espeak-ng', 'sox'].every((tool) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0);
}

/** A scratch folder for synthesised audio; `done()` removes it. */
export function scratch() {
  const dir = mkdtempSync(path.join(tmpdir(), 'attune-audio-'));
  return { file: (name: string) => path.join(dir, name), done: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Speaks `text` with espeak-ng at `wordsPerMinute` and base pitch `pitch` (0-99) in `voice` (espeak's own default
 * when absent; a language with an optional `+variant`), as mono 16-bit audio at `rate` Hz, with `padSeconds` of
 * silence before and after (a call does not start on a syllable; the adaptive noise floor needs a quiet moment).
 */
export function speak(
  out: string,
  text: string,
  options: { wordsPerMinute: number; pitch?: number; rate: number; voice?: string; padSeconds?: number },
): void {
  const raw = `${out}.raw.wav`;
  const voice = options.voice ? ['-v', options.voice] : [];
  execFileSync('espeak-ng', [
    ...voice,
    '-s',
    String(options.wordsPerMinute),
    '-p',
    String(options.pitch ?? 50),
    '-w',
    raw,
    text,
  ]);
  const pad = options.padSeconds ? ['pad', String(options.padSeconds), String(options.padSeconds)] : [];
  sox([raw, '-r', String(options.rate), '-b', '16', '-c', '1', out, ...pad]);
}

/** Runs sox with these arguments, repeatably (-R seeds its noise the same way every run, so a test hears the same audio). */
export function sox(args: string[]): void {
  execFileSync('sox', ['-q', '-V1', '-R', ...args]);
}

/** Telephone band (300-3400 Hz) plus white noise `noiseDb` below full scale, at the file's own rate and length. */
export function telephone(input: string, out: string, noiseDb: number): void {
  const banded = `${out}.band.wav`;
  sox([input, banded, 'sinc', '300-3400']);
  const seconds = Number(execFileSync('soxi', ['-D', banded]).toString().trim());
  const rate = execFileSync('soxi', ['-r', banded]).toString().trim();
  const noise = `${out}.noise.wav`;
  sox([
    '-n',
    '-r',
    rate,
    '-b',
    '16',
    '-c',
    '1',
    noise,
    'synth',
    String(seconds),
    'whitenoise',
    'vol',
    String(10 ** (noiseDb / 20)),
  ]);
  sox(['-m', banded, noise, out]);
}

export function load(file: string): Audio {
  const result = readWav(readFileSync(file));
  if (!result.ok) throw new Error(`${file}: ${result.error}`);
  return result.audio;
}

/** Where a clean recording's sound starts and ends (seconds): the planned truth the measures are checked against. */
export function soundBounds(samples: Float32Array, sampleRate: number): { start: number; end: number } {
  let peak = 0;
  for (const s of samples) peak = Math.max(peak, Math.abs(s));
  const floor = peak * 0.02;
  let first = 0;
  while (first < samples.length && Math.abs(samples[first]!) < floor) first++;
  let last = samples.length - 1;
  while (last > first && Math.abs(samples[last]!) < floor) last--;
  return { start: first / sampleRate, end: (last + 1) / sampleRate };
}
