/**
 * Per-metric points of a result, keyed by the metric's full name, and their
 * differences between two results: the common currency of impact, compare
 * and attribution.
 */
import type { HealthResult } from '../dsl/result.js';

/** A metric's full name: `group.metric`. */
export function metricKey(m: { group: string; metric: string }): string {
  return `${m.group}.${m.metric}`;
}

/** How one metric's points moved between two results. */
export interface MetricPointsDelta {
  /** The full name `group.metric`. */
  metric: string;
  /** Points on the first side; 0 when the metric does not exist there. */
  pointsBefore: number;
  pointsAfter: number;
  delta: number;
}

/**
 * The points of every metric a result explains. With `unscoredAsZero`, an
 * `insufficient_data` result gives every metric 0 points, matching the 0 its
 * score counts as where scores are subtracted (see `attributeChange`).
 */
export function pointsOf(
  result: HealthResult,
  options: { unscoredAsZero?: boolean } = {},
): Map<string, number> {
  const zero = options.unscoredAsZero === true && result.status !== 'scored';
  const points = new Map<string, number>();
  for (const m of result.metrics ?? []) points.set(metricKey(m), zero ? 0 : m.points);
  return points;
}

/**
 * The points delta of every metric in either result, metrics of `before`
 * first in their order, then those only `after` has. A metric on one side
 * only counts 0 on the other. Sorted by |delta| (largest first) when `sort`.
 */
export function pointDeltas(
  before: ReadonlyMap<string, number>,
  after: ReadonlyMap<string, number>,
  sort = false,
): MetricPointsDelta[] {
  const keys = [...before.keys(), ...[...after.keys()].filter((k) => !before.has(k))];
  const deltas = keys.map((metric) => {
    const pointsBefore = before.get(metric) ?? 0;
    const pointsAfter = after.get(metric) ?? 0;
    return { metric, pointsBefore, pointsAfter, delta: pointsAfter - pointsBefore };
  });
  return sort ? sortByMagnitude(deltas) : deltas;
}

/** Largest |delta| first; equal ones keep their order (a stable sort). */
export function sortByMagnitude<T extends { delta: number }>(items: T[]): T[] {
  return items.sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta));
}

/**
 * The difference of two scores, each with one decimal, as a one-decimal
 * number: 72.3 − 65.1 is 7.2, not 7.199999999999989.
 */
export function scoreDelta(before: number, after: number): number {
  return Math.round((after - before) * 10) / 10;
}
