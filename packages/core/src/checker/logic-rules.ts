// Logic rules (over the IR), kept apart so the analysis engine can grow without touching the registry.
import type { CheckerRule } from './rule.js';
import { conflictingActions } from './rules/conflicting-actions.js';
import { coverageGap } from './rules/coverage-gap.js';
import { jointCoverageGap } from './rules/joint-coverage-gap.js';
import { overlap } from './rules/overlap.js';
import { emptyDoseRange } from './rules/empty-dose-range.js';
import { titrationDirection } from './rules/titration-direction.js';
import { uncoveredMissing } from './rules/uncovered-missing.js';
import { unreachableRule } from './rules/unreachable-rule.js';
import { tableCompleteness } from './rules/table-completeness.js';
import { tableExclusivity } from './rules/table-exclusivity.js';
import { tableShadowedRow } from './rules/table-shadowed-row.js';

export const logicRules: readonly CheckerRule[] = [unreachableRule, conflictingActions, uncoveredMissing, coverageGap, jointCoverageGap, overlap, tableCompleteness, tableExclusivity, tableShadowedRow, emptyDoseRange, titrationDirection];
