import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { speechSpans } from '../../src/core/prosody/activity.ts';
import { framesOf } from '../../src/core/prosody/frames.ts';
import { measureWindow } from '../../src/core/prosody/measure-turn.ts';
import { DEFAULT_PROSODY_SETTINGS, ProsodySettings } from '../../src/core/prosody/settings.ts';
import { haveAudioTools, load, soundBounds, speak, telephone } from '../../src/io/audio/synth.ts';
import { RATE_SETS, syllablesSpoken } from '../../src/io/audio/rate-truth.ts';

// Speaking-rate error on espeak-ng speech: per rate and condition, the median and worst relative error of the
// measured syllables per second against the planned ones (espeak's own syllables over the sound's span).
// `--set dev` is where the syllable settings are chosen; `--set heldout` (other sentences, voices, rates) checks them.
const { values: flags } = parseArgs({
  options: {
    set: { type: 'string', default: 'dev' },
    settings: { type: 'string' },
    files: { type: 'boolean', default: false },
    /** Seconds of silence before and after each sentence, as on a call (the slow test pads by 0.5). */
    pad: { type: 'string', default: '0' },
    /** Comma-separated espeak-ng voices instead of the set's own. */
    voices: { type: 'string' },
    cache: { type: 'string', default: path.join(tmpdir(), 'attune-voice-rate') },
  },
});
const chosen = RATE_SETS[flags.set as keyof typeof RATE_SETS];
if (!chosen) throw new Error(`--set must be one of ${Object.keys(RATE_SETS).join(', ')}`);
const set = flags.voices ? { ...chosen, voices: flags.voices.split(',') } : chosen;
if (!haveAudioTools()) throw new Error('espeak-ng and sox are needed (apt-get install espeak-ng sox)');
const settings = flags.settings
  ? ProsodySettings.parse({ ...DEFAULT_PROSODY_SETTINGS, ...JSON.parse(readFileSync(flags.settings, 'utf8')) })
  : DEFAULT_PROSODY_SETTINGS;
mkdirSync(flags.cache, { recursive: true });

interface Row {
  condition: string;
  wpm: number;
  voice: string;
  sentence: number;
  error: number;
  countError: number;
  spanError: number;
}

const rows: Row[] = [];
for (const [sentence, text] of set.sentences.entries()) {
  for (const voice of set.voices) {
    const syllables = syllablesSpoken(text, voice);
    for (const wpm of set.wpm) {
      for (const rate of [8000, 16000]) {
        const padSeconds = Number(flags.pad);
        const key = `${padSeconds ? `pad${padSeconds}-` : ''}${flags.set}-${sentence}-${voice.replace(/[^a-z0-9]/gi, '_')}-${wpm}-${rate}`;
        const clean = path.join(flags.cache, `${key}.wav`);
        if (!existsSync(clean)) speak(clean, text, { wordsPerMinute: wpm, rate, voice, padSeconds });
        const bounds = soundBounds(load(clean).channels[0]!, rate);
        const seconds = bounds.end - bounds.start;
        for (const [name, noiseDb] of set.conditions) {
          const file = noiseDb === null ? clean : path.join(flags.cache, `${key}-phone${-noiseDb}.wav`);
          if (noiseDb !== null && !existsSync(file)) telephone(clean, file, noiseDb);
          const samples = load(file).channels[0]!;
          const frames = framesOf(samples, rate, settings);
          const m = measureWindow(frames, speechSpans(frames, settings), 0, samples.length / rate, settings);
          rows.push({
            condition: `${name} ${rate / 1000}k`,
            wpm,
            voice,
            sentence,
            error: m.syllablesPerSecond! / (syllables / seconds) - 1,
            countError: m.syllables / syllables - 1,
            spanError: m.speechSeconds / seconds - 1,
          });
        }
      }
    }
  }
}

const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}`;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
function summary(group: Row[]): string {
  const abs = group.map((r) => Math.abs(r.error));
  const worst = group.reduce((w, r) => (Math.abs(r.error) > Math.abs(w.error) ? r : w));
  const within = abs.filter((e) => e <= 0.1).length;
  return (
    `median |err| ${(median(abs) * 100).toFixed(1).padStart(4)}%  worst ${pct(worst.error).padStart(6)}%  ` +
    `signed mean ${pct(group.reduce((s, r) => s + r.error, 0) / group.length).padStart(5)}%  ` +
    `(count ${pct(median(group.map((r) => r.countError)))}%, span ${pct(median(group.map((r) => r.spanError)))}%)  ` +
    `${within}/${group.length} within 10%`
  );
}
console.log(
  `speaking rate, set "${flags.set}"${flags.pad !== '0' ? `, padded ${flags.pad} s` : ''}: ${set.sentences.length} sentences × ${set.voices.length} voices (${set.voices.join(', ')}), settings ${settings.version}`,
);
for (const condition of [...new Set(rows.map((r) => r.condition))]) {
  for (const wpm of set.wpm) {
    const group = rows.filter((r) => r.condition === condition && r.wpm === wpm);
    console.log(`${condition.padEnd(12)} ${String(wpm).padStart(3)} wpm  ${summary(group)}`);
  }
}
for (const wpm of set.wpm)
  console.log(`all          ${String(wpm).padStart(3)} wpm  ${summary(rows.filter((r) => r.wpm === wpm))}`);
for (const voice of set.voices) console.log(`${voice.padEnd(17)}  ${summary(rows.filter((r) => r.voice === voice))}`);
console.log(`all                ${summary(rows)}`);
if (flags.files) {
  for (const r of rows.filter((r) => Math.abs(r.error) > 0.1))
    console.log(
      `  ${r.condition} ${r.wpm} wpm ${r.voice} sentence ${r.sentence}: ${pct(r.error)}% (count ${pct(r.countError)}%, span ${pct(r.spanError)}%)`,
    );
}
