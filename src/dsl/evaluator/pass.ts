/**
 * The value pass: the part of an evaluation that runs the rules' own
 * expressions. For one account it computes every metric's value, score,
 * status, reason and branch, and whether each override and alert condition
 * holds; weights, overrides and the explanation are built from its output.
 *
 * There are two implementations with one meaning: the closures of
 * `expr.ts` and `scoring.ts` (`closurePass`, below), and one JavaScript
 * function generated per scorecard (`codegen.ts`). The closures are the
 * reference the generated code is tested against, and the fallback where
 * generating code is not allowed.
 */
import type { Expr, Scoring } from '../ast.js';
import type { EvalContext, Fn, SignalSlot, Value } from './context.js';
import type { SlotOf } from './functions.js';
import type { ScoreFn } from './scoring.js';

// Metric statuses as small integers in the scratch arrays.
export const OK = 0;
export const MISSING = 1;
export const STALE = 2;
export const IMPUTED = 3;

/** What the value pass needs to know about one metric. */
export interface PassMetric {
  expr: Expr;
  scoring: Scoring;
  nominalWeight: number;
  /** The score of `missing -> N`, or -1. */
  imputed: number;
  imputedBranch: string | null;
}

/** Everything the value pass reads, fixed at compile time. */
export interface PassPlan {
  metrics: readonly PassMetric[];
  /** Override conditions in the order they apply, then alert conditions. */
  conditions: readonly Expr[];
  slotOf: SlotOf;
  slots: readonly SignalSlot[];
}

/** Per-scorecard scratch space the value pass fills, reused by every account. */
export interface Scratch {
  values: Value[];
  /** -1 when the metric has no score (not even an imputed one). */
  scores: Float64Array;
  statuses: Uint8Array;
  reasons: (string | null)[];
  branches: (string | null)[];
  /** 1 when the metric has a score, real or imputed. */
  scored: Uint8Array;
  /** Per condition of `PassPlan.conditions`: 1 when it holds. */
  fired: Uint8Array;
}

/** Fills `s` for the account loaded in `c`; returns the coverage. */
export type ValuePass = (c: EvalContext, s: Scratch) => number;

/** Allocates the scratch space for a plan. */
export function newScratch(plan: PassPlan): Scratch {
  const n = plan.metrics.length;
  return {
    values: new Array<Value>(n).fill(undefined),
    scores: new Float64Array(n),
    statuses: new Uint8Array(n),
    reasons: new Array<string | null>(n).fill(null),
    branches: new Array<string | null>(n).fill(null),
    scored: new Uint8Array(n),
    fired: new Uint8Array(plan.conditions.length),
  };
}

interface ClosureMetric extends PassMetric {
  run: Fn;
  score: ScoreFn;
}

/** The value pass as closures; `compileExpr` and `compileScoring` build them. */
export function closurePass(
  plan: PassPlan,
  compileExpr: (e: Expr) => Fn,
  compileScoring: (s: Scoring) => ScoreFn,
): ValuePass {
  const metrics: ClosureMetric[] = plan.metrics.map((m) => ({
    ...m,
    run: compileExpr(m.expr),
    score: compileScoring(m.scoring),
  }));
  const conditions = plan.conditions.map(compileExpr);

  return (c, s) => {
    let coverage = 0;
    for (let i = 0; i < metrics.length; i++) {
      const m = metrics[i] as ClosureMetric;
      c.clearReason();
      c.branch = null;
      const value = m.run(c);
      const score = value === undefined ? -1 : m.score(c, value);
      let status = OK;
      if (score >= 0) {
        coverage += m.nominalWeight;
        s.scores[i] = score;
        s.branches[i] = c.branch;
      } else if (m.imputed >= 0) {
        status = IMPUTED;
        s.scores[i] = m.imputed;
        s.branches[i] = m.imputedBranch;
      } else {
        status = c.stale ? STALE : MISSING;
        s.scores[i] = -1;
        s.branches[i] = null;
      }
      s.values[i] = value;
      s.statuses[i] = status;
      s.reasons[i] = status === OK ? null : c.reason;
      s.scored[i] = (s.scores[i] as number) >= 0 ? 1 : 0;
    }
    for (let k = 0; k < conditions.length; k++) {
      c.clearReason();
      s.fired[k] = (conditions[k] as Fn)(c) === true ? 1 : 0;
    }
    return coverage;
  };
}
