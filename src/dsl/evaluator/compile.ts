/**
 * Compiles a checked scorecard into an evaluator, once per rule version.
 *
 * Compilation resolves every name to a slot number, turns expressions and
 * scoring curves into code, computes nominal weights, orders the
 * overrides and builds source locations, so evaluating an account is a
 * straight run over arrays with no name lookups.
 *
 * The rules' expressions run as one generated JavaScript function per
 * scorecard (`codegen.ts`), with the closures of `expr.ts`/`scoring.ts` as
 * the reference and the fallback where generating code is forbidden. Chosen
 * by `npm run bench -- evaluator` (100,000 accounts, SPEC example rules,
 * against hand-written TypeScript producing a deep-equal `HealthResult`;
 * medians of 5 passes, three runs each on a shared 2-core machine under a
 * load of 5-7, so single figures vary by ±30%; the ratios are steadier):
 *
 *   | explanations | closures (before)      | generated (now)         |
 *   | on           | 160-210k/s, 0.94-1.27× | 200-250k/s, 0.93-1.05×  |
 *   | off          | 270-350k/s, 1.37-1.66× | 400-560k/s, 1.08-1.25×  |
 *
 * A profile with explanations on put a quarter of the evaluator's own time
 * in expression closures and a seventh in signal loads; the rest is the
 * explanation itself (objects, readings, formatted times) and garbage
 * collection, which any implementation pays, hand-written code included.
 * Two changes made the difference: generated code (no closure dispatch,
 * curves as if-chains over literals) and canonical signal-name strings
 * (the lexer hands out slices of the source, and a history lookup keyed
 * by a slice compared characters on every hit; signal loads were about a
 * third of the evaluator's time with explanations off, half that after).
 * Cutting allocations further was not worth much: the evaluator already
 * allocated less per account than the plain hand-written code does.
 * Generation adds about 1 ms to compiling a 200-metric scorecard; on that
 * scorecard both passes evaluate at about the same speed, because the
 * history functions it calls dominate.
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
import { generatePass } from './codegen.js';
import { DAY_MS, EvalContext, type SignalSlot } from './context.js';
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
import {
  closurePass,
  newScratch,
  type PassMetric,
  type PassPlan,
  type Scratch,
  type ValuePass,
} from './pass.js';
import { compileScoring, literalText } from './scoring.js';
import { runTestBlocks } from './tests.js';
import { effectiveWeights, planWeights, type WeightPlan } from './weights.js';

export interface CompileScorecardOptions {
  /** The file name shown in source locations. */
  file?: string | undefined;
  /**
   * How the rules' expressions run: `generated` (the default) compiles them
   * to one JavaScript function, falling back to `closures` where the host
   * forbids generating code; `closures` forces the reference implementation.
   */
  valuePass?: 'generated' | 'closures';
}

/** A compiled scorecard that says which value pass it runs. */
export interface ScorecardEvaluation extends CompiledScorecard {
  readonly valuePass: 'generated' | 'closures';
}

/** Builds the evaluator of a checked scorecard. */
export function compileScorecard(
  card: Scorecard,
  options: CompileScorecardOptions = {},
): ScorecardEvaluation {
  return new ScorecardEvaluator(card, options.file, options.valuePass ?? 'generated');
}

/** The default share of nominal weight that must be backed by real data. */
export const DEFAULT_MIN_COVERAGE = 0.5;

const COVERAGE_EPSILON = 1e-9;

/** Status names by the numbers of `pass.ts` (OK, MISSING, STALE, IMPUTED). */
const STATUS_NAMES: readonly MetricStatus[] = ['ok', 'missing', 'stale', 'imputed'];

interface CompiledAlert extends AlertInfo {
  signals: readonly number[];
  location: SourceLocation;
}

class ScorecardEvaluator implements ScorecardEvaluation {
  readonly title: string;
  readonly signals: readonly SignalInfo[];
  readonly metrics: readonly MetricInfo[];
  readonly bands: readonly BandInfo[];
  readonly alerts: readonly AlertInfo[];
  readonly minCoverage: number;

  /** Which implementation of the value pass runs (see `CompileScorecardOptions`). */
  readonly valuePass: 'generated' | 'closures';

  private readonly compiledMetrics: readonly MetricFacts[];
  private readonly compiledAlerts: readonly CompiledAlert[];
  private readonly overrides: readonly CompiledOverride[];
  private readonly weights: WeightPlan;
  private readonly ctx: EvalContext;
  /** The last as-of and its ISO text: a batch scores many accounts at one time. */
  private asOfTime = NaN;
  private asOfText = '';
  private readonly standing: Standing = { score: null, band: -1 };

  private readonly pass: ValuePass;
  // Scratch space reused by every evaluation.
  private readonly scratch: Scratch;
  private readonly effective: Float64Array;
  private readonly groupSums: Float64Array;

  constructor(
    readonly ast: Scorecard,
    readonly file: string | undefined,
    valuePass: 'generated' | 'closures',
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
        name: intern(s.name.name),
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

    // 2. Metrics: what the value pass and the explanation need, nominal weights.
    const groups = groupsOf(card);
    this.weights = planWeights(groups);
    const compiled: MetricFacts[] = [];
    const passMetrics: PassMetric[] = [];
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
        });
        passMetrics.push({
          expr: m.expr,
          scoring: m.scoring,
          nominalWeight,
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
    const overrides = [
      ...declared.filter((o) => o.type === 'floor'),
      ...declared.filter((o) => o.type === 'cap'),
    ].filter((o) => bandIndex(o.band.name) >= 0);
    this.overrides = overrides.map((o) => ({
      kind: o.type,
      band: bandIndex(o.band.name),
      reason: o.reason?.value ?? null,
      signals: signalsRead(o.when, slotOf),
      location: loc(o.range),
    }));

    // 5. Alerts, in declared order.
    const alerts = alertsOf(card);
    this.compiledAlerts = alerts.map((a) => ({
      name: a.name.name,
      severity: a.severity ?? 'medium',
      message: a.message?.value ?? null,
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

    // 6. The value pass: conditions of the overrides in the order they
    // apply, then the alerts', so `fired` lines up with both lists.
    const plan: PassPlan = {
      metrics: passMetrics,
      conditions: [...overrides.map((o) => o.when), ...alerts.map((a) => a.when)],
      slotOf,
      slots,
    };
    const generated = valuePass === 'generated' ? tryGenerate(plan) : null;
    this.valuePass = generated ? 'generated' : 'closures';
    this.pass =
      generated ??
      closurePass(
        plan,
        (e) => compileExpr(e, slotOf, slots),
        (scoring) => compileScoring(scoring),
      );

    // 7. Scratch space for evaluations.
    this.scratch = newScratch(plan);
    this.effective = new Float64Array(compiled.length);
    this.groupSums = new Float64Array(groups.length);
  }

  evaluate(observations: readonly Observation[], options?: EvaluateOptions): HealthResult {
    return this.evaluateHistory(buildHistory(observations), options);
  }

  evaluateHistory(history: History, options: EvaluateOptions = {}): HealthResult {
    const asOf = options.asOf === undefined ? Date.now() : parseTime(options.asOf, 'asOf');
    const c = this.ctx;
    c.begin(history, asOf);
    const s = this.scratch;
    const n = this.compiledMetrics.length;

    // 1. Each metric's value and score (the reason when it has none), and
    // which override and alert conditions hold.
    const coverage = this.pass(c, s);

    // 2. Effective weights over the metrics that have a score, and the score.
    effectiveWeights(this.weights, s.scored, this.effective, this.groupSums);
    const sufficient = coverage + COVERAGE_EPSILON >= this.minCoverage;
    let raw = 0;
    for (let i = 0; i < n; i++) {
      if (s.scored[i] === 1) raw += this.effective[i]! * s.scores[i]!;
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
    applyRuleOverrides(c, this.overrides, s.fired, this.bands, standing, overrides);
    applyManualOverride(options.manualOverride, asOf, this.bands, standing, overrides);

    // 4. Alerts whose condition holds.
    const alerts: AlertResult[] = [];
    const firstAlert = this.overrides.length;
    for (let k = 0; k < this.compiledAlerts.length; k++) {
      if (s.fired[firstAlert + k] !== 1) continue;
      const a = this.compiledAlerts[k] as CompiledAlert;
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
    const s = this.scratch;
    const out = new Array<MetricExplanation>(metrics.length);
    for (let i = 0; i < metrics.length; i++) {
      out[i] = explainMetric(
        c,
        metrics[i] as MetricFacts,
        s.values[i],
        s.scores[i] as number,
        STATUS_NAMES[s.statuses[i] as number] as MetricStatus,
        s.reasons[i] as string | null,
        s.branches[i] as string | null,
        this.effective[i] as number,
      );
    }
    return out;
  }

  runTests(): TestResult[] {
    return runTestBlocks(testsOf(this.ast), (obs, opts) => this.evaluate(obs, opts), this.file);
  }
}

/** The generated value pass, or null where the host forbids generating code. */
function tryGenerate(plan: PassPlan): ValuePass | null {
  try {
    return generatePass(plan);
  } catch (error) {
    if (error instanceof EvalError) return null;
    throw error;
  }
}

/**
 * The engine's canonical copy of `text`. Names come out of the lexer as
 * slices of the whole source; a history lookup keyed by such a slice
 * compares characters on every hit, where a canonical string (as every
 * literal in a caller's code is) mostly compares as one pointer.
 */
function intern(text: string): string {
  return Object.keys({ [text]: 0 })[0] as string;
}
