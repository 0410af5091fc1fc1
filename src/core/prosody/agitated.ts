import type { Evidence } from '../schema/index.ts';
import type { VoiceAnalysis } from '../schema/voice.ts';
import type { TurnFindings } from '../scoring/moments.ts';
import type { ProsodySettings } from './settings.ts';

/** How much of the turn's text an agitated-voice evidence quotes. */
const QUOTE = 80;

/**
 * Marks the customer turns whose voice sat well above the customer's own baseline: a flat "fine" in a shaking voice
 * is not fine, so the turn becomes an empathy moment and emotional load, with the voice as evidence.
 */
export function markAgitatedVoice(findings: TurnFindings[], voice: VoiceAnalysis, settings: ProsodySettings): void {
  for (const t of voice.turns) {
    if (t.role !== 'customer' || t.turn === null || t.arousal === null || t.arousal < settings.cues.agitatedTurn)
      continue;
    const f = findings[t.turn];
    if (!f || f.turn.role !== 'customer') continue;
    const end = Math.min(f.turn.text.length, QUOTE);
    const evidence: Evidence = {
      turn: t.turn,
      start: 0,
      end,
      text: f.turn.text.slice(0, end),
      detector: 'prosody',
      why: `the customer's voice: pitch, loudness and pace ${t.arousal.toFixed(1)} standard deviations above their own level (${t.start.toFixed(1)}-${t.end.toFixed(1)} s)`,
    };
    f.agitatedVoice = evidence;
  }
}
