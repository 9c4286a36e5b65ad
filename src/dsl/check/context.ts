/**
 * What every rule of the checker reads: the scorecard's symbol tables, built
 * once, the inferred types of its expressions, and the place to report.
 *
 * Tables keep the first declaration of a name; later ones are duplicates,
 * reported by NamesAreUniqueRule and otherwise ignored, so the other rules see
 * one meaning per name.
 */
import * as ast from '../ast.js';
import { error, warning, type Diagnostic, type DiagnosticCode } from '../diagnostics.js';
import { inferType, type ExprType } from './types.js';

/** A metric with the group it belongs to. */
export interface MetricEntry {
  decl: ast.MetricDecl;
  group: ast.GroupDecl;
  /** `group.metric`, the name explanations use. */
  fullName: string;
}

/** A signal with its effective `max_age` (its own, else `stale_after`). */
export interface SignalEntry {
  decl: ast.SignalDecl;
  type: ast.SignalType;
  /** In days; undefined when the signal never goes stale. */
  maxAgeDays?: number;
}

/** A `when` condition with the declaration it belongs to. */
export interface Condition {
  expr: ast.Expr;
  owner: ast.OverrideDecl | ast.AlertDecl;
}

/** The shared state of one run of the checker over one scorecard. */
export class CheckContext {
  readonly signals = new Map<string, SignalEntry>();
  readonly groups = new Map<string, ast.GroupDecl>();
  /** Every metric in source order, duplicates included. */
  readonly allMetrics: MetricEntry[] = [];
  /** The first metric of each name. */
  readonly metrics = new Map<string, MetricEntry>();
  readonly bands = new Map<string, ast.BandDecl>();
  readonly alerts = new Map<string, ast.AlertDecl>();
  /** The `when` conditions of caps, floors and alerts, in source order. */
  readonly conditions: Condition[] = [];
  readonly diagnostics: Diagnostic[] = [];

  private readonly types = new Map<ast.Expr, ExprType>();
  private nominal?: Map<ast.MetricDecl, number>;

  constructor(readonly card: ast.Scorecard) {
    const staleAfter = ast.staleAfterOf(card)?.days;
    for (const decl of ast.signalsOf(card)) {
      if (this.signals.has(decl.name.name)) continue;
      const maxAgeDays = decl.maxAge?.days ?? staleAfter;
      this.signals.set(decl.name.name, { decl, type: decl.type, maxAgeDays });
    }
    for (const group of ast.groupsOf(card)) {
      if (!this.groups.has(group.name.name)) this.groups.set(group.name.name, group);
      for (const decl of group.metrics) {
        const entry = { decl, group, fullName: `${group.name.name}.${decl.name.name}` };
        this.allMetrics.push(entry);
        if (!this.metrics.has(decl.name.name)) this.metrics.set(decl.name.name, entry);
      }
    }
    for (const band of ast.bandsOf(card)) {
      if (!this.bands.has(band.name.name)) this.bands.set(band.name.name, band);
    }
    for (const decl of card.body) {
      if (decl.kind === 'Alert' && !this.alerts.has(decl.name.name)) {
        this.alerts.set(decl.name.name, decl);
      }
      if (decl.kind === 'Alert' || decl.kind === 'Override') {
        this.conditions.push({ expr: decl.when, owner: decl });
      }
    }
  }

  /** Every expression root of the scorecard: metric expressions, then conditions. */
  expressions(): ast.Expr[] {
    return [...this.allMetrics.map((m) => m.decl.expr), ...this.conditions.map((c) => c.expr)];
  }

  /** The inferred type of an expression, computed once per node. */
  typeOf(expr: ast.Expr): ExprType {
    return inferType(expr, (name) => this.signals.get(name)?.type, this.types);
  }

  /**
   * A metric's nominal weight, `(Wg / ΣWg) × (Wm / ΣWm in its group)`, as a
   * fraction of 1. Undefined when a weight it depends on is not positive,
   * since the share is then meaningless (HR107 reports the weight).
   */
  nominalWeight(metric: ast.MetricDecl): number | undefined {
    this.nominal ??= this.computeNominalWeights();
    return this.nominal.get(metric);
  }

  /** Reports a problem that keeps the file from being published. */
  error(code: DiagnosticCode, message: string, range: ast.Range): void {
    this.diagnostics.push(error(code, message, range));
  }

  /** Reports a likely mistake that does not block publishing. */
  warning(code: DiagnosticCode, message: string, range: ast.Range): void {
    this.diagnostics.push(warning(code, message, range));
  }

  private computeNominalWeights(): Map<ast.MetricDecl, number> {
    const weights = new Map<ast.MetricDecl, number>();
    const groups = ast.groupsOf(this.card);
    if (!groups.every((g) => isPositive(g.weight.value))) return weights;
    const groupTotal = sum(groups.map((g) => g.weight.value));
    for (const group of groups) {
      if (!group.metrics.every((m) => isPositive(m.weight.value))) continue;
      const metricTotal = sum(group.metrics.map((m) => m.weight.value));
      for (const metric of group.metrics) {
        const share = (group.weight.value / groupTotal) * (metric.weight.value / metricTotal);
        weights.set(metric, share);
      }
    }
    return weights;
  }
}

/** A weight the language accepts: a finite number above 0. */
export function isPositive(value: number): boolean {
  return Number.isFinite(value) && value > 0;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/**
 * Calls `visit` on an expression and every expression inside it, parents
 * before children. Returning false from `visit` skips the node's children.
 */
export function walkExpr(expr: ast.Expr, visit: (node: ast.Expr) => boolean | void): void {
  if (visit(expr) === false) return;
  switch (expr.kind) {
    case 'Paren':
      walkExpr(expr.expr, visit);
      break;
    case 'Unary':
      walkExpr(expr.operand, visit);
      break;
    case 'Binary':
      walkExpr(expr.left, visit);
      walkExpr(expr.right, visit);
      break;
    case 'Call':
      for (const arg of expr.args) walkExpr(arg, visit);
      break;
    default:
      break;
  }
}

/** The expression inside any parentheses: `((x))` is `x`. */
export function unwrapParens(expr: ast.Expr): ast.Expr {
  return expr.kind === 'Paren' ? unwrapParens(expr.expr) : expr;
}

/** A number as a message shows it: `0.25` stays `0.25`, no float noise. */
export function formatNumber(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/** A number as written when the source has it, else formatted. */
export function literalText(literal: ast.NumberLiteral): string {
  return literal.text || formatNumber(literal.value);
}

/** One semantic check: reads the context, reports diagnostics, never throws. */
export type CheckRule = (ctx: CheckContext) => void;
