/**
 * Type inference for expressions.
 *
 * Every expression has one of four types, or `unknown` when its type cannot
 * be known because of a problem reported elsewhere (an unknown signal, an
 * unknown function, an operator applied to the wrong operands). Checks treat
 * `unknown` as compatible with everything, so one mistake yields one
 * diagnostic rather than a cascade of consequences.
 */
import type { Expr, SignalType } from '../ast.js';
import { lookupFunction } from './functions.js';

/** The type of an expression's value. `duration` only appears as a literal. */
export type ExprType = SignalType | 'duration' | 'unknown';

/** Resolves a signal name to its declared type, undefined when not declared. */
export type SignalTypes = (name: string) => SignalType | undefined;

/** The type an expression evaluates to; results are memoised in `cache`. */
export function inferType(
  expr: Expr,
  signalType: SignalTypes,
  cache: Map<Expr, ExprType> = new Map(),
): ExprType {
  const known = cache.get(expr);
  if (known !== undefined) return known;
  const type = infer(expr, signalType, cache);
  cache.set(expr, type);
  return type;
}

function infer(expr: Expr, signalType: SignalTypes, cache: Map<Expr, ExprType>): ExprType {
  const typeOf = (e: Expr): ExprType => inferType(e, signalType, cache);
  switch (expr.kind) {
    case 'Number':
      return 'number';
    case 'String':
      return 'text';
    case 'Boolean':
      return 'boolean';
    case 'Duration':
      return 'duration';
    case 'Ref':
      return signalType(expr.name) ?? 'unknown';
    case 'Paren':
      return typeOf(expr.expr);
    case 'Unary': {
      // A wrong operand makes the result unknown: the operator is reported once,
      // and whatever uses the result is not reported again.
      const wanted = expr.op === 'not' ? 'boolean' : 'number';
      return typeOf(expr.operand) === wanted ? wanted : 'unknown';
    }
    case 'Binary':
      switch (expr.op) {
        case '+':
        case '-':
        case '*':
        case '/':
          return typeOf(expr.left) === 'number' && typeOf(expr.right) === 'number'
            ? 'number'
            : 'unknown';
        default:
          // Comparisons and `and`/`or` mean a boolean whatever their operands;
          // operand problems are reported on the operator itself.
          typeOf(expr.left);
          typeOf(expr.right);
          return 'boolean';
      }
    case 'Call': {
      expr.args.forEach(typeOf);
      return lookupFunction(expr.callee.name)?.result ?? 'unknown';
    }
  }
}

/** The type as a message says it: "a number", "a boolean", "text", "a duration". */
export function describeType(type: ExprType): string {
  switch (type) {
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'text':
      return 'text';
    case 'duration':
      return 'a duration';
    case 'unknown':
      return 'a value of unknown type';
  }
}

/** The type of a literal as written in a step, a map key or a test's `given`. */
export function literalType(kind: 'Number' | 'String' | 'Boolean'): SignalType {
  return kind === 'Number' ? 'number' : kind === 'String' ? 'text' : 'boolean';
}
