import type * as ast from '../../ast.js';
import { unwrapParens, walkExpr, type CheckContext } from '../context.js';
import { FUNCTIONS, lookupFunction, type FunctionSignature } from '../functions.js';
import { didYouMean } from '../suggest.js';

/**
 * HR108: every call names a function of the language with the arguments it
 * takes: the right number, a signal name where it reads a signal's history
 * and a duration where it needs a window. A duration is only ever a
 * function's window; anywhere else it has no meaning as a value.
 */
export function FunctionCallsAreValidRule(ctx: CheckContext): void {
  // Durations in a window position (or inside an unknown call, whose
  // positions are unknown), collected as the walk passes their call.
  const windows = new Set<ast.Expr>();

  for (const expr of ctx.expressions()) {
    walkExpr(expr, (node) => {
      if (node.kind === 'Call') {
        const fn = lookupFunction(node.callee.name);
        if (fn) checkCall(ctx, node, fn, windows);
        else {
          const hint = didYouMean(node.callee.name, FUNCTIONS.keys());
          const known = hint || `; expected one of ${[...FUNCTIONS.keys()].join(', ')}`;
          ctx.error('HR108', `unknown function \`${node.callee.name}\`${known}`, node.callee.range);
          for (const arg of node.args) if (arg.kind === 'Duration') windows.add(arg);
        }
      } else if (node.kind === 'Duration' && !windows.has(node)) {
        ctx.error(
          'HR108',
          `a duration (\`${node.text}\`) is only allowed as a function's window, ` +
            'as in `change(signal, 30d)`; expected a number here',
          node.range,
        );
      }
    });
  }
}

const ORDINALS = ['first', 'second', 'third'];

function checkCall(
  ctx: CheckContext,
  call: ast.CallExpr,
  fn: FunctionSignature,
  windows: Set<ast.Expr>,
): void {
  const name = fn.name;
  fn.params.forEach((param, i) => {
    const arg = call.args[i];
    const ordinal = ORDINALS[i] ?? `#${i + 1}`;
    if (!arg) return;
    if (param === 'duration') {
      if (arg.kind === 'Duration') windows.add(arg);
      else {
        ctx.error(
          'HR108',
          `the ${ordinal} argument of \`${name}\` must be a duration such as \`30d\`; ` +
            `found ${describeArg(arg)}`,
          arg.range,
        );
      }
    } else if (unwrapParens(arg).kind !== 'Ref') {
      ctx.error(
        'HR108',
        `the ${ordinal} argument of \`${name}\` must be a signal name; found ${describeArg(arg)}`,
        arg.range,
      );
    }
  });

  const expected = fn.params.length;
  const found = call.args.length;
  if (found < expected) {
    const missing = fn.params[found];
    const what =
      missing === 'duration'
        ? `a duration as its ${ORDINALS[found]} argument`
        : `${expected === 1 ? 'a signal' : `${expected} arguments`}`;
    ctx.error(
      'HR108',
      `\`${name}\` needs ${what}, as in \`${fn.example}\`; found ${plural(found)}`,
      call.range,
    );
  } else if (found > expected) {
    // The extra arguments are reported as a whole, not one by one.
    for (const arg of call.args.slice(expected)) if (arg.kind === 'Duration') windows.add(arg);
    const extra = call.args[expected]!;
    ctx.error(
      'HR108',
      `\`${name}\` takes ${plural(expected)}, as in \`${fn.example}\`; found ${found}`,
      extra.range,
    );
  }
}

function plural(count: number): string {
  return count === 1 ? '1 argument' : `${count} arguments`;
}

/** What an argument is, as a message says it. */
function describeArg(arg: ast.Expr): string {
  const inner = unwrapParens(arg);
  switch (inner.kind) {
    case 'Number':
      return `the number \`${inner.text}\``;
    case 'String':
      return 'a string';
    case 'Boolean':
      return `\`${String(inner.value)}\``;
    case 'Duration':
      return `the duration \`${inner.text}\``;
    case 'Ref':
      return `the signal \`${inner.name}\``;
    case 'Call':
      return `a call of \`${inner.callee.name}\``;
    default:
      return 'an expression';
  }
}
