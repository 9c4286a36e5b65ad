/** Building blocks for the benchmarks' in-memory account histories. */
import type { SignalSeries, SignalValue } from '../../src/dsl/result.js';

/** A signal's series from `[time, value]` points given in any order (sorts them in place). */
export function series(points: [number, SignalValue][]): SignalSeries {
  points.sort((x, y) => x[0] - y[0]);
  return { times: points.map((p) => p[0]), values: points.map((p) => p[1]) };
}
