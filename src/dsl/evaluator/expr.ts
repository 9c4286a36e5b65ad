/**
 * Expressions compiled to closures, once per rule version.
 *
 * Each node becomes a function of the evaluation context; operator choice
 * and literal values are resolved at compile time, so evaluating an
 * expression is a few direct calls.
 *
 * Decisions:
 * - Missing propagates through every operator, `and`/`or`/`not` included,
 *   exactly as the language defines: `present(s)` is the way to test for
 *   absence. At the top of a `when`, missing means "does not hold".
 * - An operand of the wrong type (a text where a number is needed, values of
 *   different types compared) is missing with the reason `wrong type`.
 * - Division by zero and any non-finite result are missing.
 * - A duration used as a value outside a function means its length in days.
 */
import type { BinaryOperator, Expr } from '../ast.js';
import type { EvalContext, Fn, SignalSlot, Value } from './context.js';
import { compileCall, type SlotOf } from './functions.js';

const WRONG_TYPE = 'wrong type';

/** Compiles an expression; unknown signal names (the checker forbids them) are missing. */
export function compileExpr(expr: Expr, slotOf: SlotOf, slots: readonly SignalSlot[]): Fn {
  switch (expr.kind) {
    case 'Number':
    case 'String':
    case 'Boolean': {
      const value = expr.value;
      return () => value;
    }
    case 'Duration': {
      const days = expr.days;
      return () => days;
    }
    case 'Ref': {
      const slot = slotOf(expr.name);
      if (slot < 0) {
        const reason = `unknown signal ${expr.name}`;
        return (c) => c.miss(reason);
      }
      return (c) => c.current(slot);
    }
    case 'Paren':
      return compileExpr(expr.expr, slotOf, slots);
    case 'Unary': {
      const operand = compileExpr(expr.operand, slotOf, slots);
      if (expr.op === '-') {
        return (c) => {
          const v = operand(c);
          return typeof v === 'number' ? -v : wrong(c, v);
        };
      }
      return (c) => {
        const v = operand(c);
        return typeof v === 'boolean' ? !v : wrong(c, v);
      };
    }
    case 'Binary':
      return binary(
        expr.op,
        compileExpr(expr.left, slotOf, slots),
        compileExpr(expr.right, slotOf, slots),
      );
    case 'Call':
      return compileCall(expr, slotOf, slots);
  }
}

/** Missing stays missing (its reason is already recorded); anything else is a type error. */
export function wrong(c: EvalContext, v: Value): undefined {
  return v === undefined ? undefined : c.miss(WRONG_TYPE);
}

/** `wrong` for two operands: missing when either is, else a type error. */
export function wrong2(c: EvalContext, a: Value, b: Value): undefined {
  return a === undefined || b === undefined ? undefined : c.miss(WRONG_TYPE);
}

function binary(op: BinaryOperator, l: Fn, r: Fn): Fn {
  switch (op) {
    case '+':
      return (c) => {
        const a = l(c);
        const b = r(c);
        return typeof a === 'number' && typeof b === 'number' ? c.finite(a + b) : wrong2(c, a, b);
      };
    case '-':
      return (c) => {
        const a = l(c);
        const b = r(c);
        return typeof a === 'number' && typeof b === 'number' ? c.finite(a - b) : wrong2(c, a, b);
      };
    case '*':
      return (c) => {
        const a = l(c);
        const b = r(c);
        return typeof a === 'number' && typeof b === 'number' ? c.finite(a * b) : wrong2(c, a, b);
      };
    case '/':
      return (c) => {
        const a = l(c);
        const b = r(c);
        if (typeof a !== 'number' || typeof b !== 'number') return wrong2(c, a, b);
        return b === 0 ? c.miss('division by zero') : c.finite(a / b);
      };
    case '<':
      return (c) => {
        const a = l(c);
        const b = r(c);
        return typeof a === 'number' && typeof b === 'number' ? a < b : wrong2(c, a, b);
      };
    case '<=':
      return (c) => {
        const a = l(c);
        const b = r(c);
        return typeof a === 'number' && typeof b === 'number' ? a <= b : wrong2(c, a, b);
      };
    case '>':
      return (c) => {
        const a = l(c);
        const b = r(c);
        return typeof a === 'number' && typeof b === 'number' ? a > b : wrong2(c, a, b);
      };
    case '>=':
      return (c) => {
        const a = l(c);
        const b = r(c);
        return typeof a === 'number' && typeof b === 'number' ? a >= b : wrong2(c, a, b);
      };
    case '==':
      return (c) => {
        const a = l(c);
        const b = r(c);
        if (a === undefined || b === undefined) return undefined;
        return typeof a === typeof b ? a === b : c.miss(WRONG_TYPE);
      };
    case '!=':
      return (c) => {
        const a = l(c);
        const b = r(c);
        if (a === undefined || b === undefined) return undefined;
        return typeof a === typeof b ? a !== b : c.miss(WRONG_TYPE);
      };
    case 'and':
      return (c) => {
        const a = l(c);
        const b = r(c);
        return typeof a === 'boolean' && typeof b === 'boolean' ? a && b : wrong2(c, a, b);
      };
    case 'or':
      return (c) => {
        const a = l(c);
        const b = r(c);
        return typeof a === 'boolean' && typeof b === 'boolean' ? a || b : wrong2(c, a, b);
      };
  }
}

/** The declared signals an expression reads, each once, in source order. */
export function signalsRead(expr: Expr, slotOf: SlotOf): number[] {
  const out: number[] = [];
  const visit = (e: Expr): void => {
    switch (e.kind) {
      case 'Ref': {
        const slot = slotOf(e.name);
        if (slot >= 0 && !out.includes(slot)) out.push(slot);
        return;
      }
      case 'Paren':
        return visit(e.expr);
      case 'Unary':
        return visit(e.operand);
      case 'Binary':
        visit(e.left);
        return visit(e.right);
      case 'Call':
        return e.args.forEach(visit);
      default:
        return;
    }
  };
  visit(expr);
  return out;
}
