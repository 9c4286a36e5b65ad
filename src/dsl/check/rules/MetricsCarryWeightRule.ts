import type { CheckContext } from '../context.js';

/** A metric whose nominal weight is under this share barely moves the score. */
export const MIN_NOMINAL_WEIGHT = 0.03;

/**
 * HR202 (warning): every metric carries at least 3% of the score by its
 * nominal weight, `(Wg / ΣWg) × (Wm / ΣWm in its group)`. A lighter one costs
 * data and attention without changing any band. Skipped where a weight is not
 * positive, which HR107 reports.
 */
export function MetricsCarryWeightRule(ctx: CheckContext): void {
  for (const { decl, fullName } of ctx.allMetrics) {
    const share = ctx.nominalWeight(decl);
    if (share === undefined || share >= MIN_NOMINAL_WEIGHT) continue;
    ctx.warning(
      'HR202',
      `metric \`${fullName}\` carries ${formatShare(share)} of the score, under 3%; ` +
        'raise its weight or drop it',
      decl.name.range,
    );
  }
}

/**
 * The share as a percentage with as few decimals as keep it visibly under 3%:
 * 2.996% must not read as "3.0%", nor 0.04% as "0.0%".
 */
export function formatShare(share: number): string {
  const percent = share * 100;
  for (let digits = 1; digits < 6; digits++) {
    const text = percent.toFixed(digits);
    const shown = Number(text);
    if (shown > 0 && shown < MIN_NOMINAL_WEIGHT * 100) return `${text.replace(/\.?0+$/, '')}%`;
  }
  return `${percent}%`;
}
