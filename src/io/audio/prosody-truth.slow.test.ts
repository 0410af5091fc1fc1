import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { framesOf } from '../../core/prosody/frames.ts';
import { DEFAULT_PROSODY_SETTINGS as settings } from '../../core/prosody/settings.ts';
import { analyzeVoice } from '../../core/prosody/voice.ts';
import { RATE_SETS, syllablesSpoken } from './rate-truth.ts';
import { haveAudioTools, load, scratch, soundBounds, sox, speak, telephone } from './synth.ts';

// Audio with known truth: espeak-ng speaks sentences at set rates, sox makes tones of set pitch and mixes two
// speakers with planned overlaps and silences, then band-limits to the telephone band and adds noise.
const available = haveAudioTools();
if (!available && process.env.CI) throw new Error('espeak-ng and sox are missing; CI must run the audio-truth tests');

const relativeError = (measured: number, truth: number) => Math.abs(measured - truth) / truth;

describe(
  'prosody against audio with known truth',
  { skip: available ? false : 'espeak-ng and sox are not installed' },
  () => {
    const dir = scratch();
    after(() => dir.done());

    /** Measured against planned syllables per second for each sentence at each rate, sample rate and line. */
    function rateErrors(plan: {
      sentences: string[];
      voiceOf: (i: number) => string | undefined;
      sampleRatesOf: (i: number) => number[];
      wpm: number[];
      conditions: [string, number | null][];
    }) {
      const rows: { key: string; wpm: number; label: string; error: number }[] = [];
      for (const [i, text] of plan.sentences.entries()) {
        const voice = plan.voiceOf(i);
        const syllables = syllablesSpoken(text, voice);
        for (const wpm of plan.wpm) {
          for (const rate of plan.sampleRatesOf(i)) {
            // half a second of silence either side, as on a call: the noise floor is learnt before the first word
            const clean = dir.file(`s${i}-${voice ?? 'default'}-${wpm}-${rate}.wav`);
            speak(clean, text, { wordsPerMinute: wpm, rate, voice, padSeconds: 0.5 });
            const bounds = soundBounds(load(clean).channels[0]!, rate);
            const truth = syllables / (bounds.end - bounds.start);
            for (const [name, noiseDb] of plan.conditions) {
              const file = noiseDb === null ? clean : `${clean}.${-noiseDb}.wav`;
              if (noiseDb !== null) telephone(clean, file, noiseDb);
              const measured = analyzeVoice(
                { sampleRate: rate, channels: [{ role: 'customer', samples: load(file).channels[0]! }] },
                settings,
              ).speakers[0]!.syllablesPerSecond!;
              rows.push({
                key: `${name} ${wpm} wpm`,
                wpm,
                label: `${name} ${rate} Hz ${wpm} wpm ${voice ?? 'default voice'} "${text.slice(0, 20)}": ${measured.toFixed(2)} vs ${truth.toFixed(2)} syllables/s`,
                error: relativeError(measured, truth),
              });
            }
          }
        }
      }
      return rows;
    }

    // the four passages this test always had (not the dev set the syllable settings were chosen on), in espeak's
    // default voice: every file within 10%, at 230 wpm too (held to 12% before prosody settings 1.2.0)
    test('speaking rate is within 10% of the planned syllables per second on every passage, clean and over a noisy phone line', () => {
      const rows = rateErrors({
        sentences: RATE_SETS.heldout.sentences.slice(0, 4),
        voiceOf: () => undefined,
        sampleRatesOf: () => [8000, 16000],
        wpm: [130, 175, 200, 230],
        conditions: [
          ['clean', null],
          ['phone', -40],
        ],
      });
      assert.deepEqual(
        rows.filter((r) => r.error > 0.1).map((r) => r.label),
        [],
      );
    });

    // the held-out set: sentences, voices (the Klatt synthesiser among them), rates and a noisier line that the
    // syllable settings were not chosen on; each sentence in one of the voices, at 8 or 16 kHz
    test('speaking rate in voices and at rates not tuned on: median error within 10% at every rate and line', () => {
      const { sentences, voices, wpm, conditions } = RATE_SETS.heldout;
      const rows = rateErrors({
        sentences,
        voiceOf: (i) => voices[i % voices.length],
        sampleRatesOf: (i) => [i % 2 ? 16000 : 8000],
        wpm,
        conditions,
      });
      const over: string[] = [];
      for (const key of new Set(rows.map((r) => r.key))) {
        const errors = rows.filter((r) => r.key === key).map((r) => r.error);
        const mid = errors.sort((x, y) => x - y)[errors.length >> 1]!;
        if (mid > 0.1) over.push(`${key}: median error ${(mid * 100).toFixed(1)}%`);
      }
      assert.deepEqual(over, []);
    });

    test('pitch of voiced frames is within 5% (median) of tones of known frequency, steady and gliding', () => {
      const errors: string[] = [];
      for (const rate of [8000, 16000]) {
        for (const [shape, from, to] of [
          ['steady', 90, 90],
          ['steady', 130, 130],
          ['steady', 210, 210],
          ['steady', 320, 320],
          ['glide', 100, 220],
        ] as const) {
          const file = dir.file(`tone-${rate}-${from}-${to}.wav`);
          const synth = shape === 'steady' ? `${from}` : `${from}-${to}`;
          sox([
            '-n',
            '-r',
            String(rate),
            '-b',
            '16',
            '-c',
            '1',
            `${file}.tone.wav`,
            'synth',
            '2',
            'sawtooth',
            synth,
            'vol',
            '0.4',
          ]);
          telephone(`${file}.tone.wav`, file, -40);
          const frames = framesOf(load(file).channels[0]!, rate, settings);
          const misses = frames
            .filter((f) => f.hz !== null && f.start >= 0.05 && f.end <= 1.95)
            // the period is measured over the window that ends with the frame, centred about 30 ms earlier
            .map((f) => relativeError(f.hz!, from + ((to - from) * Math.max(0, f.end - 0.03)) / 2))
            .sort((a, b) => a - b);
          const voicedShare = misses.length / frames.filter((f) => f.start >= 0.05 && f.end <= 1.95).length;
          const median = misses[misses.length >> 1] ?? 1;
          if (median > 0.05 || voicedShare < 0.9)
            errors.push(
              `${rate} Hz ${shape} ${from}-${to}: median error ${(median * 100).toFixed(1)}%, voiced ${(voicedShare * 100).toFixed(0)}%`,
            );
        }
      }
      assert.deepEqual(errors, []);
    });

    test('overlaps, cut-ins and dead air are found within 50 ms of where they were planned', () => {
      const rate = 8000;
      const lines = [0, 1, 2].map((i) => {
        const file = dir.file(`line-${i}.wav`);
        speak(file, RATE_SETS.heldout.sentences[i]!, { wordsPerMinute: 175, rate, pitch: i === 1 ? 70 : 35 });
        return {
          file,
          bounds: soundBounds(load(file).channels[0]!, rate),
          length: load(file).channels[0]!.length / rate,
        };
      });
      // agent: line 0 at 0.5 s, then line 2 after a planned 3.5 s of dead air; customer: line 1 cutting in 0.8 s before line 0 ends
      const agentFirst = 0.5;
      const customerStart = agentFirst + lines[0]!.bounds.end - 0.8 - lines[1]!.bounds.start;
      const customerEnd = customerStart + lines[1]!.bounds.end;
      const agentSecond = customerEnd + 3.5 - lines[2]!.bounds.start;
      const total = agentSecond + lines[2]!.length + 0.5;
      const agent = dir.file('agent.wav');
      const customer = dir.file('customer.wav');
      sox([lines[0]!.file, dir.file('agent-a.wav'), 'pad', String(agentFirst)]);
      sox([lines[2]!.file, dir.file('agent-b.wav'), 'pad', String(agentSecond)]);
      sox([
        '-m',
        dir.file('agent-a.wav'),
        dir.file('agent-b.wav'),
        `${agent}.clean.wav`,
        'pad',
        '0',
        '0',
        'trim',
        '0',
        String(total),
      ]);
      sox([lines[1]!.file, `${customer}.clean.wav`, 'pad', String(customerStart), 'trim', '0', String(total)]);
      telephone(`${agent}.clean.wav`, agent, -45);
      telephone(`${customer}.clean.wav`, customer, -45);
      const voice = analyzeVoice(
        {
          sampleRate: rate,
          channels: [
            { role: 'agent', samples: load(agent).channels[0]! },
            { role: 'customer', samples: load(customer).channels[0]! },
          ],
        },
        settings,
      );

      const near = (measured: number, planned: number) => Math.abs(measured - planned) <= 0.05;
      const overlap = voice.events.find((e) => e.kind === 'interruption' || e.kind === 'overlap');
      const plannedOverlap = { start: customerStart + lines[1]!.bounds.start, end: agentFirst + lines[0]!.bounds.end };
      assert.ok(overlap, `no overlap found in ${JSON.stringify(voice.events)}`);
      assert.equal(overlap.by, 'customer');
      assert.ok(
        near(overlap.start, plannedOverlap.start) && near(overlap.end, plannedOverlap.end),
        `overlap ${overlap.start.toFixed(3)}-${overlap.end.toFixed(3)}, planned ${plannedOverlap.start.toFixed(3)}-${plannedOverlap.end.toFixed(3)}`,
      );
      const silence = voice.events.find((e) => e.kind === 'dead-air');
      const plannedSilence = { start: customerEnd, end: agentSecond + lines[2]!.bounds.start };
      assert.ok(silence, `no dead air found in ${JSON.stringify(voice.events)}`);
      assert.ok(
        near(silence.start, plannedSilence.start) && near(silence.end, plannedSilence.end),
        `dead air ${silence.start.toFixed(3)}-${silence.end.toFixed(3)}, planned ${plannedSilence.start.toFixed(3)}-${plannedSilence.end.toFixed(3)}`,
      );
      assert.deepEqual(
        voice.cues.map((c) => c.kind),
        ['long-silence'],
      );
    });
  },
);
