/**
 * Evaluator benchmark.
 *
 * 1. Scores 100,000 synthetic accounts under the SPEC example rules, side
 *    by side with hand-written TypeScript for the same rules, in two rows:
 *    explanations on (the full `HealthResult`) and off (no metric list).
 *    Reports accounts/s and the ratio (target: the evaluator within 1.5×
 *    of the hand-written code). Each hand-written function must give a
 *    result deep-equal to the evaluator's on a sample first, so both sides
 *    do the same work.
 * 2. Times parse + check + compile of a generated 200-metric scorecard
 *    (target: median under 50 ms).
 *
 * Histories are built before timing: the benchmark measures evaluation,
 * not data loading.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { compile } from '../src/dsl/index.js';
import { clean, isoTime } from '../src/dsl/evaluator/numbers.js';
import type {
  AlertResult,
  HealthResult,
  History,
  MetricStatus,
  OverrideResult,
  SignalReading,
  SignalSeries,
  SignalValue,
  SourceLocation,
} from '../src/dsl/result.js';
import { series } from './support/history.js';
import { collectGarbage, median } from './support/measure.js';
import { random } from './support/random.js';

const here = dirname(fileURLToPath(import.meta.url));
const ACCOUNTS = 100_000;
const DAY = 86_400_000;
const AS_OF = Date.parse('2026-06-01T00:00:00Z');

// ---------------------------------------------------------------------------
// Synthetic histories

/** One account: weekly usage for 16 weeks, the rest observed now and then, some gaps. */
function account(rand: () => number): History {
  const h = new Map<string, SignalSeries>();
  const ago = (days: number): number => AS_OF - Math.floor(days * DAY);
  const seats = 5 + Math.floor(rand() * 200);
  h.set('seats', series([[ago(rand() * 120), seats]]));

  const usage: [number, SignalValue][] = [];
  const start = rand() < 0.9 ? rand() * 7 : 14 + rand() * 30; // a tenth stopped reporting
  let users = Math.floor(seats * rand());
  for (let w = 0; w < 16; w++) {
    usage.push([ago(start + w * 7), users]);
    users = Math.max(0, Math.round(users * (0.85 + rand() * 0.3)));
  }
  h.set('active_users', series(usage));

  if (rand() < 0.95) h.set('onboarding_done', series([[ago(rand() * 60), rand() < 0.8]]));
  if (rand() < 0.9) h.set('days_to_value', series([[ago(rand() * 60), Math.floor(rand() * 60)]]));
  if (rand() < 0.8) {
    h.set('nps', series([[ago(rand() * 365), Math.round(rand() * 200 - 100)]]));
  }
  if (rand() < 0.8) {
    const csat: [number, SignalValue][] = [];
    for (let i = 0; i < 3; i++) csat.push([ago(rand() * 200), 1 + Math.floor(rand() * 5)]);
    h.set('csat', series(csat));
  }
  if (rand() < 0.85) {
    h.set('milestones_missed', series([[ago(rand() * 100), Math.floor(rand() * 3)]]));
  }
  return h;
}

// ---------------------------------------------------------------------------
// The hand-written implementation of the SPEC example rules
//
// What an engineer would write for these fixed rules without a rule
// language: the signals, curves, weights, texts and source locations are
// constants, and the code produces exactly the evaluator's `HealthResult`,
// explanation included, so timing the two compares equal work. It uses the
// project's own number helpers (`isoTime`, `clean`), so the comparison
// measures the cost of interpreting rules, not of formatting dates.

const FILE = 'spec-example.health';

function at(line: number, column: number, endLine: number, endColumn: number): SourceLocation {
  return { line, column, endLine, endColumn, file: FILE };
}

/** A declared signal: its type, its max_age and the texts that explain a miss. */
interface SignalDef {
  name: string;
  type: 'number' | 'boolean';
  maxAgeMs: number;
  noValue: string;
  stale: string;
  wrongType: string;
}

function signal(name: string, type: 'number' | 'boolean', maxAgeDays: number): SignalDef {
  return {
    name,
    type,
    maxAgeMs: maxAgeDays * DAY,
    noValue: `no value for ${name}`,
    stale: `stale signal ${name}`,
    wrongType: `${name} is not a ${type}`,
  };
}

const SEATS = signal('seats', 'number', 90);
const ACTIVE_USERS = signal('active_users', 'number', 14);
const ONBOARDING_DONE = signal('onboarding_done', 'boolean', 90);
const DAYS_TO_VALUE = signal('days_to_value', 'number', 90);
const NPS = signal('nps', 'number', 180);
const CSAT = signal('csat', 'number', 90);
const MILESTONES_MISSED = signal('milestones_missed', 'number', 90);

/** A signal's current observation for one account. */
interface Current {
  def: SignalDef;
  series: SignalSeries | undefined;
  /** Index of the observation at or before as-of, or -1. */
  index: number;
  /** The fresh value of the declared type, or undefined. */
  value: SignalValue | undefined;
  /** Why `value` is undefined. */
  reason: string | null;
  stale: boolean;
  reading: SignalReading | null;
}

function lastAtOrBefore(times: readonly number[], t: number, hi = times.length - 1): number {
  let lo = 0;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function current(h: History, def: SignalDef, asOf: number): Current {
  const series = h.get(def.name);
  const index = series === undefined ? -1 : lastAtOrBefore(series.times, asOf);
  const c: Current = {
    def,
    series,
    index,
    value: undefined,
    reason: null,
    stale: false,
    reading: null,
  };
  if (series === undefined || index < 0) {
    c.reason = def.noValue;
  } else if (asOf - series.times[index]! > def.maxAgeMs) {
    c.reason = def.stale;
    c.stale = true;
  } else {
    const v = series.values[index]!;
    const typed =
      def.type === 'number' ? typeof v === 'number' && Number.isFinite(v) : typeof v === 'boolean';
    if (typed) c.value = v;
    else c.reason = def.wrongType;
  }
  return c;
}

/** The explanation of a signal's current observation, built once per account. */
function readingOf(c: Current, asOf: number): SignalReading {
  if (c.reading !== null) return c.reading;
  if (c.index < 0) {
    c.reading = { signal: c.def.name, value: null, at: null, ageDays: null, stale: false };
  } else {
    const t = c.series!.times[c.index]!;
    const v = c.series!.values[c.index]!;
    c.reading = {
      signal: c.def.name,
      value: typeof v === 'number' && !Number.isFinite(v) ? null : v,
      at: isoTime(t),
      ageDays: clean((asOf - t) / DAY),
      stale: c.stale,
    };
  }
  return c.reading;
}

/** One metric's outcome before weighting; `score` is -1 when it has none. */
interface Part {
  value: SignalValue | undefined;
  score: number;
  branch: string | null;
  reason: string | null;
  stale: boolean;
}

/** A part that takes over a signal's value, or its reason for having none. */
function fromSignal(c: Current): Part {
  return { value: c.value, score: -1, branch: null, reason: c.reason, stale: c.stale };
}

function missing(reason: string | null, stale: boolean): Part {
  return { value: undefined, score: -1, branch: null, reason, stale };
}

/** A piecewise-linear curve with its branch texts as written in the rules. */
interface Linear {
  xs: readonly number[];
  ys: readonly number[];
  below: string;
  above: string;
  segments: readonly string[];
}

const ACTIVATION_CURVE: Linear = {
  xs: [0.1, 0.8],
  ys: [0, 100],
  below: '<= 0.1 -> 0',
  above: '>= 0.8 -> 100',
  segments: ['0.1 -> 0 .. 0.8 -> 100'],
};
const TREND_CURVE: Linear = {
  xs: [-0.5, 0, 0.2],
  ys: [0, 60, 100],
  below: '<= -50% -> 0',
  above: '>= 20% -> 100',
  segments: ['-50% -> 0 .. 0 -> 60', '0 -> 60 .. 20% -> 100'],
};
const NPS_CURVE: Linear = {
  xs: [-100, 0, 100],
  ys: [0, 50, 100],
  below: '<= -100 -> 0',
  above: '>= 100 -> 100',
  segments: ['-100 -> 0 .. 0 -> 50', '0 -> 50 .. 100 -> 100'],
};
const CSAT_CURVE: Linear = {
  xs: [1, 5],
  ys: [0, 100],
  below: '<= 1 -> 0',
  above: '>= 5 -> 100',
  segments: ['1 -> 0 .. 5 -> 100'],
};

/** The score of `v` on a curve; a value on an inner point starts the next segment. */
function linearScore(v: number, curve: Linear): number {
  const { xs, ys } = curve;
  const n = xs.length;
  if (v < xs[0]!) return ys[0]!;
  if (v > xs[n - 1]!) return ys[n - 1]!;
  let i = 0;
  while (i < n - 2 && v >= xs[i + 1]!) i++;
  const score = ys[i]! + ((v - xs[i]!) / (xs[i + 1]! - xs[i]!)) * (ys[i + 1]! - ys[i]!);
  return Number.isFinite(score) ? Math.min(100, Math.max(0, score)) : ys[i]!;
}

/** Scores `p.value` on a curve and names the branch that matched. */
function linear(p: Part, curve: Linear): void {
  if (typeof p.value !== 'number') return;
  const v = p.value;
  const { xs } = curve;
  const n = xs.length;
  p.score = linearScore(v, curve);
  if (v < xs[0]!) p.branch = curve.below;
  else if (v > xs[n - 1]!) p.branch = curve.above;
  else {
    let i = 0;
    while (i < n - 2 && v >= xs[i + 1]!) i++;
    p.branch = curve.segments[i]!;
  }
}

/** `active_users / seats`: missing when either is, the stale one's reason first. */
function activation(active: Current, seats: Current): Part {
  if (active.value === undefined || seats.value === undefined) {
    if (active.stale) return missing(active.reason, true);
    if (seats.stale) return missing(seats.reason, true);
    return missing(active.reason ?? seats.reason, false);
  }
  if (seats.value === 0) return missing('division by zero', false);
  const ratio = (active.value as number) / (seats.value as number);
  if (!Number.isFinite(ratio)) return missing('result out of range', false);
  const p: Part = { value: ratio, score: -1, branch: null, reason: null, stale: false };
  linear(p, ACTIVATION_CURVE);
  return p;
}

const TREND_WINDOW = 30 * DAY;

/** `change(active_users, 30d)`, or missing with the reason. */
function trend(active: Current, asOf: number): Part {
  if (active.value === undefined) return missing(active.reason, active.stale);
  const s = active.series!;
  const then = asOf - TREND_WINDOW;
  const j = lastAtOrBefore(s.times, then, active.index);
  if (j < 0) return missing('no value of active_users at or before as-of − 30d', false);
  if (then - s.times[j]! > ACTIVE_USERS.maxAgeMs) {
    return missing('stale signal active_users at as-of − 30d', true);
  }
  const old = s.values[j];
  if (typeof old !== 'number' || !Number.isFinite(old)) {
    return missing(ACTIVE_USERS.wrongType, false);
  }
  if (old === 0) return missing('division by zero', false);
  const change = ((active.value as number) - old) / Math.abs(old);
  if (!Number.isFinite(change)) return missing('result out of range', false);
  const p: Part = { value: change, score: -1, branch: null, reason: null, stale: false };
  linear(p, TREND_CURVE);
  return p;
}

interface MetricDef {
  group: string;
  metric: string;
  /** Index of the group in GROUP_WEIGHTS. */
  g: number;
  weight: number;
  nominal: number;
  location: SourceLocation;
}

const GROUP_WEIGHTS = [20, 40, 25, 15];
/** ΣWmetrics of each group. */
const GROUP_METRIC_WEIGHTS = [3, 4, 2, 1];

function metricDef(
  group: string,
  metric: string,
  g: number,
  weight: number,
  location: SourceLocation,
): MetricDef {
  const nominal = (GROUP_WEIGHTS[g]! / 100) * (weight / GROUP_METRIC_WEIGHTS[g]!);
  return { group, metric, g, weight, nominal, location };
}

const METRICS: readonly MetricDef[] = [
  metricDef('onboarding', 'setup', 0, 1, at(15, 5, 15, 83)),
  metricDef('onboarding', 'time_value', 0, 2, at(16, 5, 16, 98)),
  metricDef('usage', 'activation', 1, 3, at(20, 5, 21, 38)),
  metricDef('usage', 'trend', 1, 1, at(22, 5, 24, 20)),
  metricDef('sentiment', 'nps', 2, 1, at(28, 5, 28, 75)),
  metricDef('sentiment', 'csat', 2, 1, at(29, 5, 29, 61)),
  metricDef('outcomes', 'milestones', 3, 1, at(33, 5, 33, 97)),
];
const TREND = 3;

const BANDS = ['healthy', 'stable', 'at_risk', 'critical'] as const;
const BAND_FROM = [80, 60, 40, 0];
const CAP_LOCATION = at(43, 3, 43, 60);
const USAGE_DIP_LOCATION = at(45, 3, 45, 108);
const MISSED_MILESTONE_LOCATION = at(46, 3, 46, 95);
const NEGATIVE_FEEDBACK_LOCATION = at(47, 3, 47, 97);

/** Sets points from scores: effective weights over the metrics that have one. */
function weigh(scores: readonly number[], effective: number[]): number {
  const groupSums = [0, 0, 0, 0];
  for (let i = 0; i < METRICS.length; i++) {
    if (scores[i]! >= 0) groupSums[METRICS[i]!.g]! += METRICS[i]!.weight;
  }
  let total = 0;
  for (let g = 0; g < 4; g++) if (groupSums[g]! > 0) total += GROUP_WEIGHTS[g]!;
  let raw = 0;
  for (let i = 0; i < METRICS.length; i++) {
    const m = METRICS[i]!;
    effective[i] =
      scores[i]! >= 0 ? (GROUP_WEIGHTS[m.g]! / total) * (m.weight / groupSums[m.g]!) : 0;
    if (scores[i]! >= 0) raw += effective[i]! * scores[i]!;
  }
  return raw;
}

/** Score, band, the cap and the alerts: everything but the per-metric explanation. */
function finish(
  scores: number[],
  coverage: number,
  trendValue: SignalValue | undefined,
  nps: Current,
  csat: Current,
  missed: Current,
  active: Current,
  asOf: number,
  effective: number[],
): HealthResult {
  const raw = weigh(scores, effective);
  const sufficient = coverage + 1e-9 >= 0.5;
  let score: number | null = null;
  let band = -1;
  if (sufficient) {
    score = Math.floor(Math.min(100, Math.max(0, raw)) * 10 + 0.5 + 1e-7) / 10;
    band = BAND_FROM.findIndex((from) => from <= score!);
  }

  // cap at_risk when nps < 0
  const overrides: OverrideResult[] = [];
  if (typeof nps.value === 'number' && nps.value < 0) {
    const applied = score !== null && band < 2;
    if (applied) {
      band = 2;
      score = Math.min(score!, 59.9);
    }
    overrides.push({
      kind: 'cap',
      band: 'at_risk',
      reason: 'Detractors are at most at risk',
      applied,
      signals: [readingOf(nps, asOf)],
      location: CAP_LOCATION,
    });
  }

  const alerts: AlertResult[] = [];
  if (typeof trendValue === 'number' && trendValue < -0.25) {
    alerts.push({
      name: 'usage_dip',
      severity: 'high',
      message: 'Usage fell by a quarter in 30 days',
      signals: [readingOf(active, asOf)],
      location: USAGE_DIP_LOCATION,
    });
  }
  if (typeof missed.value === 'number' && missed.value > 0) {
    alerts.push({
      name: 'missed_milestone',
      severity: 'medium',
      message: 'A milestone was missed',
      signals: [readingOf(missed, asOf)],
      location: MISSED_MILESTONE_LOCATION,
    });
  }
  if (typeof csat.value === 'number' && csat.value <= 2) {
    alerts.push({
      name: 'negative_feedback',
      severity: 'high',
      message: 'Recent CSAT of 2 or less',
      signals: [readingOf(csat, asOf)],
      location: NEGATIVE_FEEDBACK_LOCATION,
    });
  }

  return {
    status: sufficient ? 'scored' : 'insufficient_data',
    score,
    rawScore: sufficient ? clean(raw) : null,
    band: band >= 0 ? BANDS[band]! : null,
    coverage: clean(coverage),
    asOf: isoTime(asOf),
    overrides,
    alerts,
  };
}

/** The SPEC example's rules with the full explanation: the evaluator's `explain: true`. */
function handExplained(h: History, asOf: number): HealthResult {
  // 1. The current value of every signal.
  const seats = current(h, SEATS, asOf);
  const active = current(h, ACTIVE_USERS, asOf);
  const done = current(h, ONBOARDING_DONE, asOf);
  const dtv = current(h, DAYS_TO_VALUE, asOf);
  const nps = current(h, NPS, asOf);
  const csat = current(h, CSAT, asOf);
  const missed = current(h, MILESTONES_MISSED, asOf);

  // 2. Each metric's value, score and branch, or why it has none.
  const setup = fromSignal(done);
  if (typeof setup.value === 'boolean') {
    setup.score = setup.value ? 100 : 0;
    setup.branch = setup.value ? 'true -> 100' : 'false -> 0';
  }
  const timeValue = fromSignal(dtv);
  if (typeof timeValue.value === 'number') {
    const v = timeValue.value;
    timeValue.score = v <= 7 ? 100 : v <= 30 ? 60 : 20;
    timeValue.branch = v <= 7 ? '<= 7 -> 100' : v <= 30 ? '<= 30 -> 60' : 'else -> 20';
  }
  const usage = activation(active, seats);
  const change = trend(active, asOf);
  const sentiment = fromSignal(nps);
  linear(sentiment, NPS_CURVE);
  const satisfaction = fromSignal(csat);
  linear(satisfaction, CSAT_CURVE);
  const milestones = fromSignal(missed);
  if (typeof milestones.value === 'number') {
    const v = milestones.value;
    milestones.score = v === 0 ? 100 : v <= 1 ? 50 : 0;
    milestones.branch = v === 0 ? '== 0 -> 100' : v <= 1 ? '<= 1 -> 50' : 'else -> 0';
  }
  const parts = [setup, timeValue, usage, change, sentiment, satisfaction, milestones];
  const read = [[done], [dtv], [active, seats], [active], [nps], [csat], [missed]];

  // 3. Statuses and coverage; `trend` has `missing -> 50`.
  const statuses: MetricStatus[] = [];
  const scores: number[] = [];
  let coverage = 0;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p.score >= 0) {
      statuses.push('ok');
      coverage += METRICS[i]!.nominal;
    } else if (i === TREND) {
      statuses.push('imputed');
      p.score = 50;
      p.branch = 'missing -> 50';
    } else {
      statuses.push(p.stale ? 'stale' : 'missing');
    }
    scores.push(p.score);
  }

  // 4. Score, band, cap and alerts, then the explanation of every metric.
  const effective = new Array<number>(METRICS.length);
  const result = finish(scores, coverage, change.value, nps, csat, missed, active, asOf, effective);
  result.metrics = METRICS.map((m, i) => {
    const p = parts[i]!;
    const w = effective[i]!;
    const scored = p.score >= 0;
    return {
      group: m.group,
      metric: m.metric,
      value: p.value === undefined ? null : p.value,
      score: scored ? clean(p.score) : null,
      status: statuses[i]!,
      reason: statuses[i] === 'ok' ? null : p.reason,
      nominalWeight: clean(m.nominal),
      effectiveWeight: clean(w),
      points: scored ? clean(w * p.score) : 0,
      headroom: scored ? clean(w * (100 - p.score)) : 0,
      branch: p.branch,
      signals: read[i]!.map((c) => readingOf(c, asOf)),
      location: m.location,
    };
  });
  return result;
}

/** The SPEC example's rules, scores only: the evaluator's `explain: false`. */
function handScoreOnly(h: History, asOf: number): HealthResult {
  const seats = current(h, SEATS, asOf);
  const active = current(h, ACTIVE_USERS, asOf);
  const done = current(h, ONBOARDING_DONE, asOf);
  const dtv = current(h, DAYS_TO_VALUE, asOf);
  const nps = current(h, NPS, asOf);
  const csat = current(h, CSAT, asOf);
  const missed = current(h, MILESTONES_MISSED, asOf);

  const a = active.value as number | undefined;
  const s = seats.value as number | undefined;
  const ratio = a === undefined || s === undefined || s === 0 ? undefined : a / s;
  const change = trend(active, asOf).value as number | undefined;
  const d = dtv.value as number | undefined;
  const n = nps.value as number | undefined;
  const c = csat.value as number | undefined;
  const m = missed.value as number | undefined;
  const scores = [
    done.value === undefined ? -1 : done.value ? 100 : 0,
    d === undefined ? -1 : d <= 7 ? 100 : d <= 30 ? 60 : 20,
    ratio === undefined || !Number.isFinite(ratio) ? -1 : linearScore(ratio, ACTIVATION_CURVE),
    change === undefined ? -1 : linearScore(change, TREND_CURVE),
    n === undefined ? -1 : linearScore(n, NPS_CURVE),
    c === undefined ? -1 : linearScore(c, CSAT_CURVE),
    m === undefined ? -1 : m === 0 ? 100 : m <= 1 ? 50 : 0,
  ];
  let coverage = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i]! >= 0) coverage += METRICS[i]!.nominal;
  if (scores[TREND] === -1) scores[TREND] = 50;
  const effective = new Array<number>(METRICS.length);
  return finish(scores, coverage, change, nps, csat, missed, active, asOf, effective);
}

// ---------------------------------------------------------------------------
// A 200-metric scorecard for the compile benchmark

function bigScorecard(groups: number, perGroup: number): string {
  const lines = ['scorecard "Large" {', '  stale_after 90d'];
  for (let g = 0; g < groups; g++) {
    for (let m = 0; m < perGroup; m++) lines.push(`  signal s_${g}_${m} : number max_age 30d`);
  }
  for (let g = 0; g < groups; g++) {
    lines.push(`  group g${g} weight ${1 + (g % 5)} {`);
    for (let m = 0; m < perGroup; m++) {
      const s = `s_${g}_${m}`;
      const body =
        m % 3 === 0
          ? `${s} linear { 0 -> 0, 50 -> 60, 100 -> 100 }`
          : m % 3 === 1
            ? `change(${s}, 30d) steps { < -20% -> 0, < 0 -> 50, else -> 100 } missing -> 50`
            : `avg(${s}, 14d) / 10 linear { 0 -> 0, 1 -> 100 }`;
      lines.push(`    metric m_${g}_${m} weight ${1 + (m % 3)} = ${body}`);
    }
    lines.push('  }');
  }
  lines.push(
    '  bands {',
    '    good from 70 green',
    '    ok from 40 yellow',
    '    bad from 0 red',
    '  }',
  );
  lines.push('  cap ok when s_0_0 < 10 "low"', '  alert dip high when change(s_0_1, 30d) < -25%');
  lines.push('}');
  return lines.join('\n');
}

// ---------------------------------------------------------------------------
// Running

const ROUNDS = 5;
const SAMPLE = 5_000;

/** Median milliseconds of `ROUNDS` passes over all histories, the two sides alternating. */
function race(
  histories: readonly History[],
  sides: readonly ((h: History) => HealthResult)[],
): number[] {
  const times = sides.map(() => [] as number[]);
  let sink = 0;
  for (let round = 0; round < ROUNDS; round++) {
    sides.forEach((side, k) => {
      // Collect the previous pass's garbage outside the timed region.
      collectGarbage();
      const t = performance.now();
      for (const h of histories) sink += side(h).score ?? 0;
      times[k]!.push(performance.now() - t);
    });
  }
  if (Number.isNaN(sink)) throw new Error('unreachable: keeps the results observable');
  return times.map(median);
}

function main(): void {
  const source = readFileSync(join(here, '../test/fixtures/spec-example.health'), 'utf8');
  const { scorecard, diagnostics } = compile(source, { file: FILE });
  if (!scorecard) throw new Error(`the SPEC example must compile: ${JSON.stringify(diagnostics)}`);

  const rand = random(42);
  const histories: History[] = [];
  for (let i = 0; i < ACCOUNTS; i++) histories.push(account(rand));
  const explained = { asOf: new Date(AS_OF), explain: true };
  const quiet = { asOf: new Date(AS_OF), explain: false };

  // 1. The same output on a sample, before anything is timed.
  let insufficient = 0;
  const statuses = new Map<string, number>();
  for (let i = 0; i < SAMPLE; i++) {
    const h = histories[i]!;
    const e: HealthResult = scorecard.evaluateHistory(h, explained);
    assert.deepStrictEqual(e, handExplained(h, AS_OF), `account ${i}, explanations on`);
    assert.deepStrictEqual(
      scorecard.evaluateHistory(h, quiet),
      handScoreOnly(h, AS_OF),
      `account ${i}, explanations off`,
    );
    if (e.status === 'insufficient_data') insufficient++;
    for (const m of e.metrics!) statuses.set(m.status, (statuses.get(m.status) ?? 0) + 1);
  }

  // 2. Both rows, each side timed in alternation with its counterpart.
  const [evalOn, handOn] = race(histories, [
    (h) => scorecard.evaluateHistory(h, explained),
    (h) => handExplained(h, AS_OF),
  ]) as [number, number];
  const [evalOff, handOff] = race(histories, [
    (h) => scorecard.evaluateHistory(h, quiet),
    (h) => handScoreOnly(h, AS_OF),
  ]) as [number, number];

  // 3. Parse + check + compile of a 200-metric scorecard.
  const big = bigScorecard(20, 10);
  const first = compile(big);
  assert.ok(
    first.scorecard,
    `the 200-metric scorecard must compile: ${first.diagnostics[0]?.message}`,
  );
  assert.equal(first.scorecard.metrics.length, 200);
  const compileTimes: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    compile(big);
    compileTimes.push(performance.now() - t);
  }

  const rate = (ms: number): string => Math.round(ACCOUNTS / (ms / 1000)).toLocaleString('en');
  const mix = [...statuses].map(([s, n]) => `${s} ${n}`).join(', ');
  const out = (line: string): boolean => process.stdout.write(`${line}\n`);
  out(
    `${ACCOUNTS.toLocaleString('en')} accounts; the first ${SAMPLE.toLocaleString('en')} give ` +
      'deep-equal results from both sides ' +
      `(${insufficient} with insufficient data; metrics: ${mix})`,
  );
  out(
    `medians of ${ROUNDS} passes, accounts/s; ratio = evaluator time / hand-written time, ` +
      'target ≤ 1.5×\n',
  );
  const rows = [
    ['', 'evaluator', 'hand-written', 'ratio'],
    ['explanations on', rate(evalOn), rate(handOn), `${(evalOn / handOn).toFixed(2)}×`],
    ['explanations off', rate(evalOff), rate(handOff), `${(evalOff / handOff).toFixed(2)}×`],
  ];
  for (const [name, e, w, r] of rows) {
    out(`  ${name!.padEnd(18)}${e!.padStart(12)}${w!.padStart(15)}${r!.padStart(8)}`);
  }
  out(
    `\n  compile 200 metrics: ${median(compileTimes).toFixed(1)} ms (median of 15; target < 50 ms)`,
  );
}

main();
