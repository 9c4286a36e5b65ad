/**
 * Evaluator benchmark.
 *
 * 1. Scores 100,000 synthetic accounts under the SPEC example rules with
 *    explanations on, and the same accounts with a hand-written TypeScript
 *    function implementing the same rules; reports accounts/s for both and
 *    the ratio (target: the evaluator within 1.5× of the hand-written code).
 *    The two are checked to agree (status, score, band, per-metric points,
 *    alerts) on a sample first, so the comparison is honest.
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
import type { HealthResult, History, SignalSeries, SignalValue } from '../src/dsl/result.js';

const here = dirname(fileURLToPath(import.meta.url));
const ACCOUNTS = 100_000;
const DAY = 86_400_000;
const AS_OF = Date.parse('2026-06-01T00:00:00Z');

// ---------------------------------------------------------------------------
// Synthetic histories

/** A small deterministic generator (mulberry32), so runs are comparable. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function series(points: [number, SignalValue][]): SignalSeries {
  points.sort((a, b) => a[0] - b[0]);
  return { times: points.map((p) => p[0]), values: points.map((p) => p[1]) };
}

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

interface HandResult {
  status: 'scored' | 'insufficient_data';
  score: number | null;
  band: string | null;
  points: number[];
  alerts: string[];
}

const BANDS = [
  ['healthy', 80],
  ['stable', 60],
  ['at_risk', 40],
  ['critical', 0],
] as const;

function lastAtOrBefore(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length - 1;
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

/** The fresh current value of a signal, or undefined. */
function fresh(h: History, name: string, maxAgeDays: number, asOf: number): unknown {
  const s = h.get(name);
  if (s === undefined) return undefined;
  const i = lastAtOrBefore(s.times, asOf);
  if (i < 0 || asOf - s.times[i]! > maxAgeDays * DAY) return undefined;
  return s.values[i];
}

function lin(v: number, xs: readonly number[], ys: readonly number[]): number {
  if (v <= xs[0]!) return ys[0]!;
  for (let i = 1; i < xs.length; i++) {
    if (v <= xs[i]!)
      return ys[i - 1]! + ((v - xs[i - 1]!) / (xs[i]! - xs[i - 1]!)) * (ys[i]! - ys[i - 1]!);
  }
  return ys[ys.length - 1]!;
}

const NOMINAL = [20 / 3 / 100, 40 / 3 / 100, 0.3, 0.1, 0.125, 0.125, 0.15];
const GROUP_OF = [0, 0, 1, 1, 2, 2, 3];
const METRIC_W = [1, 2, 3, 1, 1, 1, 1];
const GROUP_W = [20, 40, 25, 15];

function num(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

function handWritten(h: History, asOf: number): HandResult {
  const seats = num(fresh(h, 'seats', 90, asOf));
  const active = num(fresh(h, 'active_users', 14, asOf));
  const done = fresh(h, 'onboarding_done', 90, asOf);
  const dtv = num(fresh(h, 'days_to_value', 90, asOf));
  const nps = num(fresh(h, 'nps', 180, asOf));
  const csat = num(fresh(h, 'csat', 90, asOf));
  const missed = num(fresh(h, 'milestones_missed', 90, asOf));

  // change(active_users, 30d): then no older than 14d at as-of - 30d, not 0.
  let change: number | undefined;
  if (active !== undefined) {
    const s = h.get('active_users')!;
    const at = asOf - 30 * DAY;
    const j = lastAtOrBefore(s.times, at);
    if (j >= 0 && at - s.times[j]! <= 14 * DAY) {
      const then = s.values[j] as number;
      if (then !== 0) change = (active - then) / Math.abs(then);
    }
  }

  const scores = [
    typeof done === 'boolean' ? (done ? 100 : 0) : -1,
    dtv === undefined ? -1 : dtv <= 7 ? 100 : dtv <= 30 ? 60 : 20,
    active === undefined || seats === undefined || seats === 0
      ? -1
      : lin(active / seats, [0.1, 0.8], [0, 100]),
    change === undefined ? -1 : lin(change, [-0.5, 0, 0.2], [0, 60, 100]),
    nps === undefined ? -1 : lin(nps, [-100, 0, 100], [0, 50, 100]),
    csat === undefined ? -1 : lin(csat, [1, 5], [0, 100]),
    missed === undefined ? -1 : missed === 0 ? 100 : missed <= 1 ? 50 : 0,
  ];
  let coverage = 0;
  for (let i = 0; i < 7; i++) if (scores[i]! >= 0) coverage += NOMINAL[i]!;
  if (scores[3] === -1) scores[3] = 50; // missing -> 50

  const groupSum = [0, 0, 0, 0];
  for (let i = 0; i < 7; i++) if (scores[i]! >= 0) groupSum[GROUP_OF[i]!]! += METRIC_W[i]!;
  let total = 0;
  for (let g = 0; g < 4; g++) if (groupSum[g]! > 0) total += GROUP_W[g]!;
  const points = new Array<number>(7);
  let raw = 0;
  for (let i = 0; i < 7; i++) {
    const g = GROUP_OF[i]!;
    const w = scores[i]! >= 0 ? (GROUP_W[g]! / total) * (METRIC_W[i]! / groupSum[g]!) : 0;
    points[i] = scores[i]! >= 0 ? w * scores[i]! : 0;
    raw += points[i]!;
  }

  const alerts: string[] = [];
  if (change !== undefined && change < -0.25) alerts.push('usage_dip');
  if (missed !== undefined && missed > 0) alerts.push('missed_milestone');
  if (csat !== undefined && csat <= 2) alerts.push('negative_feedback');

  if (coverage + 1e-9 < 0.5) {
    return { status: 'insufficient_data', score: null, band: null, points, alerts };
  }
  let score = Math.floor(Math.min(100, Math.max(0, raw)) * 10 + 0.5 + 1e-7) / 10;
  let band = BANDS.findIndex(([, from]) => from <= score);
  if (nps !== undefined && nps < 0 && band < 2) {
    band = 2;
    score = Math.min(score, 59.9);
  }
  return { status: 'scored', score, band: BANDS[band]![0], points, alerts };
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

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

function main(): void {
  const source = readFileSync(join(here, '../test/fixtures/spec-example.health'), 'utf8');
  const { scorecard, diagnostics } = compile(source, { file: 'spec-example.health' });
  if (!scorecard) throw new Error(`the SPEC example must compile: ${JSON.stringify(diagnostics)}`);

  const rand = random(42);
  const histories: History[] = [];
  for (let i = 0; i < ACCOUNTS; i++) histories.push(account(rand));
  const options = { asOf: new Date(AS_OF), explain: true };

  // Agreement on a sample, before anything is timed.
  let insufficient = 0;
  for (let i = 0; i < 5_000; i++) {
    const h = histories[i]!;
    const e: HealthResult = scorecard.evaluateHistory(h, options);
    const w = handWritten(h, AS_OF);
    if (w.status === 'insufficient_data') insufficient++;
    assert.equal(e.status, w.status, `status of account ${i}`);
    assert.equal(e.score, w.score, `score of account ${i}`);
    assert.equal(e.band, w.band, `band of account ${i}`);
    assert.deepEqual(
      e.alerts.map((a) => a.name),
      w.alerts,
      `alerts of account ${i}`,
    );
    e.metrics!.forEach((m, k) => {
      assert.ok(Math.abs(m.points - w.points[k]!) < 1e-6, `points of ${m.metric}, account ${i}`);
    });
  }

  // Timed rounds, alternating so neither side gets a warmer machine.
  const evalTimes: number[] = [];
  const handTimes: number[] = [];
  let sink = 0;
  for (let round = 0; round < 5; round++) {
    let t = performance.now();
    for (const h of histories) sink += scorecard.evaluateHistory(h, options).score ?? 0;
    evalTimes.push(performance.now() - t);
    t = performance.now();
    for (const h of histories) sink += handWritten(h, AS_OF).score ?? 0;
    handTimes.push(performance.now() - t);
  }
  const noExplain = { asOf: options.asOf, explain: false };
  const quietTimes: number[] = [];
  for (let round = 0; round < 3; round++) {
    const t = performance.now();
    for (const h of histories) sink += scorecard.evaluateHistory(h, noExplain).score ?? 0;
    quietTimes.push(performance.now() - t);
  }

  // Parse + check + compile of a 200-metric scorecard.
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

  const rate = (ms: number): number => Math.round(ACCOUNTS / (ms / 1000));
  const evalRate = rate(median(evalTimes));
  const handRate = rate(median(handTimes));
  const rows: [string, string, string][] = [
    ['evaluator, explanations on', `${evalRate.toLocaleString('en')} accounts/s`, ''],
    [
      'evaluator, explanations off',
      `${rate(median(quietTimes)).toLocaleString('en')} accounts/s`,
      '',
    ],
    ['hand-written TypeScript', `${handRate.toLocaleString('en')} accounts/s`, ''],
    ['ratio hand-written / evaluator', `${(handRate / evalRate).toFixed(2)}×`, 'target ≤ 1.5×'],
    [
      'compile 200 metrics (median of 15)',
      `${median(compileTimes).toFixed(1)} ms`,
      'target < 50 ms',
    ],
  ];
  process.stdout.write(
    `${ACCOUNTS.toLocaleString('en')} accounts, ${insufficient} of the first 5,000 ` +
      `with insufficient data; outputs agree on 5,000 (checksum ${Math.round(sink)})\n\n`,
  );
  const width = Math.max(...rows.map((r) => r[0].length));
  for (const [name, value, note] of rows) {
    process.stdout.write(`  ${name.padEnd(width)}  ${value.padStart(22)}  ${note}\n`);
  }
}

main();
