/**
 * Do the bands separate renewals from churn? Each recorded outcome is paired
 * with the account's point-in-time score (taken a horizon before the outcome,
 * by the caller); this module only does the statistics.
 *
 * Decisions, stated once:
 * - `renewed` and `expanded` both count as a renewal; `churned` is the only
 *   non-renewal. An expansion is a renewal that grew.
 * - Counts are per outcome: an account with two recorded outcomes counts twice.
 * - Outcomes whose account had no score at the horizon (`insufficient_data`)
 *   are counted apart, never in a band, the AUC or the monotonic check.
 * - Two adjacent bands are "too close to tell apart" when the 95% Wilson score
 *   intervals of their renewal rates overlap. Adjacent means next to each
 *   other among the bands that hold at least one outcome; empty bands have no
 *   rate and are skipped by both the monotonic and the closeness checks.
 */

/** A recorded outcome. */
export type Outcome = 'renewed' | 'churned' | 'expanded';

/** One outcome with the score and band its account had at the horizon. */
export interface ValidationRow {
  account: string;
  outcome: Outcome;
  at: Date;
  /** Null when the account had insufficient data at the horizon. */
  score: number | null;
  band: string | null;
}

/** A 95% confidence interval for a rate. */
export interface Interval {
  low: number;
  high: number;
}

export interface BandValidation {
  band: string;
  /** Outcomes whose account was in this band at the horizon. */
  accounts: number;
  renewed: number;
  expanded: number;
  churned: number;
  /** (renewed + expanded) / accounts; null for an empty band. */
  renewalRate: number | null;
  /** Wilson score interval of the rate; null for an empty band. */
  interval: Interval | null;
}

/** Two adjacent bands, better first, and their renewal rates. */
export interface BandPair {
  better: string;
  worse: string;
  betterRate: number;
  worseRate: number;
}

export interface ValidationReport {
  /** All outcomes given. */
  outcomes: number;
  /** Outcomes with a score at the horizon. */
  scored: number;
  /** Outcomes without one, with their own renewal counts. */
  insufficientData: { accounts: number; renewals: number; renewalRate: number | null };
  /** Best band first, as the scorecard declares them. */
  bands: BandValidation[];
  /**
   * ROC AUC of the score for renewal versus churn over scored outcomes: the
   * chance that a random renewal outscores a random churn, ties counting
   * half. Null without at least one of each.
   */
  auc: number | null;
  /** True when renewal rates never rise from one band to the next worse one. */
  monotonic: boolean;
  /** Adjacent pairs where the worse band renews more often than the better. */
  violations: BandPair[];
  /** Adjacent pairs whose 95% Wilson intervals overlap. */
  tooClose: BandPair[];
}

/** The normal quantile for a two-sided 95% interval. */
const Z_95 = 1.959963984540054;

/**
 * Validates scores against outcomes. `bands` are the scorecard's bands, best
 * first; a row whose band is not among them is counted in an extra band row
 * at the end rather than dropped.
 */
export function validate(
  rows: readonly ValidationRow[],
  bands: readonly { name: string }[],
): ValidationReport {
  // 1. Count outcomes per band, and those with no score apart.
  const perBand = new Map<string, BandValidation>();
  for (const { name } of bands) perBand.set(name, emptyBand(name));
  const insufficient = { accounts: 0, renewals: 0 };
  const scored: { score: number; renewal: boolean }[] = [];
  for (const row of rows) {
    const renewal = row.outcome !== 'churned';
    if (row.score === null || row.band === null) {
      insufficient.accounts++;
      if (renewal) insufficient.renewals++;
      continue;
    }
    scored.push({ score: row.score, renewal });
    const band = perBand.get(row.band) ?? emptyBand(row.band);
    perBand.set(row.band, band);
    band.accounts++;
    band[row.outcome]++;
  }
  const bandRows = [...perBand.values()].map(withRate);

  // 2. Compare each band with the next worse one that holds outcomes.
  const filled = bandRows.filter((b) => b.accounts > 0);
  const violations: BandPair[] = [];
  const tooClose: BandPair[] = [];
  for (let i = 1; i < filled.length; i++) {
    const better = filled[i - 1]!;
    const worse = filled[i]!;
    const pair = {
      better: better.band,
      worse: worse.band,
      betterRate: better.renewalRate!,
      worseRate: worse.renewalRate!,
    };
    if (pair.worseRate > pair.betterRate) violations.push(pair);
    if (overlaps(better.interval!, worse.interval!)) tooClose.push(pair);
  }

  return {
    outcomes: rows.length,
    scored: scored.length,
    insufficientData: {
      ...insufficient,
      renewalRate:
        insufficient.accounts === 0 ? null : insufficient.renewals / insufficient.accounts,
    },
    bands: bandRows,
    auc: rocAuc(scored),
    monotonic: violations.length === 0,
    violations,
    tooClose,
  };
}

/** Two validations side by side, e.g. the active version and a candidate. */
export interface ValidationComparison {
  a: ValidationReport;
  b: ValidationReport;
  /** b.auc − a.auc; null when either is null. */
  aucDelta: number | null;
  /** Every band of either report (a's order, then b's new ones), rate on each side. */
  bands: { band: string; a: BandValidation | null; b: BandValidation | null }[];
}

/** Lines up two validation reports band by band, with the AUC change. */
export function compareValidation(a: ValidationReport, b: ValidationReport): ValidationComparison {
  const names = [...a.bands.map((x) => x.band)];
  for (const x of b.bands) if (!names.includes(x.band)) names.push(x.band);
  return {
    a,
    b,
    aucDelta: a.auc === null || b.auc === null ? null : b.auc - a.auc,
    bands: names.map((band) => ({
      band,
      a: a.bands.find((x) => x.band === band) ?? null,
      b: b.bands.find((x) => x.band === band) ?? null,
    })),
  };
}

/**
 * The Wilson score interval for `successes` out of `n` at 95%: unlike the
 * normal approximation it stays inside 0..1 and is sensible for small bands
 * and for rates near 0 or 1, which is where bands tend to live.
 */
export function wilsonInterval(successes: number, n: number): Interval {
  if (n === 0) return { low: 0, high: 1 };
  const p = successes / n;
  const z2 = Z_95 * Z_95;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (Z_95 / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At 0 or n successes the bound is exactly 0 or 1; float rounding would miss it.
  return {
    low: successes === 0 ? 0 : Math.max(0, centre - half),
    high: successes === n ? 1 : Math.min(1, centre + half),
  };
}

/**
 * ROC AUC by the Mann–Whitney statistic: rank all scores (ties share their
 * mean rank), then AUC = (rank sum of renewals − P(P+1)/2) / (P × N). Mean
 * ranks make each renewal–churn tie count exactly half. O(n log n).
 */
export function rocAuc(items: readonly { score: number; renewal: boolean }[]): number | null {
  const positives = items.filter((x) => x.renewal).length;
  const negatives = items.length - positives;
  if (positives === 0 || negatives === 0) return null;

  const sorted = [...items].sort((x, y) => x.score - y.score);
  let rankSum = 0;
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j < sorted.length && sorted[j]!.score === sorted[i]!.score) j++;
    // Ranks i+1 … j share their mean.
    const meanRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (sorted[k]!.renewal) rankSum += meanRank;
    i = j;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

function emptyBand(band: string): BandValidation {
  return {
    band,
    accounts: 0,
    renewed: 0,
    expanded: 0,
    churned: 0,
    renewalRate: null,
    interval: null,
  };
}

function withRate(b: BandValidation): BandValidation {
  if (b.accounts === 0) return b;
  const renewals = b.renewed + b.expanded;
  return {
    ...b,
    renewalRate: renewals / b.accounts,
    interval: wilsonInterval(renewals, b.accounts),
  };
}

function overlaps(x: Interval, y: Interval): boolean {
  return x.low <= y.high && y.low <= x.high;
}
