import type * as ast from '../../ast.js';
import type { CheckContext } from '../context.js';
import { describeType, literalType, type ExprType } from '../types.js';

/**
 * HR103: a metric's scoring fits the type of its expression. `linear` and
 * `steps` turn numbers into scores, so they need a number and steps compare
 * with number literals; `map` picks a score per value of a boolean or text,
 * so its keys are `true`/`false` for a boolean and strings for text. A
 * number is never a map key: numbers are scored by ranges, not by equality.
 */
export function ScoringMatchesTypeRule(ctx: CheckContext): void {
  for (const { decl } of ctx.allMetrics) {
    const type = ctx.typeOf(decl.expr);
    const scoring = decl.scoring;
    switch (scoring.kind) {
      case 'Linear':
        if (type === 'boolean' || type === 'text') reportCurve(ctx, scoring, type, decl);
        break;
      case 'Steps':
        if (type === 'boolean' || type === 'text') reportCurve(ctx, scoring, type, decl);
        else checkSteps(ctx, scoring);
        break;
      case 'Map':
        checkMap(ctx, scoring, type, decl);
        break;
    }
  }
}

const KEYWORD = { Linear: 'linear', Steps: 'steps', Map: 'map' } as const;

function reportCurve(
  ctx: CheckContext,
  scoring: ast.LinearScoring | ast.StepsScoring,
  type: ExprType,
  metric: ast.MetricDecl,
): void {
  ctx.error(
    'HR103',
    `\`${KEYWORD[scoring.kind]}\` needs a number; the expression of metric ` +
      `\`${metric.name.name}\` is ${describeType(type)} (use \`map\` to score it)`,
    scoring.range,
  );
}

function checkSteps(ctx: CheckContext, scoring: ast.StepsScoring): void {
  for (const step of scoring.steps) {
    if (step.x.kind === 'Number') continue;
    ctx.error(
      'HR103',
      `a step compares the value with a number; found ${describeType(literalType(step.x.kind))}`,
      step.x.range,
    );
  }
}

function checkMap(
  ctx: CheckContext,
  scoring: ast.MapScoring,
  type: ExprType,
  metric: ast.MetricDecl,
): void {
  if (type === 'number') {
    ctx.error(
      'HR103',
      `\`map\` needs a boolean or text; the expression of metric \`${metric.name.name}\` ` +
        'is a number (use `steps` or `linear` to score it)',
      scoring.range,
    );
    return;
  }
  for (const { key } of scoring.entries) {
    const keyType = literalType(key.kind);
    // With the expression's type unknown, only a number key is surely wrong.
    const wrong = type === 'boolean' || type === 'text' ? keyType !== type : keyType === 'number';
    if (!wrong) continue;
    const expected =
      type === 'boolean'
        ? 'a map key over a boolean must be `true` or `false`'
        : type === 'text'
          ? 'a map key over text must be a string'
          : 'a map key must be a string, `true` or `false`';
    ctx.error('HR103', `${expected}; found ${describeType(keyType)}`, key.range);
  }
}
