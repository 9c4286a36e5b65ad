/**
 * Impact benchmark: what a rule diff's impact costs next to scoring once.
 *
 * Generates 100,000 accounts in memory (× BENCH_SCALE) with histories for
 * every signal of `rules/default.health`, then times:
 *   1. scoring every account once under the default (explanations off, as
 *      the impact pass itself scores, and on, as a rescore does);
 *   2. `impact` of the default against `rules/examples/default-v2.health`
 *      (a weight moved, a metric and a cap added) over the same accounts.
 * Prints accounts/s and the ratio of (2) to each baseline. Scoring under two
 * versions is two evaluations per account, so ~2× the explanation-free
 * baseline is the floor; the target is impact under 2× of scoring once.
 *
 * Histories are built before timing, so this measures evaluation and the
 * impact bookkeeping (matrix, heap, top movers), not data loading.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { impact } from '../src/analysis/impact.js';
import { compile } from '../src/dsl/index.js';
import type { History, SignalSeries, SignalValue } from '../src/dsl/result.js';
import type { CompiledScorecard } from '../src/dsl/scorecard.js';
import { series } from './support/history.js';
import { collectGarbage, median } from './support/measure.js';
import { random } from './support/random.js';

const here = dirname(fileURLToPath(import.meta.url));
const SCALE = Number(process.env.BENCH_SCALE ?? '1');
const ACCOUNTS = Math.max(1, Math.round(100_000 * SCALE));
const DAY = 86_400_000;
const AS_OF = new Date('2026-06-01T00:00:00Z');

/**
 * One account whose signals follow a hidden "health" q in 0..1, with noise,
 * weekly usage, sign-ins more frequent for healthier accounts, and gaps.
 */
function account(rand: () => number): History {
  const q = rand();
  const ago = (days: number) => AS_OF.getTime() - Math.floor(days * DAY);
  const h = new Map<string, SignalSeries>();
  const seats = 5 + Math.floor(rand() * 200);
  h.set('seats', series([[ago(rand() * 60), seats]]));
  const usage: [number, SignalValue][] = [];
  let users = Math.round(seats * q);
  for (let w = 0; w < 10; w++) {
    usage.push([ago(rand() * 3 + w * 7), users]);
    users = Math.max(0, Math.round(users * (0.85 + rand() * 0.3)));
  }
  h.set('active_users', series(usage));
  const logins: [number, SignalValue][] = [];
  const gap = 1 + Math.round(10 * (1 - q));
  for (let d = rand() * gap; d < 45; d += gap) logins.push([ago(d), 1]);
  h.set('logins', series(logins));
  h.set('onboarding_done', series([[ago(300), rand() < 0.3 + q]]));
  h.set('days_to_value', series([[ago(300), Math.round(60 * (1 - q) * rand())]]));
  if (rand() < 0.9) h.set('nps', series([[ago(rand() * 200), Math.round(200 * q - 100)]]));
  if (rand() < 0.8) h.set('csat', series([[ago(rand() * 100), 1 + Math.round(4 * q)]]));
  h.set('open_tickets', series([[ago(rand() * 40), Math.round(10 * (1 - q) * rand())]]));
  h.set('milestones_missed', series([[ago(rand() * 60), q > 0.5 ? 0 : Math.round(2 * rand())]]));
  h.set('goals_met', series([[ago(rand() * 60), Math.round(q * 100) / 100]]));
  return h;
}

function load(path: string): CompiledScorecard {
  const { scorecard, diagnostics } = compile(readFileSync(join(here, '..', path), 'utf8'));
  if (!scorecard) throw new Error(`${path} does not compile: ${diagnostics[0]?.message}`);
  return scorecard;
}

function time<T>(run: () => T): { ms: number; value: T } {
  collectGarbage();
  const start = performance.now();
  const value = run();
  return { ms: performance.now() - start, value };
}

async function timeAsync<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  collectGarbage();
  const start = performance.now();
  const value = await run();
  return { ms: performance.now() - start, value };
}

const rate = (ms: number) =>
  `${Math.round(ACCOUNTS / (ms / 1000)).toLocaleString('en')} accounts/s`;

// 1. Data and rules.
const rand = random(20_260_601);
const accounts = Array.from({ length: ACCOUNTS }, (_, i) => ({
  id: `acct-${String(i).padStart(6, '0')}`,
  history: account(rand),
}));
const a = load('rules/default.health');
const b = load('rules/examples/default-v2.health');

// 2. Warm up both paths on a slice so the JIT has seen them before timing.
const warm = accounts.slice(0, Math.min(5_000, ACCOUNTS));
for (const { history } of warm) a.evaluateHistory(history, { asOf: AS_OF, explain: true });
await impact(warm, a, b, AS_OF);

// 3. Time it: each measurement three times, interleaved, keeping the median,
//    so a garbage collection or a late JIT tier-up does not decide the ratio.
//    The baselines pass the same kind of options as `impact` (a Date, one
//    shared object) so the comparison is like for like.
const fast = { asOf: AS_OF, explain: false };
const explained = { asOf: AS_OF, explain: true };
const scoreOnce = (options: typeof fast) => () => {
  let scored = 0;
  for (const { history } of accounts) {
    if (a.evaluateHistory(history, options).score !== null) scored++;
  }
  return scored;
};
const runs = { once: [] as number[], explained: [] as number[], diff: [] as number[] };
let scored = 0;
let report = await impact([], a, b, AS_OF);
for (let round = 0; round < 3; round++) {
  const o = time(scoreOnce(fast));
  scored = o.value;
  runs.once.push(o.ms);
  runs.explained.push(time(scoreOnce(explained)).ms);
  const d = await timeAsync(() => impact(accounts, a, b, AS_OF, { topMovers: 20 }));
  report = d.value;
  runs.diff.push(d.ms);
}
const once = { ms: median(runs.once), value: scored };
const onceExplained = { ms: median(runs.explained) };
const diff = { ms: median(runs.diff) };

// 4. Report.
const out = (line: string) => process.stdout.write(`${line}\n`);
out(`accounts: ${ACCOUNTS.toLocaleString('en')} (BENCH_SCALE=${SCALE})`);
out(`scored under default: ${once.value} (${ACCOUNTS - once.value} insufficient data)`);
out(`score once, no explanations:   ${once.ms.toFixed(0)} ms  ${rate(once.ms)}`);
out(`score once, with explanations: ${onceExplained.ms.toFixed(0)} ms  ${rate(onceExplained.ms)}`);
out(`impact default -> default-v2:  ${diff.ms.toFixed(0)} ms  ${rate(diff.ms)}`);
out(`ratio impact / score once (no explanations):   ${(diff.ms / once.ms).toFixed(2)}×`);
out(`ratio impact / score once (with explanations): ${(diff.ms / onceExplained.ms).toFixed(2)}×`);
out(
  `band changed: ${report.bandChanged}, mean change ${report.meanScoreChange?.toFixed(2)}, ` +
    `largest ${report.largestScoreChange?.delta} (${report.largestScoreChange?.account})`,
);
out(`heap memory after: ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB`);
