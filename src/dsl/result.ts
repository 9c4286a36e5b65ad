/**
 * What evaluation takes and returns. These shapes are the contract shared by
 * the evaluator, `health score --json`, the store's snapshots and the GraphQL
 * API, so they are plain data: no classes, no Dates (times are ISO strings),
 * never NaN or Infinity.
 */
import type { BandColor, Severity, SignalType } from './ast.js';

/** A signal's value: numbers, booleans or text, as the signal declares. */
export type SignalValue = number | boolean | string;

/** One observation of one account: `at` is a Date or an ISO 8601 string. */
export interface Observation {
  signal: string;
  value: SignalValue;
  at: Date | string;
}

/**
 * One account's observations, indexed by signal and sorted by time: the
 * fast input of the evaluator. `times` are epoch milliseconds, ascending;
 * `values[i]` was observed at `times[i]`.
 */
export type History = ReadonlyMap<string, SignalSeries>;

export interface SignalSeries {
  times: readonly number[];
  values: readonly SignalValue[];
}

/** A band set by hand through the API; applied after the rules' overrides. */
export interface ManualOverride {
  band: string;
  reason: string;
  author?: string;
  /** ISO time after which the override no longer applies. */
  expiresAt?: string | null;
}

export interface EvaluateOptions {
  /** The evaluation time; observations after it are never read. Default: now. */
  asOf?: Date | string;
  /** Include the per-metric explanation (default true). */
  explain?: boolean;
  manualOverride?: ManualOverride | null;
}

export type HealthStatus = 'scored' | 'insufficient_data';
export type MetricStatus = 'ok' | 'missing' | 'stale' | 'imputed';

/** Where a declaration stands in its file; lines and columns count from 1. */
export interface SourceLocation {
  file?: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A signal as an expression read it. */
export interface SignalReading {
  signal: string;
  /** The value read, or null when there was none at or before as-of. */
  value: SignalValue | null;
  /** ISO time of the observation read, or null. */
  at: string | null;
  /** Days between the observation and as-of, or null. */
  ageDays: number | null;
  /** True when older than the signal's max_age: the value counted as missing. */
  stale: boolean;
}

export interface MetricExplanation {
  group: string;
  metric: string;
  /** The metric expression's value, or null when missing. */
  value: SignalValue | null;
  /** 0..100, or null when the metric has no score. */
  score: number | null;
  status: MetricStatus;
  /** Why the value is missing (`stale signal nps`, `division by zero`, …). */
  reason: string | null;
  nominalWeight: number;
  effectiveWeight: number;
  points: number;
  headroom: number;
  /** The scoring branch that matched, as written, e.g. `<= 30 -> 60`. */
  branch: string | null;
  signals: SignalReading[];
  location: SourceLocation;
}

export type OverrideKind = 'floor' | 'cap' | 'manual';

/** An override whose condition held (or a manual override in force). */
export interface OverrideResult {
  kind: OverrideKind;
  band: string;
  reason: string | null;
  /** True when it changed the band or the score. */
  applied: boolean;
  signals: SignalReading[];
  location: SourceLocation | null;
}

export interface AlertResult {
  name: string;
  severity: Severity;
  message: string | null;
  signals: SignalReading[];
  location: SourceLocation;
}

/** The result of scoring one account: the fields of `health score --json`. */
export interface HealthResult {
  status: HealthStatus;
  /** 0..100 with one decimal, or null when data is insufficient. */
  score: number | null;
  /** The unrounded sum of points before overrides, or null. */
  rawScore: number | null;
  /** The band's name, or null when data is insufficient. */
  band: string | null;
  /** Share (0..1) of nominal weight backed by real data. */
  coverage: number;
  asOf: string;
  /** Present unless `explain: false`. */
  metrics?: MetricExplanation[];
  overrides: OverrideResult[];
  alerts: AlertResult[];
}

/** A band as declared, for rendering (color and action). */
export interface BandInfo {
  name: string;
  from: number;
  color: BandColor;
  action: string | null;
}

export interface SignalInfo {
  name: string;
  type: SignalType;
  /** Days, or null when the signal never goes stale. */
  maxAgeDays: number | null;
}

/** One failed expectation of a `test` block. */
export interface TestFailure {
  expectation: string;
  expected: string;
  actual: string;
  location: SourceLocation;
}

export interface TestResult {
  name: string;
  passed: boolean;
  failures: TestFailure[];
  location: SourceLocation;
  result: HealthResult;
}
