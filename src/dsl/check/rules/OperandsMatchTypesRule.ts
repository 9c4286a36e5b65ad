import type * as ast from '../../ast.js';
import { unwrapParens, walkExpr, type CheckContext } from '../context.js';
import { lookupFunction } from '../functions.js';
import { describeType, type ExprType } from '../types.js';

/**
 * HR103: every operator gets operands of the types it works on. Arithmetic and
 * `-x` take numbers; `and`, `or` and `not` take booleans; `<`, `<=`, `>`, `>=`
 * order numbers only; `==` and `!=` compare two values of one type (text
 * allows only these two). Functions that compute on values (`change`, `avg`,
 * …) read number signals. Operands of unknown type were reported elsewhere and
 * are let through.
 */
export function OperandsMatchTypesRule(ctx: CheckContext): void {
  for (const expr of ctx.expressions()) {
    walkExpr(expr, (node) => {
      if (node.kind === 'Unary') {
        const wanted = node.op === 'not' ? 'boolean' : 'number';
        expectType(ctx, `\`${node.op}\``, wanted, node.operand, 'its operand');
      } else if (node.kind === 'Binary') {
        checkBinary(ctx, node);
      } else if (node.kind === 'Call') {
        checkSignalArgument(ctx, node);
      }
    });
  }
}

/** Unknown and duration operands were reported by other rules. */
function isSettled(type: ExprType): boolean {
  return type !== 'unknown' && type !== 'duration';
}

/** Reports an operand not of the wanted type; true when it did. */
function expectType(
  ctx: CheckContext,
  operator: string,
  wanted: 'number' | 'boolean',
  operand: ast.Expr,
  side: string,
): boolean {
  const found = ctx.typeOf(operand);
  if (!isSettled(found) || found === wanted) return false;
  const hint =
    found === 'text' && wanted === 'number' ? '; text can only be compared with `==` or `!=`' : '';
  ctx.error(
    'HR103',
    `${operator} needs ${wanted === 'number' ? 'numbers' : 'booleans'}; ` +
      `found ${describeType(found)} as ${side}${hint}`,
    operand.range,
  );
  return true;
}

function checkBinary(ctx: CheckContext, node: ast.BinaryExpr): void {
  const operator = `\`${node.op}\``;
  switch (node.op) {
    case '==':
    case '!=': {
      const left = ctx.typeOf(node.left);
      const right = ctx.typeOf(node.right);
      if (isSettled(left) && isSettled(right) && left !== right) {
        ctx.error(
          'HR103',
          `${operator} compares two values of one type; found ${describeType(left)} ` +
            `on the left and ${describeType(right)} on the right`,
          node.right.range,
        );
      }
      return;
    }
    default: {
      // Arithmetic and ordering comparisons need numbers on each side, `and`
      // and `or` booleans. One report per operator is enough: `s < "b"` is
      // one mistake, not two.
      const wanted = node.op === 'and' || node.op === 'or' ? 'boolean' : 'number';
      if (!expectType(ctx, operator, wanted, node.left, 'the left operand')) {
        expectType(ctx, operator, wanted, node.right, 'the right operand');
      }
    }
  }
}

/** `avg(onboarding_done, 30d)` cannot average booleans. */
function checkSignalArgument(ctx: CheckContext, call: ast.CallExpr): void {
  const fn = lookupFunction(call.callee.name);
  const first = call.args[0] && unwrapParens(call.args[0]);
  if (!fn || fn.params[0] !== 'signal' || first?.kind !== 'Ref') return;
  const signal = ctx.signals.get(first.name);
  if (!signal || fn.signalTypes.includes(signal.type)) return;
  ctx.error(
    'HR103',
    `\`${fn.name}\` needs a ${fn.signalTypes.join(' or ')} signal; ` +
      `\`${first.name}\` is ${describeType(signal.type)}`,
    first.range,
  );
}
