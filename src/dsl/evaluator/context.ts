/**
 * The state of one evaluation: the as-of time, the account's history and,
 * per signal, the observation that is current at as-of.
 *
 * A compiled scorecard owns one context and resets it for every account, so
 * the hot path allocates nothing for signals it has already read: each
 * signal's current value is looked up (one binary search) the first time an
 * expression asks for it and cached until the next account.
 *
 * Expressions report "missing" by returning `undefined`; the first reason
 * (or the first stale signal, which takes precedence) is kept in `reason`
 * so the explanation can say why a metric has no value.
 *
 * An observed number that is NaN or infinite has the wrong type for a
 * number signal: it counts as missing, and its reading shows `null`.
 */
import type { SignalType } from '../ast.js';
import type { History, SignalReading, SignalSeries, SignalValue } from '../result.js';
import { clean, isoTime } from './numbers.js';

/** A value an expression produced, or `undefined` when it is missing. */
export type Value = SignalValue | undefined;

/** A compiled expression: reads the context, returns a value or missing. */
export type Fn = (c: EvalContext) => Value;

export const DAY_MS = 86_400_000;

/** What the evaluator knows about a declared signal, by its slot number. */
export interface SignalSlot {
  name: string;
  type: SignalType;
  /** Milliseconds; Infinity when the signal never goes stale. */
  maxAgeMs: number;
  /** Missing reasons, built once at compile time so misses allocate nothing. */
  noValue: string;
  stale: string;
  wrongType: string;
}

// Per-slot states of the current observation. 0 means "not looked up yet".
const UNKNOWN = 0;
export const FRESH = 1;
export const NONE = 2;
export const STALE = 3;
export const WRONG_TYPE = 4;

const EMPTY_HISTORY: History = new Map();

/** Index of the last time at or before `t` in ascending `times`, or -1. */
export function latestAtOrBefore(
  times: readonly number[],
  t: number,
  hi = times.length - 1,
): number {
  let lo = 0;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if ((times[mid] as number) <= t) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** True when `value` has the declared type; non-finite numbers never do. */
export function hasType(value: unknown, type: SignalType): value is SignalValue {
  switch (type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'text':
      return typeof value === 'string';
  }
}

/** The mutable state of one evaluation; see the module comment. */
export class EvalContext {
  /** As-of time in epoch milliseconds. */
  asOf = 0;
  /** The first reason a value went missing since the last `clearReason`. */
  reason: string | null = null;
  /** True when a stale read made a value missing; `reason` then names it. */
  stale = false;
  /** The scoring branch that matched last, as written. */
  branch: string | null = null;

  readonly series: (SignalSeries | undefined)[];
  /** Per slot: index of the current observation in its series, or -1. */
  readonly index: Int32Array;
  readonly state: Uint8Array;
  readonly values: Value[];
  private history: History = EMPTY_HISTORY;
  private readonly readings: (SignalReading | undefined)[];

  constructor(readonly slots: readonly SignalSlot[]) {
    const n = slots.length;
    this.series = new Array<SignalSeries | undefined>(n).fill(undefined);
    this.index = new Int32Array(n);
    this.state = new Uint8Array(n);
    this.values = new Array<Value>(n).fill(undefined);
    this.readings = new Array<SignalReading | undefined>(n).fill(undefined);
  }

  /** Starts a new account: forgets every cached read. */
  begin(history: History, asOf: number): void {
    this.history = history;
    this.asOf = asOf;
    this.state.fill(UNKNOWN);
    this.readings.fill(undefined);
    this.clearReason();
  }

  clearReason(): void {
    this.reason = null;
    this.stale = false;
  }

  /** Looks up a signal's current observation once; returns its state. */
  load(slot: number): number {
    const known = this.state[slot] as number;
    if (known !== UNKNOWN) return known;

    const info = this.slots[slot] as SignalSlot;
    const series = this.history.get(info.name);
    this.series[slot] = series;
    const i = series ? latestAtOrBefore(series.times, this.asOf) : -1;
    this.index[slot] = i;
    let state = NONE;
    if (series && i >= 0) {
      const value = series.values[i];
      this.values[slot] = value;
      // Staleness is checked first: an old value is stale whatever its type.
      if (this.asOf - (series.times[i] as number) > info.maxAgeMs) state = STALE;
      else state = hasType(value, info.type) ? FRESH : WRONG_TYPE;
    } else {
      this.values[slot] = undefined;
    }
    this.state[slot] = state;
    return state;
  }

  /** The signal's fresh, well-typed current value, or missing with a reason. */
  current(slot: number): Value {
    const state = this.load(slot);
    if (state === FRESH) return this.values[slot];
    const info = this.slots[slot] as SignalSlot;
    if (state === STALE) return this.missStale(info.stale);
    return this.miss(state === NONE ? info.noValue : info.wrongType);
  }

  /** Records why a value is missing (the first reason wins) and returns missing. */
  miss(reason: string): undefined {
    if (this.reason === null) this.reason = reason;
    return undefined;
  }

  /** Like `miss`, but a stale signal outranks any other reason. */
  missStale(reason: string): undefined {
    if (!this.stale) {
      this.stale = true;
      this.reason = reason;
    }
    return undefined;
  }

  /** Missing unless `x` is finite: no NaN or Infinity ever leaves an expression. */
  finite(x: number): Value {
    return Number.isFinite(x) ? x : this.miss('result out of range');
  }

  /** The explanation of a signal's current observation, built once per account. */
  reading(slot: number): SignalReading {
    const cached = this.readings[slot];
    if (cached !== undefined) return cached;
    const state = this.load(slot);
    const info = this.slots[slot] as SignalSlot;
    let reading: SignalReading;
    if (state === NONE) {
      reading = { signal: info.name, value: null, at: null, ageDays: null, stale: false };
    } else {
      const series = this.series[slot] as SignalSeries;
      const t = series.times[this.index[slot] as number] as number;
      const value = this.values[slot] as SignalValue;
      reading = {
        signal: info.name,
        // A NaN or Infinity observed is shown as null: results never hold them.
        value: typeof value === 'number' && !Number.isFinite(value) ? null : value,
        at: isoTime(t),
        ageDays: clean((this.asOf - t) / DAY_MS),
        stale: state === STALE,
      };
    }
    this.readings[slot] = reading;
    return reading;
  }

  /** The readings of several signals, in the order given. */
  readingsOf(slots: readonly number[]): SignalReading[] {
    const out = new Array<SignalReading>(slots.length);
    for (let i = 0; i < slots.length; i++) out[i] = this.reading(slots[i] as number);
    return out;
  }
}
