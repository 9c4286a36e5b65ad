/**
 * Why a score moved. Between (version A, time 1) and (version B, time 2) the
 * move splits into the part the rule change made (B@t1 − A@t1) and the part
 * the customer's data made (B@t2 − B@t1); the two add up to the total
 * (B@t2 − A@t1) exactly, overall and per metric, because they telescope.
 *
 * An `insufficient_data` result counts as a score of 0 with 0 points on every
 * metric. That keeps the parts adding up whatever the statuses, and reads
 * naturally: data that makes an account scoreable moves it from nothing to
 * its score. The statuses are reported alongside, and `comparable` is false
 * whenever one of the results was not scored, so nobody mistakes the 0 for
 * a real score.
 *
 * The score is not only the sum of points: rounding, caps and floors move it
 * too. That part is reported per part as `adjustment` (score delta minus the
 * metrics' deltas), so the metric lines plus it give the score delta.
 */
import type { HealthResult, HealthStatus, History } from '../dsl/result.js';
import type { CompiledScorecard } from '../dsl/scorecard.js';
import { pointDeltas, pointsOf, type MetricPointsDelta } from './points.js';

/** One evaluated point: a version at a time. */
export interface ScorePoint {
  label: string;
  asOf: string;
  status: HealthStatus;
  score: number | null;
  band: string | null;
}

/** A move between two evaluated points. */
export interface MovePart {
  /** Score after minus score before, an unscored result counting 0. */
  delta: number;
  /** Per metric, largest |delta| first. */
  metrics: MetricPointsDelta[];
  /**
   * What the metrics do not explain: rounding and the caps and floors that
   * fired. `delta` = Σ metrics' deltas + `adjustment`.
   */
  adjustment: number;
}

export interface ChangeAttribution {
  /** A@t1, B@t1 and B@t2. */
  points: { aAtT1: ScorePoint; bAtT1: ScorePoint; bAtT2: ScorePoint };
  /** B@t2 − A@t1. */
  total: MovePart;
  /** B@t1 − A@t1: what the rule change did. */
  rules: MovePart;
  /** B@t2 − B@t1: what the customer's data did. */
  data: MovePart;
  /** False when any of the three results is `insufficient_data`. */
  comparable: boolean;
}

/**
 * Splits the move from (`versions.a`, `t1`) to (`versions.b`, `t2`) into its
 * rule and data parts, each per metric.
 */
export function attributeChange(
  history: History,
  versions: { a: CompiledScorecard; b: CompiledScorecard; labels?: { a: string; b: string } },
  t1: Date,
  t2: Date,
): ChangeAttribution {
  const labels = versions.labels ?? { a: 'A', b: 'B' };
  const aAtT1 = evaluate(history, versions.a, t1);
  const bAtT1 = evaluate(history, versions.b, t1);
  const bAtT2 = evaluate(history, versions.b, t2);
  return {
    points: {
      aAtT1: scorePoint(labels.a, aAtT1),
      bAtT1: scorePoint(labels.b, bAtT1),
      bAtT2: scorePoint(labels.b, bAtT2),
    },
    total: move(aAtT1, bAtT2),
    rules: move(aAtT1, bAtT1),
    data: move(bAtT1, bAtT2),
    comparable: [aAtT1, bAtT1, bAtT2].every((r) => r.status === 'scored'),
  };
}

/** Why one version's score for an account moved from `t1` to `t2`. */
export interface ScoreMove extends MovePart {
  before: ScorePoint;
  after: ScorePoint;
  comparable: boolean;
}

/**
 * One version, two dates: the score's move and the metrics behind it, the
 * largest |Δpoints| first. Unscored results count as in `attributeChange`.
 */
export function explainScoreMove(
  history: History,
  scorecard: CompiledScorecard,
  t1: Date,
  t2: Date,
  label = 'version',
): ScoreMove {
  const before = evaluate(history, scorecard, t1);
  const after = evaluate(history, scorecard, t2);
  return {
    before: scorePoint(label, before),
    after: scorePoint(label, after),
    ...move(before, after),
    comparable: before.status === 'scored' && after.status === 'scored',
  };
}

function evaluate(history: History, scorecard: CompiledScorecard, at: Date): HealthResult {
  return scorecard.evaluateHistory(history, { asOf: at.toISOString(), explain: true });
}

function scorePoint(label: string, r: HealthResult): ScorePoint {
  return { label, asOf: r.asOf, status: r.status, score: r.score, band: r.band };
}

function move(before: HealthResult, after: HealthResult): MovePart {
  const metrics = pointDeltas(
    pointsOf(before, { unscoredAsZero: true }),
    pointsOf(after, { unscoredAsZero: true }),
    true,
  );
  // Not rounded: rounding the parts separately would break their sum.
  const delta = (after.score ?? 0) - (before.score ?? 0);
  const explained = metrics.reduce((sum, m) => sum + m.delta, 0);
  return { delta, metrics, adjustment: delta - explained };
}
