import type { BehaviourKind } from '../../core/schema/index.ts';
import { NEGATIVE_BEHAVIOURS } from '../../core/schema/behaviour-kinds.ts';

export const NEGATIVE: ReadonlySet<BehaviourKind> = new Set<BehaviourKind>(NEGATIVE_BEHAVIOURS);
