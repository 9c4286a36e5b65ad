/**
 * Building the per-metric explanation from one evaluation's numbers.
 *
 * Explanations are plain data. Source locations are computed once per
 * compiled scorecard and shared (frozen) by every result; signal readings
 * are built once per account and shared by every metric that read them.
 */
import type { MetricExplanation, MetricStatus, SignalValue, SourceLocation } from '../result.js';
import type { EvalContext } from './context.js';
import { clean } from './numbers.js';

/** What the explanation needs to know about a metric, fixed at compile time. */
export interface MetricFacts {
  group: string;
  metric: string;
  nominalWeight: number;
  /** `nominalWeight` rounded for reporting, once at compile time. */
  reportedNominalWeight: number;
  signals: readonly number[];
  location: SourceLocation;
}

/**
 * The explanation of one metric; reads signal readings from the context.
 * `score` is -1 when the metric has no score. Plain parameters rather than
 * an outcome object keep the hot path free of a throwaway allocation.
 */
export function explainMetric(
  c: EvalContext,
  facts: MetricFacts,
  value: SignalValue | undefined,
  score: number,
  status: MetricStatus,
  reason: string | null,
  branch: string | null,
  effectiveWeight: number,
): MetricExplanation {
  const hasScore = score >= 0;
  const w = effectiveWeight;
  return {
    group: facts.group,
    metric: facts.metric,
    value: value === undefined ? null : value,
    score: hasScore ? clean(score) : null,
    status,
    reason,
    nominalWeight: facts.reportedNominalWeight,
    effectiveWeight: clean(w),
    points: hasScore ? clean(w * score) : 0,
    headroom: hasScore ? clean(w * (100 - score)) : 0,
    branch,
    signals: c.readingsOf(facts.signals),
    location: facts.location,
  };
}
