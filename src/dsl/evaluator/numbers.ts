/**
 * Number helpers shared by scoring, weights and overrides.
 *
 * Scores are rounded half up to one decimal. Binary floating point stores
 * 84.45 as 84.4499999…, so rounding `x * 10` directly would give 84.4; a
 * small epsilon on the scaled value (far below any difference the rules can
 * express, far above the error of summing a few hundred points) fixes that.
 */

const ROUND_EPSILON = 1e-7;

/** Rounds half up to one decimal, robust to binary representation error. */
export function roundScore(x: number): number {
  return Math.floor(x * 10 + 0.5 + ROUND_EPSILON) / 10;
}

/** Clamps into 0..100; the one place scores are forced into range. */
export function clampScore(x: number): number {
  return x < 0 ? 0 : x > 100 ? 100 : x;
}

/**
 * Rounds reported fractions and points to 9 decimals, so sums such as
 * 0.2 + 0.4 read as 0.6 rather than 0.6000000000000001. Only reported
 * numbers are cleaned; the score is computed from unrounded values.
 */
export function clean(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}
