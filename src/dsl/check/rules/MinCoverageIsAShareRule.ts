import { formatNumber, type CheckContext } from '../context.js';

/**
 * HR105: `min_coverage` is a share of the score between 0% and 100%; a
 * larger one would leave every account unscored. Reported under the code for
 * out-of-range scores because coverage is measured in score weight.
 */
export function MinCoverageIsAShareRule(ctx: CheckContext): void {
  for (const decl of ctx.card.body) {
    if (decl.kind !== 'MinCoverage') continue;
    const { value } = decl;
    if (value.value >= 0 && value.value <= 1) continue;
    // `min_coverage 50` most likely meant 50%; say so.
    const hint = value.percent ? '' : ` (write a percent such as \`${value.text}%\`)`;
    const found = value.percent ? value.text : formatNumber(value.value);
    ctx.error(
      'HR105',
      `\`min_coverage\` must be between 0% and 100%; found ${found}${hint}`,
      value.range,
    );
  }
}
