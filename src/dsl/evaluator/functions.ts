/**
 * The history functions of the rule language, compiled to closures.
 *
 * All of them look only at observations at or before as-of, and reuse the
 * context's cached current observation as the upper end of any search.
 *
 * Decisions:
 * - `change`/`delta`: `then` is the latest value at or before as-of − W; if
 *   that value is older than the signal's max_age at that moment it is
 *   stale, and the metric is `stale` (the signal it read was stale).
 * - `avg`/`min`/`max`/`sum`: a window holding a value of the wrong type is
 *   missing rather than silently skipping it.
 * - `count` counts observations whatever their values; `age` is measured
 *   even when the value is stale; `present` is true only for a fresh value
 *   of the declared type.
 */
import type { CallExpr, Expr } from '../ast.js';
import {
  DAY_MS,
  FRESH,
  latestAtOrBefore,
  type EvalContext,
  type Fn,
  type SignalSlot,
} from './context.js';
import type { SignalSeries } from '../result.js';

/** Resolves a signal name to its slot; -1 when not declared. */
export type SlotOf = (name: string) => number;

/** Names of the history functions, for callers that need the list. */
export const HISTORY_FUNCTIONS = [
  'change',
  'delta',
  'avg',
  'min',
  'max',
  'sum',
  'count',
  'age',
  'present',
] as const;

/** Compiles a call; an unknown or malformed one (the checker forbids it) is always missing. */
export function compileCall(call: CallExpr, slotOf: SlotOf, slots: readonly SignalSlot[]): Fn {
  const name = call.callee.name;
  const slot = signalArg(call.args[0], slotOf);
  if (slot < 0) return invalid(`${name}() needs a declared signal`);
  const info = slots[slot] as SignalSlot;

  if (name === 'age') return ageOf(slot, info);
  if (name === 'present') return (c) => c.load(slot) === FRESH;

  const windowDays = durationArg(call.args[1]);
  if (windowDays === undefined) return invalid(`${name}() needs a duration`);
  const windowMs = windowDays * DAY_MS;
  const w = call.args[1]?.kind === 'Duration' ? call.args[1].text : `${windowDays}d`;

  switch (name) {
    case 'change':
    case 'delta':
      return difference(name === 'change', slot, info, windowMs, w);
    case 'count':
      return (c) => countInWindow(c, slot, windowMs);
    case 'avg':
    case 'min':
    case 'max':
    case 'sum':
      return aggregate(name, slot, info, windowMs, w);
    default:
      return invalid(`unknown function ${name}`);
  }
}

function signalArg(arg: Expr | undefined, slotOf: SlotOf): number {
  let e = arg;
  while (e?.kind === 'Paren') e = e.expr;
  return e?.kind === 'Ref' ? slotOf(e.name) : -1;
}

function durationArg(arg: Expr | undefined): number | undefined {
  if (arg?.kind === 'Duration') return arg.days;
  return undefined;
}

function invalid(reason: string): Fn {
  return (c) => c.miss(reason);
}

function ageOf(slot: number, info: SignalSlot): Fn {
  return (c) => {
    c.load(slot);
    const i = c.index[slot] as number;
    const series = c.series[slot];
    if (series === undefined || i < 0) return c.miss(info.noValue);
    return (c.asOf - (series.times[i] as number)) / DAY_MS;
  };
}

/** `change` (relative) or `delta` (absolute) between now and as-of − W. */
function difference(
  relative: boolean,
  slot: number,
  info: SignalSlot,
  windowMs: number,
  w: string,
): Fn {
  const noThen = `no value of ${info.name} at or before as-of − ${w}`;
  const staleThen = `stale signal ${info.name} at as-of − ${w}`;
  return (c) => {
    const now = c.current(slot);
    if (now === undefined) return undefined;
    if (typeof now !== 'number') return c.miss(info.wrongType);

    // `now` exists, so the series does and its current index bounds the search.
    const series = c.series[slot] as SignalSeries;
    const at = c.asOf - windowMs;
    const j = latestAtOrBefore(series.times, at, c.index[slot] as number);
    if (j < 0) return c.miss(noThen);
    if (at - (series.times[j] as number) > info.maxAgeMs) return c.missStale(staleThen);
    const then = series.values[j];
    if (typeof then !== 'number' || !Number.isFinite(then)) return c.miss(info.wrongType);

    if (!relative) return c.finite(now - then);
    if (then === 0) return c.miss('division by zero');
    return c.finite((now - then) / Math.abs(then));
  };
}

/** The number of observations in (as-of − W, as-of]. */
function countInWindow(c: EvalContext, slot: number, windowMs: number): number {
  c.load(slot);
  const series = c.series[slot];
  const hi = c.index[slot] as number;
  if (series === undefined || hi < 0) return 0;
  return hi - latestAtOrBefore(series.times, c.asOf - windowMs, hi);
}

function aggregate(
  name: 'avg' | 'min' | 'max' | 'sum',
  slot: number,
  info: SignalSlot,
  windowMs: number,
  w: string,
): Fn {
  const empty = `no value of ${info.name} in the last ${w}`;
  return (c) => {
    c.load(slot);
    const series = c.series[slot];
    const hi = c.index[slot] as number;
    if (series === undefined || hi < 0) return c.miss(empty);
    const lo = latestAtOrBefore(series.times, c.asOf - windowMs, hi) + 1;
    if (lo > hi) return c.miss(empty);

    let acc = name === 'min' ? Infinity : name === 'max' ? -Infinity : 0;
    for (let i = lo; i <= hi; i++) {
      const v = series.values[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) return c.miss(info.wrongType);
      if (name === 'min') acc = v < acc ? v : acc;
      else if (name === 'max') acc = v > acc ? v : acc;
      else acc += v;
    }
    return c.finite(name === 'avg' ? acc / (hi - lo + 1) : acc);
  };
}
