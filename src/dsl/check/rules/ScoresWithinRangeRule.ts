import type * as ast from '../../ast.js';
import { literalText, type CheckContext } from '../context.js';

/**
 * HR105: every score written in the file lies in 0..100: the y of each
 * `linear` point, step, map entry and `else`, the score of `missing -> N`, and
 * the value an `expect score` compares with (any other could never be met, or
 * always would be).
 */
export function ScoresWithinRangeRule(ctx: CheckContext): void {
  for (const { decl } of ctx.allMetrics) {
    for (const y of scoresOf(decl.scoring)) checkScore(ctx, y, 'a score');
    if (decl.missing) checkScore(ctx, decl.missing, 'the `missing` score');
  }
  for (const decl of ctx.card.body) {
    if (decl.kind !== 'Test') continue;
    for (const expect of decl.expects) {
      if (expect.kind === 'ExpectScore') {
        checkScore(ctx, expect.value, 'an expected score');
      }
    }
  }
}

function scoresOf(scoring: ast.Scoring): ast.NumberLiteral[] {
  const branches =
    scoring.kind === 'Linear'
      ? scoring.points
      : scoring.kind === 'Steps'
        ? scoring.steps
        : scoring.entries;
  const scores = branches.map((b) => b.y);
  if (scoring.kind !== 'Linear' && scoring.otherwise) scores.push(scoring.otherwise.y);
  return scores;
}

function checkScore(ctx: CheckContext, y: ast.NumberLiteral, what: string): void {
  if (y.value >= 0 && y.value <= 100) return;
  ctx.error('HR105', `${what} must be within 0..100; found ${literalText(y)}`, y.range);
}
