import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { framesOf } from '../../core/prosody/frames.ts';
import { DEFAULT_PROSODY_SETTINGS as settings } from '../../core/prosody/settings.ts';
import { analyzeVoice } from '../../core/prosody/voice.ts';
import { haveAudioTools, load, scratch, soundBounds, sox, speak, telephone } from './synth.ts';

// Audio with known truth: espeak-ng speaks sentences at set rates, sox makes tones of set pitch and mixes two
// speakers with planned overlaps and silences, then band-limits to the telephone band and adds noise.
const available = haveAudioTools();
if (!available && process.env.CI) throw new Error('espeak-ng and sox are missing; CI must run the audio-truth tests');

/**
 * Passages and their syllables, counted by hand. The syllable thresholds were chosen on other sentences
 * (six short ones in /tmp during development); these passages were written afterwards and not tuned on.
 */
const SENTENCES: [string, number][] = [
  [
    'I have been waiting on the phone for over forty minutes and nobody has told me what is going on with my account',
    31,
  ],
  ['The engineer was supposed to come on Tuesday morning but he never turned up and I took the whole day off work', 28],
  [
    'Could you check whether the payment went through because my bank says it was taken twice from my current account',
    26,
  ],
  ['My mother is elderly and she cannot get to the shops so the delivery really matters to us this week', 29],
];

const relativeError = (measured: number, truth: number) => Math.abs(measured - truth) / truth;

describe(
  'prosody against audio with known truth',
  { skip: available ? false : 'espeak-ng and sox are not installed' },
  () => {
    const dir = scratch();
    after(() => dir.done());

    // 130-200 words a minute spans conversational speech; at 230 (about 7 syllables a second) nuclei start to merge
    // and the rate reads about 11% low, so that pace is held to 15% and the README says so
    test('speaking rate is within 10% of the planned syllables per second (15% at 230 wpm), clean and over a noisy phone line', () => {
      const errors: string[] = [];
      for (const [i, [text, syllables]] of SENTENCES.entries()) {
        for (const wpm of [130, 175, 200, 230]) {
          for (const rate of [8000, 16000]) {
            const clean = dir.file(`s${i}-${wpm}-${rate}.wav`);
            speak(clean, text, { wordsPerMinute: wpm, rate });
            const truthAudio = load(clean);
            const bounds = soundBounds(truthAudio.channels[0]!, rate);
            const truth = syllables / (bounds.end - bounds.start);
            for (const [name, file] of [
              ['clean', clean],
              ['phone', dir.file(`s${i}-${wpm}-${rate}-phone.wav`)],
            ] as const) {
              if (name === 'phone') telephone(clean, file, -40);
              const audio = load(file);
              const voice = analyzeVoice(
                { sampleRate: rate, channels: [{ role: 'customer', samples: audio.channels[0]! }] },
                settings,
              );
              const measured = voice.speakers[0]!.syllablesPerSecond!;
              const error = relativeError(measured, truth);
              if (error > (wpm > 200 ? 0.15 : 0.1))
                errors.push(
                  `${name} ${rate} Hz ${wpm} wpm "${text.slice(0, 20)}": ${measured.toFixed(2)} vs ${truth.toFixed(2)} syllables/s`,
                );
            }
          }
        }
      }
      assert.deepEqual(errors, []);
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
        speak(file, SENTENCES[i]![0], { wordsPerMinute: 175, rate, pitch: i === 1 ? 70 : 35 });
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
