/**
 * One account under two or more rule versions, side by side: what an analyst
 * reads to see how a change treats a customer they know.
 */
import type { HealthResult, HealthStatus, History, MetricStatus } from '../dsl/result.js';
import type { CompiledScorecard } from '../dsl/scorecard.js';
import { metricKey, scoreDelta } from './points.js';

/** A version to compare, with the label shown for it (e.g. `v3`, `draft`). */
export interface LabelledScorecard {
  label: string;
  scorecard: CompiledScorecard;
}

/** The overall result under one version. */
export interface VersionColumn {
  label: string;
  status: HealthStatus;
  score: number | null;
  band: string | null;
  coverage: number;
  /** Score minus the first version's score; null when either is unscored. */
  scoreDelta: number | null;
  /** Names of the alerts that fire. */
  alerts: string[];
  /** Caps and floors that changed the result, as `cap at_risk`. */
  overrides: string[];
}

/** One metric under one version. */
export interface MetricCell {
  score: number | null;
  status: MetricStatus;
  nominalWeight: number;
  effectiveWeight: number;
  points: number;
  /** Points minus the first version's points (0 there when it lacks the metric). */
  pointsDelta: number;
}

/** One metric across the versions; a cell is null where a version lacks it. */
export interface MetricRow {
  /** The full name `group.metric`. */
  metric: string;
  cells: (MetricCell | null)[];
}

export interface ExplanationComparison {
  asOf: string;
  versions: VersionColumn[];
  /** The first version's metrics in order, then each later version's new ones. */
  metrics: MetricRow[];
}

/**
 * Scores one account's history under every version at `asOf` and lines the
 * results up; deltas are against the first version.
 */
export function compareExplanations(
  history: History,
  versions: readonly LabelledScorecard[],
  asOf: Date,
): ExplanationComparison {
  if (versions.length === 0) throw new RangeError('compareExplanations needs a version');
  const at = asOf.toISOString();
  const results = versions.map((v) => v.scorecard.evaluateHistory(history, { asOf: at }));
  const first = results[0]!;

  const columns = results.map((r, i) => ({
    label: versions[i]!.label,
    status: r.status,
    score: r.score,
    band: r.band,
    coverage: r.coverage,
    scoreDelta: first.score === null || r.score === null ? null : scoreDelta(first.score, r.score),
    alerts: r.alerts.map((al) => al.name),
    overrides: r.overrides.filter((o) => o.applied).map((o) => `${o.kind} ${o.band}`),
  }));

  // Metric order: the first version's, then what later versions add.
  const order: string[] = [];
  const seen = new Set<string>();
  for (const r of results) {
    for (const m of r.metrics ?? []) {
      const key = metricKey(m);
      if (!seen.has(key)) order.push(key);
      seen.add(key);
    }
  }
  const byKey = results.map(indexMetrics);
  const metrics = order.map((metric) => {
    const base = byKey[0]!.get(metric)?.points ?? 0;
    const cells = byKey.map((index): MetricCell | null => {
      const m = index.get(metric);
      if (m === undefined) return null;
      return {
        score: m.score,
        status: m.status,
        nominalWeight: m.nominalWeight,
        effectiveWeight: m.effectiveWeight,
        points: m.points,
        pointsDelta: m.points - base,
      };
    });
    return { metric, cells };
  });

  return { asOf: at, versions: columns, metrics };
}

function indexMetrics(r: HealthResult) {
  return new Map((r.metrics ?? []).map((m) => [metricKey(m), m]));
}
