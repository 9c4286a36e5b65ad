/**
 * The compiled form of a scorecard: what `compile` returns when a file has no
 * errors. It is built once per rule version and reused for every account.
 */
import type * as ast from './ast.js';
import type {
  BandInfo,
  EvaluateOptions,
  HealthResult,
  History,
  Observation,
  SignalInfo,
  TestResult,
} from './result.js';
import type { Severity } from './ast.js';

/** A metric as compiled: its full name is `group.metric`. */
export interface MetricInfo {
  group: string;
  metric: string;
  weight: number;
  groupWeight: number;
  /** (Wgroup / ΣWgroups) × (Wmetric / ΣWmetrics in its group). */
  nominalWeight: number;
}

export interface AlertInfo {
  name: string;
  severity: Severity;
  message: string | null;
}

export interface CompiledScorecard {
  readonly title: string;
  readonly file: string | undefined;
  /** The checked syntax tree the evaluator was built from. */
  readonly ast: ast.Scorecard;
  readonly signals: readonly SignalInfo[];
  readonly metrics: readonly MetricInfo[];
  /** In declared order, best first; the last starts at 0. */
  readonly bands: readonly BandInfo[];
  readonly alerts: readonly AlertInfo[];
  /** Share of nominal weight (0..1) that must be backed by real data. */
  readonly minCoverage: number;

  /** Scores one account from its list of observations. */
  evaluate(observations: readonly Observation[], options?: EvaluateOptions): HealthResult;

  /** Scores one account from an already indexed history (the fast path). */
  evaluateHistory(history: History, options?: EvaluateOptions): HealthResult;

  /** Runs the file's `test` blocks. */
  runTests(): TestResult[];
}
