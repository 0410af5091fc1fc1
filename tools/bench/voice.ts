import { framesOf } from '../../src/core/prosody/frames.ts';
import { createActivityTracker } from '../../src/core/prosody/activity.ts';
import { createFrameTracker } from '../../src/core/prosody/frames.ts';
import { DEFAULT_PROSODY_SETTINGS as settings } from '../../src/core/prosody/settings.ts';
import { analyzeVoice } from '../../src/core/prosody/voice.ts';
import { haveAudioTools, load, scratch, sox, speak, telephone } from '../../src/io/audio/synth.ts';
import { median } from './report.ts';

const LINES = [
  'I have been waiting on the phone for over forty minutes and nobody has told me what is going on with my account',
  'I am sorry you have been kept waiting so long. Let me look at your account now and find out what happened',
  'The engineer was supposed to come on Tuesday morning but he never turned up and I took the whole day off work',
  'That must have been really frustrating after taking the day off. I have booked a new visit for Thursday at nine',
];

function cpuMs(run: () => void): number {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** CPU per second of audio for a two-channel telephone call, whole-file and in 20 ms live frames (target < 5 ms). */
export async function bench(): Promise<void> {
  if (!haveAudioTools()) {
    console.log('voice: espeak-ng and sox are not installed (apt-get install espeak-ng sox); nothing measured');
    return;
  }
  const dir = scratch();
  try {
    for (const rate of [8000, 16000]) {
      // a call of about a minute: the two speakers alternate, each on their own channel, over a noisy phone line
      const parts = LINES.map((text, i) => {
        const file = dir.file(`line-${rate}-${i}.wav`);
        speak(file, text, { wordsPerMinute: 170, rate, pitch: i % 2 ? 35 : 65 });
        return file;
      });
      const customer = dir.file(`customer-${rate}.wav`);
      const agent = dir.file(`agent-${rate}.wav`);
      const silence = dir.file(`silence-${rate}.wav`);
      sox(['-n', '-r', String(rate), '-b', '16', '-c', '1', silence, 'trim', '0', '6']);
      sox([parts[0]!, silence, parts[2]!, silence, parts[0]!, silence, parts[2]!, `${customer}.clean.wav`]);
      sox([silence, parts[1]!, silence, parts[3]!, silence, parts[1]!, silence, parts[3]!, `${agent}.clean.wav`]);
      telephone(`${customer}.clean.wav`, customer, -45);
      telephone(`${agent}.clean.wav`, agent, -45);
      const channels = [
        { role: 'customer' as const, samples: load(customer).channels[0]! },
        { role: 'agent' as const, samples: load(agent).channels[0]! },
      ];
      const seconds = Math.max(...channels.map((c) => c.samples.length)) / rate;
      const whole = Array.from({ length: 7 }, () =>
        cpuMs(() => analyzeVoice({ sampleRate: rate, channels }, settings)),
      );
      const frameSize = (rate * settings.frameMs) / 1000;
      const live = Array.from({ length: 7 }, () =>
        cpuMs(() => {
          for (const channel of channels) {
            const frames = createFrameTracker(rate, settings);
            const activity = createActivityTracker(settings);
            for (let at = 0; at < channel.samples.length; at += frameSize)
              activity.push(frames.push(channel.samples.subarray(at, at + frameSize)));
          }
        }),
      );
      const perSecond = (ms: number[]) => median(ms) / seconds / channels.length;
      const check = framesOf(channels[0]!.samples, rate, settings).length;
      console.log(
        `voice ${rate / 1000} kHz: ${seconds.toFixed(0)} s call, 2 channels (${check} frames each): whole call ${perSecond(whole).toFixed(2)} ms CPU per second of audio per channel, ` +
          `live 20 ms frames ${perSecond(live).toFixed(2)} ms (median of 7; target < 5 ms)`,
      );
    }
  } finally {
    dir.done();
  }
}
