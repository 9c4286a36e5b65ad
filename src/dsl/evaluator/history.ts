/**
 * Turns one account's observation list into the indexed `History` the
 * evaluator reads: grouped by signal, times as epoch milliseconds, ascending.
 *
 * Decisions:
 * - A time that does not parse is a programming error at the library edge,
 *   not bad data to skip silently: it throws a TypeError naming the index of
 *   the observation, so the caller can find it.
 * - Observations with equal times keep their input order, so the one given
 *   last is the latest (a later correction wins).
 * - Values are kept as given; one of the wrong type for its signal counts as
 *   missing when read, and the explanation shows what was there.
 */
import type { History, Observation, SignalSeries, SignalValue } from '../result.js';

/**
 * Parses a Date or an ISO 8601 string to epoch milliseconds, throwing a
 * TypeError that names `what` when it is not a valid time.
 */
export function parseTime(at: unknown, what: string): number {
  let t = NaN;
  if (at instanceof Date) t = at.getTime();
  else if (typeof at === 'string') t = Date.parse(at);
  if (!Number.isFinite(t)) {
    const shown = at instanceof Date ? 'an invalid Date' : (JSON.stringify(at) ?? String(at));
    throw new TypeError(`${what} has time ${shown}; expected a Date or an ISO 8601 string`);
  }
  return t;
}

interface Builder {
  times: number[];
  values: SignalValue[];
  sorted: boolean;
}

/** Groups observations by signal and sorts each signal's series by time. */
export function buildHistory(observations: readonly Observation[]): History {
  if (!Array.isArray(observations)) {
    throw new TypeError(`observations must be an array, got ${typeof observations}`);
  }

  // 1. Group, validating each record and noting whether input was in order.
  const builders = new Map<string, Builder>();
  for (let i = 0; i < observations.length; i++) {
    const o = observations[i] as Observation;
    if (o === null || typeof o !== 'object' || typeof o.signal !== 'string') {
      throw new TypeError(`observation ${i} must be an object with a string "signal"`);
    }
    const t = parseTime(o.at, `observation ${i} (${o.signal})`);
    let b = builders.get(o.signal);
    if (b === undefined) {
      b = { times: [], values: [], sorted: true };
      builders.set(o.signal, b);
    }
    const last = b.times.length === 0 ? -Infinity : (b.times[b.times.length - 1] as number);
    if (t < last) b.sorted = false;
    b.times.push(t);
    b.values.push(o.value);
  }

  // 2. Sort the series that arrived out of order; the sort is stable.
  const history = new Map<string, SignalSeries>();
  for (const [signal, b] of builders) {
    if (b.sorted) {
      history.set(signal, { times: b.times, values: b.values });
      continue;
    }
    const order = b.times
      .map((_, i) => i)
      .sort((x, y) => (b.times[x] as number) - (b.times[y] as number));
    history.set(signal, {
      times: order.map((i) => b.times[i] as number),
      values: order.map((i) => b.values[i] as SignalValue),
    });
  }
  return history;
}
