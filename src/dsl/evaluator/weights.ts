/**
 * Metric weights: nominal (fixed by the rules) and effective (over the
 * metrics that have a score in one evaluation).
 *
 * Both use the same formula, (Wgroup / ΣWgroups) × (Wmetric / ΣWmetrics in
 * the group); the effective one sums only metrics with a score, and groups
 * with none drop out of ΣWgroups. Every division is guarded: an empty sum
 * gives weight 0, never NaN.
 */
import type { GroupDecl } from '../ast.js';

/** The weights of a scorecard, metrics in source order, flattened. */
export interface WeightPlan {
  /** Per metric: index of its group. */
  groupOf: Int32Array;
  metricWeight: Float64Array;
  groupWeight: Float64Array;
  nominal: Float64Array;
}

function ratio(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

/** Computes the nominal weights once, at compile time. */
export function planWeights(groups: readonly GroupDecl[]): WeightPlan {
  const count = groups.reduce((n, g) => n + g.metrics.length, 0);
  const plan: WeightPlan = {
    groupOf: new Int32Array(count),
    metricWeight: new Float64Array(count),
    groupWeight: new Float64Array(groups.length),
    nominal: new Float64Array(count),
  };
  let total = 0;
  const inGroup = new Float64Array(groups.length);
  let m = 0;
  groups.forEach((g, gi) => {
    plan.groupWeight[gi] = g.weight.value;
    total += g.weight.value;
    for (const metric of g.metrics) {
      plan.groupOf[m] = gi;
      plan.metricWeight[m] = metric.weight.value;
      inGroup[gi] = (inGroup[gi] as number) + metric.weight.value;
      m++;
    }
  });
  for (let i = 0; i < count; i++) {
    const gi = plan.groupOf[i] as number;
    plan.nominal[i] =
      ratio(plan.groupWeight[gi] as number, total) *
      ratio(plan.metricWeight[i] as number, inGroup[gi] as number);
  }
  return plan;
}

/**
 * Fills `out` with effective weights: `scored[i]` is 1 when metric i has a
 * score (real or imputed). `groupSums` is scratch space, one per group.
 */
export function effectiveWeights(
  plan: WeightPlan,
  scored: Uint8Array,
  out: Float64Array,
  groupSums: Float64Array,
): void {
  groupSums.fill(0);
  const n = out.length;
  for (let i = 0; i < n; i++) {
    if (scored[i] === 1) {
      const gi = plan.groupOf[i] as number;
      groupSums[gi] = (groupSums[gi] as number) + (plan.metricWeight[i] as number);
    }
  }
  let total = 0;
  for (let g = 0; g < groupSums.length; g++) {
    if ((groupSums[g] as number) > 0) total += plan.groupWeight[g] as number;
  }
  for (let i = 0; i < n; i++) {
    if (scored[i] !== 1) {
      out[i] = 0;
      continue;
    }
    const gi = plan.groupOf[i] as number;
    out[i] =
      ratio(plan.groupWeight[gi] as number, total) *
      ratio(plan.metricWeight[i] as number, groupSums[gi] as number);
  }
}
