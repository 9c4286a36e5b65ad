import { groupsOf, type NumberLiteral } from '../../ast.js';
import { isPositive, literalText, type CheckContext } from '../context.js';

/**
 * HR107: every group and metric weight is greater than 0. A zero weight would
 * make a metric that never counts, and a negative one would reward a worse
 * value; either is better said by removing the metric or changing its curve.
 */
export function WeightsArePositiveRule(ctx: CheckContext): void {
  for (const group of groupsOf(ctx.card)) {
    check(ctx, group.weight, `group \`${group.name.name}\``);
    for (const metric of group.metrics) {
      check(ctx, metric.weight, `metric \`${metric.name.name}\``);
    }
  }
}

function check(ctx: CheckContext, weight: NumberLiteral, owner: string): void {
  if (isPositive(weight.value)) return;
  ctx.error(
    'HR107',
    `the weight of ${owner} must be greater than 0; found ${literalText(weight)}`,
    weight.range,
  );
}
