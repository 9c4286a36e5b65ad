/**
 * Resolving an account's health: from the latest stored snapshot when it
 * answers the question, otherwise by evaluating the rules over the account's
 * history. Both paths produce the same `Health` shape.
 */
import type { HealthResult, ManualOverride } from '../dsl/result.js';
import type { LoadedScorecard } from '../store/index.js';
import type { ApiContext } from './context.js';
import type { OverrideRow, SnapshotRow } from './data/reads.js';
import { HealthSource, HealthStatus, type MetricStatus, type OverrideKind } from './types/enums.js';
import type { Severity } from './types/enums.js';
import type { Band, Health, HealthPoint } from './types/health.js';

/** What a health field asks for. */
export interface HealthQuery {
  ruleset: string;
  /** Null: the active version. */
  version: number | null;
  /** Null: now, preferring the stored snapshot. */
  asOf: Date | null;
  /** Whether the per-metric explanation is wanted (default true). */
  metrics?: boolean;
}

/**
 * The health of one account. The snapshot is used only when it is exactly
 * what was asked for: the active version, no as-of, and the same manual
 * override in force as when it was taken (an override set or cleared since
 * would otherwise be invisible until the next scoring run).
 */
export async function resolveHealth(
  ctx: ApiContext,
  accountId: string,
  query: HealthQuery,
): Promise<Health> {
  const loaded = await ctx.loaders.scorecard(query.ruleset, query.version);
  const version = loaded.version.version;
  const at = query.asOf ?? ctx.now;

  // 1. The stored run, when it answers the question. One statement brings
  //    the run and both overrides; the explanation only when metrics are
  //    wanted, since list views show scores and bands.
  let override: OverrideRow | null;
  if (query.asOf === null && loaded.version.active) {
    const detail = query.metrics ?? true;
    const latest = await ctx.loaders
      .latestHealth(query.ruleset, version, at, detail ? 'full' : 'none')
      .load(accountId);
    override = latest.override;
    const run = latest.snapshot;
    if (run && sameManualOverride(latest.storedManual, override)) {
      if (run.explanation) return toHealth(loaded, run.explanation, HealthSource.SNAPSHOT);
      return storedHealth(ctx, loaded, run, at);
    }
  } else {
    override = await ctx.loaders.activeOverrides(query.ruleset, at).load(accountId);
  }

  // 2. Otherwise evaluate now over the observations up to the as-of time.
  const history = await ctx.loaders.histories(loaded, at).load(accountId);
  const result = loaded.scorecard.evaluateHistory(history, {
    asOf: at,
    explain: true,
    manualOverride: override ? manualOverride(override) : null,
  });
  return toHealth(loaded, result, HealthSource.COMPUTED);
}

/**
 * A stored run as `Health` from its columns alone. The fields that live only
 * in the explanation (raw score, metrics, overrides, alerts) are read when a
 * query asks for one of them, once per request and batched like the rest.
 * (Read separately, they could come from a run stored in between; the next
 * request sees both from that run.)
 */
function storedHealth(
  ctx: ApiContext,
  loaded: LoadedScorecard,
  run: SnapshotRow,
  at: Date,
): Health {
  const parts = new Map<'summary' | 'full', Promise<Health | null>>();
  const explained = (part: 'summary' | 'full') => {
    let found = parts.get(part);
    if (!found) {
      found = ctx.loaders
        .latestHealth(run.ruleset, run.version, at, part)
        .load(run.account)
        .then((r) =>
          r.snapshot?.explanation
            ? toHealth(loaded, r.snapshot.explanation, HealthSource.SNAPSHOT)
            : null,
        );
      parts.set(part, found);
    }
    return found;
  };
  const health = {
    score: run.score,
    band: bandOf(loaded, run.band),
    status: run.status as HealthStatus,
    coverage: run.coverage,
    ruleVersion: {
      ruleset: loaded.version.ruleset,
      version: loaded.version.version,
      hash: loaded.version.hash,
    },
    asOf: run.asOf,
    source: HealthSource.SNAPSHOT,
  };
  // GraphQL awaits a field whose value is a promise, so these can be getters.
  const lazy = <K extends keyof Health>(key: K, part: 'summary' | 'full', none: Health[K]) => ({
    enumerable: true,
    get: () => explained(part).then((h) => (h ? h[key] : none)),
  });
  return Object.defineProperties(health, {
    rawScore: lazy('rawScore', 'summary', null),
    metrics: lazy('metrics', 'full', []),
    overrides: lazy('overrides', 'summary', []),
    alerts: lazy('alerts', 'summary', []),
  }) as unknown as Health;
}

/** The evaluator's form of a stored override. */
export function manualOverride(row: OverrideRow): ManualOverride {
  return {
    band: row.band,
    reason: row.reason,
    ...(row.author ? { author: row.author } : {}),
    expiresAt: row.expiresAt ? row.expiresAt.toISOString() : null,
  };
}

function sameManualOverride(
  stored: { band: string; reason: string | null } | null,
  row: OverrideRow | null,
): boolean {
  if (!row) return stored === null;
  return stored !== null && stored.band === row.band && stored.reason === row.reason;
}

/** Renders an evaluation (fresh or stored) as the GraphQL `Health`. */
export function toHealth(
  loaded: LoadedScorecard,
  result: HealthResult,
  source: HealthSource,
): Health {
  return {
    score: result.score,
    rawScore: result.rawScore,
    band: bandOf(loaded, result.band),
    status: result.status as HealthStatus,
    coverage: result.coverage,
    metrics: (result.metrics ?? []).map((m) => ({
      ...m,
      status: m.status as MetricStatus,
      location: m.location,
    })),
    overrides: result.overrides.map((o) => ({ ...o, kind: o.kind as OverrideKind })),
    alerts: result.alerts.map((a) => ({ ...a, severity: a.severity as Severity })),
    ruleVersion: {
      ruleset: loaded.version.ruleset,
      version: loaded.version.version,
      hash: loaded.version.hash,
    },
    asOf: new Date(result.asOf),
    source,
  };
}

/** A band by name with its declared color and action, or null. */
export function bandOf(loaded: LoadedScorecard, name: string | null): Band | null {
  if (name === null) return null;
  const band = loaded.scorecard.bands.find((b) => b.name === name);
  // A band no longer declared (a stored run of an older version) still shows by name.
  return band ? { ...band } : { name, from: 0, color: 'gray', action: null };
}

/** A history point from a stored run. */
export function toHealthPoint(loaded: LoadedScorecard, row: SnapshotRow): HealthPoint {
  return {
    asOf: row.asOf,
    score: row.score,
    band: bandOf(loaded, row.band),
    status: row.status as HealthStatus,
    coverage: row.coverage,
    version: row.version,
  };
}
