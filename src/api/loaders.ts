/**
 * DataLoaders, created afresh for every request: a request sees one
 * consistent read of each thing it asks for twice, and nothing cached
 * outlives it. Loaders that depend on arguments (ruleset, version, as-of)
 * are kept per argument set, so `health(version: 1)` and `health(version: 2)`
 * in one query each batch on their own.
 */
import DataLoader from 'dataloader';
import type { History } from '../dsl/result.js';
import { loadHistories, type LoadedScorecard, type Store } from '../store/index.js';
import type { ApiCaches } from './data/caches.js';
import {
  readAccounts,
  readActiveOverrides,
  readAlertEvents,
  readLatestHealth,
  readLatestSnapshots,
  readSnapshotHistory,
  type AccountRow,
  type AlertEventRow,
  type LatestHealthRow,
  type OverrideRow,
  type SnapshotRow,
} from './data/reads.js';

/** The loaders of one request. */
export interface Loaders {
  accounts: DataLoader<string, AccountRow | null>;
  /** A ruleset's version (the active one when `version` is null), compiled. */
  scorecard(ruleset: string, version: number | null): Promise<LoadedScorecard>;
  /**
   * The latest snapshots of a version. With `detail` false the per-metric
   * explanation is left out: most of a snapshot's size, and unneeded by
   * lists that show only scores and bands.
   */
  latestSnapshots(
    ruleset: string,
    version: number,
    detail: boolean,
  ): DataLoader<string, SnapshotRow | null>;
  /**
   * The latest run of a version with the overrides that decide whether it
   * is still current (see `readLatestHealth`), in one statement per batch.
   * The override in force is also handed to `activeOverrides(ruleset, at)`,
   * so an `override` field in the same request reads nothing more.
   */
  latestHealth(
    ruleset: string,
    version: number,
    at: Date,
    explanation: 'none' | 'summary' | 'full',
  ): DataLoader<string, LatestHealthRow>;
  snapshotHistory(
    ruleset: string,
    version: number | null,
    from: Date,
    to: Date,
  ): DataLoader<string, SnapshotRow[]>;
  activeOverrides(ruleset: string, at: Date): DataLoader<string, OverrideRow | null>;
  alertEvents(ruleset: string, since: Date, limit: number): DataLoader<string, AlertEventRow[]>;
  /** Observations up to `asOf`, as far back as the scorecard's rules read. */
  histories(loaded: LoadedScorecard, asOf: Date): DataLoader<string, History>;
  /** Forgets everything read so far: for mutations that change what was read. */
  reset(): void;
}

/** Builds the loaders of one request over `store`. */
export function createLoaders(store: Store, caches: ApiCaches): Loaders {
  const keyed = new Map<string, DataLoader<string, unknown>>();
  function loaderFor<V>(
    key: string,
    batch: (ids: readonly string[]) => Promise<V[]>,
  ): DataLoader<string, V> {
    let loader = keyed.get(key) as DataLoader<string, V> | undefined;
    if (!loader) {
      loader = new DataLoader<string, V>(batch, { maxBatchSize: 1000 });
      keyed.set(key, loader as DataLoader<string, unknown>);
    }
    return loader;
  }

  // The cache may move on during a request; one request keeps what it saw first.
  const scorecards = new Map<string, Promise<LoadedScorecard>>();

  const accounts = new DataLoader<string, AccountRow | null>((ids) => readAccounts(store, ids), {
    maxBatchSize: 1000,
  });

  const loaders: Loaders = {
    accounts,

    scorecard(ruleset, version) {
      const key = `${ruleset}\u0000${version ?? 'active'}`;
      let loaded = scorecards.get(key);
      if (!loaded) {
        loaded = caches.scorecard(ruleset, version);
        scorecards.set(key, loaded);
      }
      return loaded;
    },

    latestSnapshots: (ruleset, version, detail) =>
      loaderFor(`snap\u0000${ruleset}\u0000${version}\u0000${detail}`, (ids) =>
        readLatestSnapshots(store, ruleset, version, ids, detail),
      ),

    latestHealth(ruleset, version, at, explanation) {
      const key = `latest\u0000${ruleset}\u0000${version}\u0000${at.getTime()}\u0000${explanation}`;
      return loaderFor(key, async (ids) => {
        const rows = await readLatestHealth(store, ruleset, version, at, explanation, ids);
        const overrides = loaders.activeOverrides(ruleset, at);
        for (const row of rows) overrides.prime(row.account, row.override);
        return rows;
      });
    },

    snapshotHistory: (ruleset, version, from, to) =>
      loaderFor(
        `hist\u0000${ruleset}\u0000${version}\u0000${from.getTime()}\u0000${to.getTime()}`,
        (ids) => readSnapshotHistory(store, ruleset, version, from, to, ids),
      ),

    activeOverrides: (ruleset, at) =>
      loaderFor(`ovr\u0000${ruleset}\u0000${at.getTime()}`, (ids) =>
        readActiveOverrides(store, ruleset, at, ids),
      ),

    alertEvents: (ruleset, since, limit) =>
      loaderFor(`alert\u0000${ruleset}\u0000${since.getTime()}\u0000${limit}`, (ids) =>
        readAlertEvents(store, ruleset, since, limit, ids),
      ),

    histories: (loaded, asOf) => {
      const { ruleset, version } = loaded.version;
      return loaderFor(
        `obs\u0000${ruleset}\u0000${version}\u0000${asOf.getTime()}`,
        async (ids) => {
          const found = await loadHistories(store.sql, loaded.scorecard, ids, asOf);
          return ids.map((id) => found.get(id) ?? new Map());
        },
      );
    },

    reset() {
      keyed.clear();
      scorecards.clear();
      accounts.clearAll();
    },
  };
  return loaders;
}
