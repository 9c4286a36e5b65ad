/**
 * Rescoring every account: page through the accounts in id order, load a
 * page's histories in one query, evaluate with the version's cached
 * evaluator, and write the page's snapshots and alert events in one
 * transaction. Memory holds one page (plus the next, being read while the
 * current one is evaluated), whatever the number of accounts.
 */
import { pageAccountIds } from './accounts.js';
import type { Store } from './db.js';
import { loadHistories } from './history.js';
import { getScorecard } from './rules.js';
import { manualOverrides, saveResults } from './scores.js';

export interface RescoreOptions {
  ruleset?: string;
  /** Default: the active version. */
  version?: number | null;
  /** Default: now. */
  asOf?: Date;
  /** Accounts per page (default 1,000). */
  pageSize?: number;
  /**
   * Only these accounts (default: every account). The API passes the
   * accounts a `recordObservations` call touched, so their health reflects
   * the new data at once.
   */
  accounts?: readonly string[];
  /** Called after each page with the accounts done so far and the total. */
  onProgress?: (done: number, total: number) => void;
}

export interface RescoreSummary {
  ruleset: string;
  version: number;
  asOf: Date;
  accounts: number;
  scored: number;
  insufficientData: number;
  /** Accounts per band, in the scorecard's band order. */
  bands: Record<string, number>;
  alerts: number;
  elapsedMs: number;
}

/** Scores every account under a version at one as-of time and stores the results. */
export async function rescore(store: Store, options: RescoreOptions = {}): Promise<RescoreSummary> {
  const started = performance.now();
  const asOf = options.asOf ?? new Date();
  const pageSize = options.pageSize ?? 1_000;
  const { scorecard, version } = await getScorecard(
    store,
    options.ruleset ?? 'default',
    options.version,
  );
  const only = options.accounts ? [...new Set(options.accounts)].sort() : null;
  const [{ total } = { total: 0 }] = only
    ? [{ total: only.length }]
    : await store.sql.query<{ total: number }>(`select count(*)::int as total from accounts`);

  const summary: RescoreSummary = {
    ruleset: version.ruleset,
    version: version.version,
    asOf,
    accounts: 0,
    scored: 0,
    insufficientData: 0,
    bands: Object.fromEntries(scorecard.bands.map((b) => [b.name, 0])),
    alerts: 0,
    elapsedMs: 0,
  };

  // Reading a page (ids, histories, overrides) is I/O; start reading the
  // next page before evaluating this one so the database and the evaluator
  // work at the same time.
  const pageIds = async (after: string | null): Promise<string[]> => {
    if (only) return only.filter((id) => after === null || id > after).slice(0, pageSize);
    return pageAccountIds(store, after, pageSize);
  };
  const readPage = async (after: string | null) => {
    const ids = await pageIds(after);
    if (ids.length === 0) return null;
    const [histories, manual] = await Promise.all([
      loadHistories(store.sql, scorecard, ids, asOf),
      manualOverrides(store.sql, version.ruleset, ids, asOf),
    ]);
    return { ids, histories, manual };
  };

  // Three pages are in flight at once: the next one being read, this one
  // being evaluated, the previous one being written. A write starts only
  // when the one before has finished, so one transaction is open at a time.
  let page = await readPage(null);
  let writing: Promise<void> = Promise.resolve();
  while (page) {
    const next = readPage(page.ids[page.ids.length - 1]!);
    // Keep the promise from being reported as unhandled while this page is
    // evaluated; its error surfaces at the `await` below.
    next.catch(() => undefined);

    const current = page;
    const results = current.ids.map((account) => {
      const result = scorecard.evaluateHistory(current.histories.get(account)!, {
        asOf,
        explain: true,
        manualOverride: current.manual.get(account) ?? null,
      });
      summary.accounts++;
      if (result.status === 'scored') summary.scored++;
      else summary.insufficientData++;
      if (result.band !== null) summary.bands[result.band] = (summary.bands[result.band] ?? 0) + 1;
      return { account, result };
    });
    const done = summary.accounts;
    // Waiting here bounds memory: never more than one page waits to be written.
    await writing;
    writing = (async () => {
      const written = await store.transaction(({ sql }) =>
        saveResults(sql, version, asOf, results),
      );
      summary.alerts += written.alerts;
      options.onProgress?.(done, total);
    })();
    writing.catch(() => undefined);
    page = await next;
  }
  await writing;

  summary.elapsedMs = Math.round(performance.now() - started);
  store.logger.info({ ...summary, asOf: asOf.toISOString() }, 'rescored');
  return summary;
}
