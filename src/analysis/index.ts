/**
 * Analysis of rules and scores: what a rule change does (structural and text
 * diff, impact on every account), one account under several versions, why a
 * score moved, and whether the bands predict renewal.
 *
 * The core functions are pure: they take compiled scorecards, syntax trees
 * and histories. The store adapters at the end feed them from the store.
 */
export {
  structuralDiff,
  nominalWeights,
  type RuleChange,
  type ChangeType,
  type ChangeKind,
} from './structural-diff.js';
export { textDiff, type DiffNames } from './text-diff.js';
export {
  impact,
  ImpactAccumulator,
  INSUFFICIENT_DATA,
  type AccountHistory,
  type ImpactOptions,
  type ImpactReport,
  type Mover,
  type TransitionCell,
  type TransitionMatrix,
} from './impact.js';
export { type MetricPointsDelta } from './points.js';
export {
  compareExplanations,
  type ExplanationComparison,
  type LabelledScorecard,
  type MetricCell,
  type MetricRow,
  type VersionColumn,
} from './compare.js';
export {
  attributeChange,
  explainScoreMove,
  type ChangeAttribution,
  type MovePart,
  type ScoreMove,
  type ScorePoint,
} from './attribution.js';
export {
  validate,
  compareValidation,
  rocAuc,
  wilsonInterval,
  type BandPair,
  type BandValidation,
  type Interval,
  type Outcome,
  type ValidationComparison,
  type ValidationReport,
  type ValidationRow,
} from './validate.js';
export {
  ruleDiff,
  validation,
  compare,
  explainChange,
  streamHistories,
  mergeHistories,
  DEFAULT_PAGE_SIZE,
  type DiffSide,
  type RuleDiffOptions,
  type RuleDiffReport,
  type StoredValidation,
} from './store-adapters.js';
