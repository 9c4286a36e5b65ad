import type * as ast from '../../ast.js';
import { formatNumber, type CheckContext } from '../context.js';

/**
 * HR204 (warning): every branch of a scoring can be taken. The first step
 * that holds wins, so a step is dead when the steps before it already match
 * every number it would match (`<= 7` after `<= 30`, `== 0` after `<= 1`),
 * and `else` is dead when the steps match every number. In a `map` over a
 * boolean with both `true` and `false` keys, `else` is dead too.
 */
export function StepsAreReachableRule(ctx: CheckContext): void {
  for (const { decl } of ctx.allMetrics) {
    const { scoring } = decl;
    const type = ctx.typeOf(decl.expr);
    if (scoring.kind === 'Steps' && (type === 'number' || type === 'unknown')) {
      checkSteps(ctx, scoring);
    } else if (scoring.kind === 'Map' && type === 'boolean' && scoring.otherwise) {
      const keys = new Set(scoring.entries.map((e) => e.key.value));
      const allBooleans = scoring.entries.every((e) => e.key.kind === 'Boolean');
      if (allBooleans && keys.has(true) && keys.has(false)) {
        ctx.warning(
          'HR204',
          '`else` can never be reached: the keys `true` and `false` cover every boolean',
          scoring.otherwise.range,
        );
      }
    }
  }
}

/**
 * Exact interval reasoning without interval arithmetic: the step thresholds
 * cut the number line into pieces (each threshold itself, the open gaps
 * between neighbours, and the two ends), and every step either matches a
 * whole piece or none of it. Sampling one number per piece therefore tells
 * exactly which numbers each step matches.
 */
function checkSteps(ctx: CheckContext, scoring: ast.StepsScoring): void {
  const steps = scoring.steps;
  // A step over a string or boolean was reported as a type error (HR103).
  const thresholds: number[] = [];
  for (const step of steps) {
    if (step.x.kind !== 'Number') return;
    thresholds.push(step.x.value);
  }
  const samples = samplePieces(thresholds);

  const covered = samples.map(() => false);
  steps.forEach((step, index) => {
    const matches = samples.map((v) => holds(step.op, v, step.x.value as number));
    const dead = matches.every((m, i) => !m || covered[i]);
    if (dead) {
      const shadow = steps
        .slice(0, index)
        .find((other) =>
          samples.every((v, i) => !matches[i] || holds(other.op, v, other.x.value as number)),
        );
      const reason = shadow
        ? `\`${describeStep(shadow)}\` already matches every value it would`
        : 'the steps before it already match every value it would';
      ctx.warning(
        'HR204',
        `step \`${describeStep(step)}\` can never be reached: ${reason}`,
        step.range,
      );
    }
    matches.forEach((m, i) => {
      if (m) covered[i] = true;
    });
  });

  if (scoring.otherwise && steps.length > 0 && covered.every(Boolean)) {
    ctx.warning(
      'HR204',
      '`else` can never be reached: the steps above match every number',
      scoring.otherwise.range,
    );
  }
}

/** One number from each piece the thresholds cut the number line into. */
function samplePieces(thresholds: number[]): number[] {
  const sorted = [...new Set(thresholds)].sort((a, b) => a - b);
  if (sorted.length === 0) return [0];
  // The step away from the ends grows with the value so it is never lost to
  // rounding. FIXME: two thresholds one float apart have no number between
  // them; such a file is not written by hand, so it is not handled.
  const outward = (t: number): number => Math.abs(t) + 1;
  const samples = [sorted[0]! - outward(sorted[0]!)];
  sorted.forEach((t, i) => {
    samples.push(t);
    const next = sorted[i + 1];
    samples.push(next === undefined ? t + outward(t) : (t + next) / 2);
  });
  return samples;
}

function holds(op: ast.ComparisonOperator, value: number, threshold: number): boolean {
  switch (op) {
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '==':
      return value === threshold;
    case '!=':
      return value !== threshold;
  }
}

function describeStep(step: ast.Step): string {
  const x = step.x.kind === 'Number' ? step.x.text || formatNumber(step.x.value) : '';
  return `${step.op} ${x} -> ${step.y.text || formatNumber(step.y.value)}`;
}
