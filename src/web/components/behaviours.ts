import type { BehaviourKind } from '../../core/schema/index.ts';

// Listed here, not imported: the schema module would bring zod into the bundle. The type keeps them in step.
export const NEGATIVE: ReadonlySet<BehaviourKind> = new Set<BehaviourKind>([
  'scripted',
  'repetition',
  'minimising',
  'blame',
  'policy-hiding',
  'dismissal',
]);
