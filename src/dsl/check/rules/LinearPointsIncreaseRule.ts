import { literalText, type CheckContext } from '../context.js';

/**
 * HR104: a `linear` curve has two or more points whose x values strictly
 * increase, so that between any two neighbours the score is a line and every
 * value maps to exactly one score.
 */
export function LinearPointsIncreaseRule(ctx: CheckContext): void {
  for (const { decl } of ctx.allMetrics) {
    const scoring = decl.scoring;
    if (scoring.kind !== 'Linear') continue;
    const { points } = scoring;
    if (points.length < 2) {
      ctx.error(
        'HR104',
        `\`linear\` needs at least two points; found ${points.length}`,
        scoring.range,
      );
    }
    for (let i = 1; i < points.length; i++) {
      const previous = points[i - 1]!.x;
      const x = points[i]!.x;
      if (x.value > previous.value) continue;
      ctx.error(
        'HR104',
        `\`linear\` x values must strictly increase; found ${literalText(x)} ` +
          `after ${literalText(previous)}`,
        x.range,
      );
    }
  }
}
