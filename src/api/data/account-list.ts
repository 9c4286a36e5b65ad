/**
 * The rows behind `Query.accounts` and `Query.healthSummary`: accounts with
 * their current score under the active version, read from stored snapshots
 * only (never evaluated on the fly), so listing 10,000 accounts stays one
 * statement.
 */
import type { Store } from '../../store/index.js';
import type { AccountRow } from './reads.js';

/** An account with the scores the list can filter and sort on. */
export interface ListedAccount extends AccountRow {
  /** From the latest snapshot of the version; null when unscored or never scored. */
  score: number | null;
  band: string | null;
  /** The score of the latest snapshot at or before the comparison date. */
  scoreBefore: number | null;
  bandBefore: string | null;
  /** Alerts raised by the latest snapshot's run. */
  alerts: string[];
}

/**
 * Every account with its latest and earlier snapshot under one version.
 * `before` null skips the earlier snapshot (its columns come back null).
 */
export async function readListedAccounts(
  store: Store,
  ruleset: string,
  version: number,
  before: Date | null,
): Promise<ListedAccount[]> {
  const rows = await store.sql.query<Record<string, unknown>>(
    `with latest as (
       select distinct on (account) account, as_of, score, band
         from score_snapshots where ruleset = $1 and version = $2
        order by account, as_of desc),
     earlier as (
       select distinct on (account) account, score, band
         from score_snapshots
        where ruleset = $1 and version = $2 and $3::timestamptz is not null and as_of <= $3
        order by account, as_of desc),
     fired as (
       select e.account, array_agg(e.alert order by e.alert) as alerts
         from alert_events e join latest l on l.account = e.account and l.as_of = e.as_of
        where e.ruleset = $1 and e.version = $2
        group by e.account)
     select a.id, a.name, a.segment, l.score, l.band, b.score as score_before,
            b.band as band_before, f.alerts
       from accounts a
       left join latest l on l.account = a.id
       left join earlier b on b.account = a.id
       left join fired f on f.account = a.id`,
    [ruleset, version, before ? before.toISOString() : null],
  );
  return rows.map((r) => ({
    id: String(r.id),
    name: (r.name as string | null) ?? null,
    segment: (r.segment as string | null) ?? null,
    score: r.score === null || r.score === undefined ? null : Number(r.score),
    band: (r.band as string | null) ?? null,
    scoreBefore:
      r.score_before === null || r.score_before === undefined ? null : Number(r.score_before),
    bandBefore: (r.band_before as string | null) ?? null,
    alerts: Array.isArray(r.alerts) ? (r.alerts as string[]) : [],
  }));
}

/**
 * One page of accounts by name (then id) after a keyset position, plus the
 * total: the cheap path when nothing depends on scores.
 */
export async function readAccountsByName(
  store: Store,
  after: { name: string; id: string } | null,
  limit: number,
  descending: boolean,
): Promise<{ rows: AccountRow[]; total: number }> {
  const cmp = descending ? '<' : '>';
  const dir = descending ? 'desc' : 'asc';
  const rows = await store.sql.query<Record<string, unknown>>(
    `select id, name, segment, (select count(*) from accounts)::int as total
       from accounts
      where $1::text is null
         or (coalesce(name, id) collate "C", id collate "C") ${cmp} ($1::text, $2::text)
      order by coalesce(name, id) collate "C" ${dir}, id collate "C" ${dir}
      limit $3`,
    [after?.name ?? null, after?.id ?? null, limit],
  );
  // A page past the end has no row to carry the total; that costs one more statement.
  let total = rows.length > 0 ? Number(rows[0]!.total) : 0;
  if (rows.length === 0 && after) {
    const [count] = await store.sql.query<{ n: number }>('select count(*)::int as n from accounts');
    total = Number(count?.n ?? 0);
  }
  return {
    rows: rows.map((r) => ({
      id: String(r.id),
      name: (r.name as string | null) ?? null,
      segment: (r.segment as string | null) ?? null,
    })),
    total,
  };
}
