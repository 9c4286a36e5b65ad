/**
 * Compiles a checked scorecard into an evaluator, once per rule version.
 *
 * Compilation resolves every name to a slot number, turns expressions and
 * scoring curves into closures, computes nominal weights, orders the
 * overrides and builds source locations, so evaluating an account is a
 * straight run over arrays with no name lookups.
 *
 * TODO: the benchmark (`bench/evaluator.bench.ts`) puts this evaluator at
 * roughly 3-6× the time of a hand-written function for the same rules with
 * explanations on (about 2.5× with them off), short of the 1.5× target.
 * Building the explanation (about 30 small objects and strings per account)
 * costs about as much as the whole hand-written function; the rest is
 * closure dispatch and boxed intermediate numbers. Generating one JavaScript
 * function per scorecard for the value-and-score pass would remove the
 * latter; it was not done yet because closures keep the evaluator simple to
 * audit and need no `new Function`.
 *
 * Decisions beyond the language definition:
 * - `asOf` defaults to now; an unparseable `asOf` or observation time
 *   throws a TypeError (a caller's bug, not data).
 * - Coverage counts metrics with a real score (status `ok`); a value that
 *   the curve cannot score (a map key with no entry) is `missing`.
 * - A metric that reads a stale signal is `stale` even when another of its
 *   signals is absent; its reason names the stale signal.
 * - A coverage within 1e-9 of `min_coverage` counts as reaching it, so
 *   weights such as 1/3 + 1/6 meet a 50% threshold.
 * - `min_coverage` written without `%` is read as a fraction when at most
 *   1 and as a percentage above 1.
 * - Reported weights, points, headroom and coverage are rounded to 9
 *   decimals; the score is computed from unrounded points.
 * - The evaluator reuses per-scorecard scratch state, so one compiled
 *   scorecard evaluates one account at a time (evaluation is synchronous).
 */
import {
  alertsOf,
  bandsOf,
  groupsOf,
  minCoverageOf,
  overridesOf,
  signalsOf,
  staleAfterOf,
  testsOf,
  type BandColor,
  type Scorecard,
} from '../ast.js';
import { toLocation } from '../location.js';
import type {
  AlertResult,
  BandInfo,
  EvaluateOptions,
  HealthResult,
  History,
  MetricExplanation,
  MetricStatus,
  Observation,
  OverrideResult,
  SignalInfo,
  SourceLocation,
  TestResult,
} from '../result.js';
import type { AlertInfo, CompiledScorecard, MetricInfo } from '../scorecard.js';
import { DAY_MS, EvalContext, type Fn, type SignalSlot, type Value } from './context.js';
import { explainMetric, type MetricFacts } from './explain.js';
import { compileExpr, signalsRead } from './expr.js';
import { buildHistory, parseTime } from './history.js';
import { clampScore, clean, isoTime, roundScore } from './numbers.js';
import {
  applyManualOverride,
  applyRuleOverrides,
  bandIndexFor,
  type CompiledOverride,
  type Standing,
} from './overrides.js';
import { compileScoring, literalText, type ScoreFn } from './scoring.js';
import { runTestBlocks } from './tests.js';
import { effectiveWeights, planWeights, type WeightPlan } from './weights.js';

export interface CompileScorecardOptions {
  /** The file name shown in source locations. */
  file?: string | undefined;
}

/** Builds the evaluator of a checked scorecard. */
export function compileScorecard(
  card: Scorecard,
  options: CompileScorecardOptions = {},
): CompiledScorecard {
  return new ScorecardEvaluator(card, options.file);
}

/** The default share of nominal weight that must be backed by real data. */
export const DEFAULT_MIN_COVERAGE = 0.5;

const COVERAGE_EPSILON = 1e-9;

// Metric statuses as small integers in the scratch arrays.
const OK = 0;
const MISSING = 1;
const STALE = 2;
const IMPUTED = 3;
const STATUS_NAMES: readonly MetricStatus[] = ['ok', 'missing', 'stale', 'imputed'];

interface CompiledMetric extends MetricFacts {
  expr: Fn;
  score: ScoreFn;
  /** The score of `missing -> N`, or -1. */
  imputed: number;
  imputedBranch: string | null;
}

interface CompiledAlert extends AlertInfo {
  when: Fn;
  signals: readonly number[];
  location: SourceLocation;
}

class ScorecardEvaluator implements CompiledScorecard {
  readonly title: string;
  readonly signals: readonly SignalInfo[];
  readonly metrics: readonly MetricInfo[];
  readonly bands: readonly BandInfo[];
  readonly alerts: readonly AlertInfo[];
  readonly minCoverage: number;

  private readonly compiledMetrics: readonly CompiledMetric[];
  private readonly compiledAlerts: readonly CompiledAlert[];
  private readonly overrides: readonly CompiledOverride[];
  private readonly weights: WeightPlan;
  private readonly ctx: EvalContext;
  /** The last as-of and its ISO text: a batch scores many accounts at one time. */
  private asOfTime = NaN;
  private asOfText = '';
  private readonly standing: Standing = { score: null, band: -1 };

  // Scratch space reused by every evaluation.
  private readonly values: Value[];
  private readonly scores: Float64Array;
  private readonly statuses: Uint8Array;
  private readonly reasons: (string | null)[];
  private readonly branches: (string | null)[];
  private readonly scored: Uint8Array;
  private readonly effective: Float64Array;
  private readonly groupSums: Float64Array;

  constructor(
    readonly ast: Scorecard,
    readonly file: string | undefined,
  ) {
    const card = ast;
    const loc = (range: Scorecard['range']): SourceLocation =>
      Object.freeze(toLocation(range, file));
    this.title = card.title.value;

    // 1. Signals become slots; max_age falls back to stale_after, then never.
    const staleAfter = staleAfterOf(card);
    const slots: SignalSlot[] = signalsOf(card).map((s) => {
      const days = s.maxAge?.days ?? staleAfter?.days;
      return {
        name: s.name.name,
        type: s.type,
        maxAgeMs: days === undefined ? Infinity : days * DAY_MS,
        noValue: `no value for ${s.name.name}`,
        stale: `stale signal ${s.name.name}`,
        wrongType: `${s.name.name} is not a ${s.type}`,
      };
    });
    const slotIndex = new Map(slots.map((s, i) => [s.name, i]));
    const slotOf = (name: string): number => slotIndex.get(name) ?? -1;
    this.signals = slots.map((s) => ({
      name: s.name,
      type: s.type,
      maxAgeDays: s.maxAgeMs === Infinity ? null : s.maxAgeMs / DAY_MS,
    }));
    this.ctx = new EvalContext(slots);

    // 2. Metrics: expressions and curves to closures, nominal weights.
    const groups = groupsOf(card);
    this.weights = planWeights(groups);
    const compiled: CompiledMetric[] = [];
    const infos: MetricInfo[] = [];
    for (const g of groups) {
      for (const m of g.metrics) {
        const nominalWeight = this.weights.nominal[compiled.length] as number;
        compiled.push({
          group: g.name.name,
          metric: m.name.name,
          nominalWeight,
          reportedNominalWeight: clean(nominalWeight),
          signals: signalsRead(m.expr, slotOf),
          location: loc(m.range),
          expr: compileExpr(m.expr, slotOf, slots),
          score: compileScoring(m.scoring),
          imputed: m.missing ? clampScore(m.missing.value) : -1,
          imputedBranch: m.missing ? `missing -> ${literalText(m.missing)}` : null,
        });
        infos.push({
          group: g.name.name,
          metric: m.name.name,
          weight: m.weight.value,
          groupWeight: g.weight.value,
          nominalWeight,
        });
      }
    }
    this.compiledMetrics = compiled;
    this.metrics = infos;

    // 3. Bands, in declared order (best first).
    this.bands = bandsOf(card).map((b) => ({
      name: b.name.name,
      from: b.from.value,
      color: b.color.name as BandColor,
      action: b.action?.value ?? null,
    }));
    const bandIndex = (name: string): number => this.bands.findIndex((b) => b.name === name);

    // 4. Overrides: floors before caps, each kind in declared order, because
    // that is the order the language applies them in.
    const declared = overridesOf(card);
    this.overrides = [
      ...declared.filter((o) => o.type === 'floor'),
      ...declared.filter((o) => o.type === 'cap'),
    ]
      .filter((o) => bandIndex(o.band.name) >= 0)
      .map((o) => ({
        kind: o.type,
        band: bandIndex(o.band.name),
        when: compileExpr(o.when, slotOf, slots),
        reason: o.reason?.value ?? null,
        signals: signalsRead(o.when, slotOf),
        location: loc(o.range),
      }));

    // 5. Alerts, in declared order.
    this.compiledAlerts = alertsOf(card).map((a) => ({
      name: a.name.name,
      severity: a.severity ?? 'medium',
      message: a.message?.value ?? null,
      when: compileExpr(a.when, slotOf, slots),
      signals: signalsRead(a.when, slotOf),
      location: loc(a.range),
    }));
    this.alerts = this.compiledAlerts.map((a) => ({
      name: a.name,
      severity: a.severity,
      message: a.message,
    }));

    const minCoverage = minCoverageOf(card);
    this.minCoverage =
      minCoverage === undefined
        ? DEFAULT_MIN_COVERAGE
        : minCoverage.percent || minCoverage.value <= 1
          ? minCoverage.value
          : minCoverage.value / 100;

    // 6. Scratch space for evaluations.
    const n = compiled.length;
    this.values = new Array<Value>(n).fill(undefined);
    this.scores = new Float64Array(n);
    this.statuses = new Uint8Array(n);
    this.reasons = new Array<string | null>(n).fill(null);
    this.branches = new Array<string | null>(n).fill(null);
    this.scored = new Uint8Array(n);
    this.effective = new Float64Array(n);
    this.groupSums = new Float64Array(groups.length);
  }

  evaluate(observations: readonly Observation[], options?: EvaluateOptions): HealthResult {
    return this.evaluateHistory(buildHistory(observations), options);
  }

  evaluateHistory(history: History, options: EvaluateOptions = {}): HealthResult {
    const asOf = options.asOf === undefined ? Date.now() : parseTime(options.asOf, 'asOf');
    const c = this.ctx;
    c.begin(history, asOf);
    const metrics = this.compiledMetrics;
    const n = metrics.length;

    // 1. Each metric's value and score; the reason when it has none.
    let coverage = 0;
    for (let i = 0; i < n; i++) {
      const m = metrics[i] as CompiledMetric;
      c.clearReason();
      c.branch = null;
      const value = m.expr(c);
      const score = value === undefined ? -1 : m.score(c, value);
      let status = OK;
      if (score >= 0) {
        coverage += m.nominalWeight;
        this.scores[i] = score;
        this.branches[i] = c.branch;
      } else if (m.imputed >= 0) {
        status = IMPUTED;
        this.scores[i] = m.imputed;
        this.branches[i] = m.imputedBranch;
      } else {
        status = c.stale ? STALE : MISSING;
        this.scores[i] = -1;
        this.branches[i] = null;
      }
      this.values[i] = value;
      this.statuses[i] = status;
      this.reasons[i] = status === OK ? null : c.reason;
      this.scored[i] = this.scores[i]! >= 0 ? 1 : 0;
    }

    // 2. Effective weights over the metrics that have a score, and the score.
    effectiveWeights(this.weights, this.scored, this.effective, this.groupSums);
    const sufficient = coverage + COVERAGE_EPSILON >= this.minCoverage;
    let raw = 0;
    for (let i = 0; i < n; i++) {
      if (this.scored[i] === 1) raw += this.effective[i]! * this.scores[i]!;
    }
    const standing = this.standing;
    standing.score = null;
    standing.band = -1;
    if (sufficient) {
      standing.score = roundScore(clampScore(raw));
      standing.band = bandIndexFor(this.bands, standing.score);
    }

    // 3. Overrides: the rules' own, then the manual one.
    const overrides: OverrideResult[] = [];
    applyRuleOverrides(c, this.overrides, this.bands, standing, overrides);
    applyManualOverride(options.manualOverride, asOf, this.bands, standing, overrides);

    // 4. Alerts whose condition holds.
    const alerts: AlertResult[] = [];
    for (const a of this.compiledAlerts) {
      c.clearReason();
      if (a.when(c) !== true) continue;
      alerts.push({
        name: a.name,
        severity: a.severity,
        message: a.message,
        signals: c.readingsOf(a.signals),
        location: a.location,
      });
    }

    const result: HealthResult = {
      status: sufficient ? 'scored' : 'insufficient_data',
      score: standing.score,
      rawScore: sufficient ? clean(raw) : null,
      band: standing.band >= 0 ? this.bands[standing.band]!.name : null,
      coverage: clean(coverage),
      asOf: this.isoAsOf(asOf),
      overrides,
      alerts,
    };

    // 5. The explanation, unless turned off.
    if (options.explain !== false) result.metrics = this.explain(c);
    return result;
  }

  private isoAsOf(asOf: number): string {
    if (asOf !== this.asOfTime) {
      this.asOfTime = asOf;
      this.asOfText = isoTime(asOf);
    }
    return this.asOfText;
  }

  private explain(c: EvalContext): MetricExplanation[] {
    const metrics = this.compiledMetrics;
    const out = new Array<MetricExplanation>(metrics.length);
    for (let i = 0; i < metrics.length; i++) {
      out[i] = explainMetric(
        c,
        metrics[i] as CompiledMetric,
        this.values[i],
        this.scores[i] as number,
        STATUS_NAMES[this.statuses[i] as number] as MetricStatus,
        this.reasons[i] as string | null,
        this.branches[i] as string | null,
        this.effective[i] as number,
      );
    }
    return out;
  }

  runTests(): TestResult[] {
    return runTestBlocks(testsOf(this.ast), (obs, opts) => this.evaluate(obs, opts), this.file);
  }
}
