import type { CheckContext } from '../context.js';
import { describeType } from '../types.js';

/**
 * HR103: the `when` condition of a cap, floor or alert is a boolean, since it
 * either holds or not. A condition of unknown type was reported elsewhere.
 */
export function ConditionsAreBooleanRule(ctx: CheckContext): void {
  for (const { expr, owner } of ctx.conditions) {
    const type = ctx.typeOf(expr);
    if (type === 'boolean' || type === 'unknown' || type === 'duration') continue;
    const what = owner.kind === 'Alert' ? 'an alert' : `a ${owner.type}`;
    ctx.error(
      'HR103',
      `the \`when\` condition of ${what} must be a boolean; found ${describeType(type)}`,
      expr.range,
    );
  }
}
