import { execFileSync } from 'node:child_process';

/** A set of synthesised speech for measuring speaking rate: what is said, by whom, how fast, over which line. */
export interface RateSet {
  sentences: string[];
  /** espeak-ng voices: a language with an optional `+variant`. */
  voices: string[];
  wpm: number[];
  /** Name and noise level (dB below full scale) of each condition; null is the clean recording. */
  conditions: [string, number | null][];
}

/**
 * Two sets that share no sentence, voice or rate: the syllable settings are chosen on `dev`, and `heldout` (the
 * slow test's set, with the four passages it always had) checks them.
 */
export const RATE_SETS: Record<'dev' | 'heldout', RateSet> = {
  dev: {
    sentences: [
      'I rang yesterday about the refund and the lady said it would be back in my account by Friday',
      'We moved house last month and the new address still has not been added to the bill',
      'Please can somebody explain why my internet keeps dropping out every evening around seven',
      'The parcel was marked as delivered but there was nothing on the doorstep when I got home',
      'I have tried resetting the password three times and the code never arrives on my phone',
      'My husband passed away in March and I need to move the account into my own name',
      'Honestly I am running out of patience because this is the fourth time I have called',
      'Thank you for sorting that out so quickly it has made a real difference to my day',
    ],
    voices: ['en-us', 'en-gb', 'en-us+f2'],
    wpm: [130, 160, 190, 220, 250],
    conditions: [
      ['clean', null],
      ['phone -40', -40],
    ],
  },
  heldout: {
    sentences: [
      'I have been waiting on the phone for over forty minutes and nobody has told me what is going on with my account',
      'The engineer was supposed to come on Tuesday morning but he never turned up and I took the whole day off work',
      'Could you check whether the payment went through because my bank says it was taken twice from my current account',
      'My mother is elderly and she cannot get to the shops so the delivery really matters to us this week',
      'Our daughter starts university in September and the laptop we ordered for her has not arrived',
      'Every single letter you send goes to my old flat even though I updated everything online',
      'I would like to cancel the contract today unless someone can fix the heating before the weekend',
      'Sorry to bother you again but the medicine delivery is late and I only have two tablets left',
    ],
    voices: ['en-gb-scotland+m7', 'en-029', 'en-us+f4', 'en-gb-x-rp+klatt'],
    wpm: [120, 150, 175, 200, 230, 260],
    conditions: [
      ['clean', null],
      ['phone -40', -40],
      ['phone -32', -32],
    ],
  },
};

const VOWEL = /[aeiouyɑɒæɐəɚɛɜɝɞɪɨʊʉɔøœɵɤʌɯᵻɘ]/u;
/** The combining mark of a syllabic consonant (the "n" of "button"). */
const SYLLABIC = '\u0329';

/**
 * The syllables espeak-ng itself speaks for `text` in `voice`: its phonemes, one nucleus per vowel phoneme (a
 * diphthong is one phoneme). Truth that follows the voice's own reductions, not a dictionary's count.
 */
export function syllablesSpoken(text: string, voice?: string): number {
  const args = [...(voice ? ['-v', voice] : []), '-q', '--ipa', '--sep=_', text];
  const phonemes = execFileSync('espeak-ng', args)
    .toString()
    .split(/[\s_]+/);
  return phonemes.filter((p) => VOWEL.test(p) || p.includes(SYLLABIC)).length;
}
