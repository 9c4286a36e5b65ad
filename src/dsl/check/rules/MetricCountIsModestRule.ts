import type { CheckContext } from '../context.js';

/** More metrics than this and each one's share of the score is too thin to act on. */
export const MAX_METRICS = 12;

/**
 * HR201 (warning): a scorecard has at most 12 metrics. Beyond that each metric
 * moves the score too little to act on and the explanation becomes a wall of
 * numbers. Reported once, at the first metric over the limit.
 */
export function MetricCountIsModestRule(ctx: CheckContext): void {
  const metrics = ctx.allMetrics;
  const first = metrics[MAX_METRICS];
  if (!first) return;
  ctx.warning(
    'HR201',
    `${metrics.length} metrics, more than ${MAX_METRICS}; each carries too little of the ` +
      'score to act on, so merge or drop some',
    first.decl.name.range,
  );
}
