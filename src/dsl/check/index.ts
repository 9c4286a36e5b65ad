/**
 * The checker: semantic rules over a parsed scorecard.
 *
 * Each rule is one assertion in its own file under `rules/`. They all read one
 * CheckContext, built once, so symbol tables and expression types are
 * computed once however many rules use them. Rules report and never throw;
 * each is written to stay quiet where a problem another rule reports would
 * make its own finding a mere consequence (an unknown signal has unknown
 * type, and unknown types are never a type mismatch).
 */
import type { Scorecard } from '../ast.js';
import { sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import { CheckContext, type CheckRule } from './context.js';
import { BandsCoverRangeRule } from './rules/BandsCoverRangeRule.js';
import { ConditionsAreBooleanRule } from './rules/ConditionsAreBooleanRule.js';
import { FunctionCallsAreValidRule } from './rules/FunctionCallsAreValidRule.js';
import { GivenValuesMatchTypesRule } from './rules/GivenValuesMatchTypesRule.js';
import { LinearPointsIncreaseRule } from './rules/LinearPointsIncreaseRule.js';
import { MetricCountIsModestRule } from './rules/MetricCountIsModestRule.js';
import { MetricsCarryWeightRule } from './rules/MetricsCarryWeightRule.js';
import { MinCoverageIsAShareRule } from './rules/MinCoverageIsAShareRule.js';
import { NamesAreDeclaredRule } from './rules/NamesAreDeclaredRule.js';
import { NamesAreUniqueRule } from './rules/NamesAreUniqueRule.js';
import { OperandsMatchTypesRule } from './rules/OperandsMatchTypesRule.js';
import { ScoresWithinRangeRule } from './rules/ScoresWithinRangeRule.js';
import { ScoringMatchesTypeRule } from './rules/ScoringMatchesTypeRule.js';
import { SignalsAreUsedRule } from './rules/SignalsAreUsedRule.js';
import { StepsAreReachableRule } from './rules/StepsAreReachableRule.js';
import { WeightsArePositiveRule } from './rules/WeightsArePositiveRule.js';

/**
 * Every rule, errors first, then warnings. The order does not change the
 * result (diagnostics are sorted by position), only which rules come to mind
 * first when reading the list.
 */
export const CHECK_RULES: readonly CheckRule[] = [
  NamesAreUniqueRule,
  NamesAreDeclaredRule,
  FunctionCallsAreValidRule,
  OperandsMatchTypesRule,
  ConditionsAreBooleanRule,
  ScoringMatchesTypeRule,
  GivenValuesMatchTypesRule,
  LinearPointsIncreaseRule,
  ScoresWithinRangeRule,
  MinCoverageIsAShareRule,
  BandsCoverRangeRule,
  WeightsArePositiveRule,
  MetricCountIsModestRule,
  MetricsCarryWeightRule,
  SignalsAreUsedRule,
  StepsAreReachableRule,
];

/**
 * Checks a parsed scorecard and returns every problem found (HR101–HR108
 * errors, HR201–HR204 warnings), sorted by position and capped at
 * MAX_DIAGNOSTICS. Call it only on a tree that parsed without errors.
 */
export function check(card: Scorecard): Diagnostic[] {
  const ctx = new CheckContext(card);
  for (const rule of CHECK_RULES) rule(ctx);
  return sortDiagnostics(ctx.diagnostics);
}

export { CheckContext } from './context.js';
export type { CheckRule } from './context.js';
