// Logic rules (over the IR), kept apart so the analysis engine can grow without touching the registry above.
import type { CheckerRule } from './rule.js';

export const logicRules: readonly CheckerRule[] = [];
