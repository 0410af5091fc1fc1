import type { CompiledLexicon } from '../lexicon/compile.ts';
import { matchesOf, prepareTurn } from '../analysis/prepare.ts';
import type { Template } from './find.ts';

/** Behaviours that make a recurring sentence stock empathy rather than a pasted set of instructions. */
const EMPATHY_KINDS = new Set(['acknowledgement', 'validation', 'apology', 'de-escalation', 'reflection']);

export type TemplateKind = 'stock-empathy' | 'macro';

/**
 * A stock empathy formula said to everyone is a fault; a pasted macro with steps or a link is not in
 * itself. Tells them apart by the lexicon: a template holding a scripted formula or an empathy phrase is stock empathy.
 */
export function templateKind(template: Pick<Template, 'text'>, lexicon: CompiledLexicon): TemplateKind {
  const turn = prepareTurn({ role: 'agent', text: template.text }, 0, lexicon);
  if (matchesOf(turn, 'scripted').length) return 'stock-empathy';
  return matchesOf(turn, 'behaviour').some((m) => EMPATHY_KINDS.has(m.entry.label)) ? 'stock-empathy' : 'macro';
}
