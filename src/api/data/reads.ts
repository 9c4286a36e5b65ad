/**
 * Batched reads for the API. Each function answers for many accounts with
 * one SQL statement and returns results in the order of the ids it was
 * given, `null` (or an empty list) for misses, which is what DataLoader needs.
 *
 * They live here rather than in the store because their shape follows the
 * GraphQL fields (one statement per field per request), not the store's jobs.
 */
import type { HealthResult } from '../../dsl/result.js';
import type { AlertEvent, OverrideRecord, Snapshot, Store } from '../../store/index.js';

/** An account as stored. */
export interface AccountRow {
  id: string;
  name: string | null;
  segment: string | null;
}

/**
 * A stored scoring run of one account: the store's `Snapshot`, with the full
 * result optional because history and list reads never need it.
 */
export type SnapshotRow = Omit<Snapshot, 'result'> & { explanation?: HealthResult };

/** A manual override in force: the store's record, which is never cleared yet. */
export type OverrideRow = Omit<OverrideRecord, 'clearedAt'>;

/** An alert raised by a scoring run, as the store records it. */
export type AlertEventRow = AlertEvent;

// Times are selected as epoch milliseconds: the two drivers return
// timestamptz differently in raw queries (Date or text), numbers are the same.
const ms = (column: string, as = column) =>
  `(extract(epoch from ${column}) * 1000)::float8 as ${as}`;
const toDate = (v: unknown): Date => (v instanceof Date ? v : new Date(Number(v)));
const toNumber = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
// Both drivers parse jsonb; an explanation (always an object) arriving as a
// string would mean a driver configured not to, so parse it then.
const jsonObject = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

function byKey<T>(ids: readonly string[], rows: T[], key: (row: T) => string): (T | null)[] {
  const found = new Map<string, T>();
  for (const row of rows) found.set(key(row), row);
  return ids.map((id) => found.get(id) ?? null);
}

function groupByKey<T>(ids: readonly string[], rows: T[], key: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>(ids.map((id) => [id, []]));
  for (const row of rows) groups.get(key(row))?.push(row);
  return ids.map((id) => groups.get(id)!);
}

/** Accounts by id. */
export async function readAccounts(
  store: Store,
  ids: readonly string[],
): Promise<(AccountRow | null)[]> {
  const rows = await store.sql.query<AccountRow>(
    'select id, name, segment from accounts where id = any($1::text[])',
    [ids],
  );
  return byKey(ids, rows, (r) => r.id);
}

/**
 * The latest snapshot of each account under one rule version, with its
 * explanation; without the per-metric part when `detail` is false.
 */
export async function readLatestSnapshots(
  store: Store,
  ruleset: string,
  version: number,
  ids: readonly string[],
  detail = true,
): Promise<(SnapshotRow | null)[]> {
  const explanation = detail ? 'explanation' : `explanation - 'metrics' as explanation`;
  const rows = await store.sql.query<Record<string, unknown>>(
    `select distinct on (account) account, ruleset, version, ${ms('as_of')}, score, band,
            status, coverage, ${explanation}
       from score_snapshots
      where ruleset = $1 and version = $2 and account = any($3::text[])
      order by account, as_of desc`,
    [ruleset, version, ids],
  );
  return byKey(ids, rows.map(snapshotRow), (r) => r.account);
}

/**
 * What the health field needs from storage for the latest stored run of one
 * version, read in one statement: the run's columns, the manual override the
 * run applied, and the override in force now (to tell whether the run is
 * still current). The explanation comes along only when asked for.
 */
export interface LatestHealthRow {
  account: string;
  /** Null when the account has no run of this version. */
  snapshot: SnapshotRow | null;
  /** The manual override recorded in the run, or null when it had none. */
  storedManual: { band: string; reason: string | null } | null;
  /** The manual override in force at the time asked about, or null. */
  override: OverrideRow | null;
}

/**
 * The latest run of each account under one version, with the overrides
 * above. Each account's run is one probe of the snapshots' unique index.
 * The recorded manual override lives inside the explanation; it is read only
 * for accounts that have ever had an override, so the common case never
 * touches the (large, compressed) explanation at all.
 */
export async function readLatestHealth(
  store: Store,
  ruleset: string,
  version: number,
  at: Date,
  explanation: 'none' | 'summary' | 'full',
  ids: readonly string[],
): Promise<LatestHealthRow[]> {
  const column =
    explanation === 'full'
      ? ', s.explanation'
      : explanation === 'summary'
        ? `, s.explanation - 'metrics' as explanation`
        : '';
  const rows = await store.sql.query<Record<string, unknown>>(
    `select i.account, s.version, ${ms('s.as_of', 'as_of')}, s.score, s.band, s.status,
            s.coverage${column},
            case when s.version is not null and exists (
                   select 1 from overrides h where h.account = i.account and h.ruleset = $1)
                 then (select m from jsonb_array_elements(s.explanation -> 'overrides') m
                        where m ->> 'kind' = 'manual' limit 1)
            end as stored_manual,
            o.id as o_id, o.band as o_band, o.reason as o_reason, o.author as o_author,
            ${ms('o.created_at', 'o_created_at')}, ${ms('o.expires_at', 'o_expires_at')}
       from unnest($4::text[]) as i(account)
       left join lateral (
         select * from score_snapshots
          where account = i.account and ruleset = $1 and version = $2
          order by as_of desc limit 1) s on true
       left join lateral (
         select * from overrides
          where account = i.account and ruleset = $1 and created_at <= $3
            and (cleared_at is null or cleared_at > $3) and (expires_at is null or expires_at > $3)
          order by created_at desc, id desc limit 1) o on true`,
    [ruleset, version, at.toISOString(), ids],
  );
  const found = new Map<string, LatestHealthRow>();
  for (const r of rows) {
    const account = String(r.account);
    const manual = r.stored_manual ? jsonObject<Record<string, unknown>>(r.stored_manual) : null;
    found.set(account, {
      account,
      snapshot:
        r.version === null || r.version === undefined ? null : snapshotRow({ ...r, ruleset }),
      storedManual: manual
        ? { band: String(manual.band), reason: (manual.reason as string | null) ?? null }
        : null,
      override:
        r.o_id === null || r.o_id === undefined
          ? null
          : overrideRow({
              id: r.o_id,
              account,
              ruleset,
              band: r.o_band,
              reason: r.o_reason,
              author: r.o_author,
              created_at: r.o_created_at,
              expires_at: r.o_expires_at,
            }),
    });
  }
  return ids.map(
    (id) => found.get(id) ?? { account: id, snapshot: null, storedManual: null, override: null },
  );
}

/**
 * Each account's snapshots with an as-of in [from, to], oldest first. With
 * `version` null, every version's runs are returned.
 */
export async function readSnapshotHistory(
  store: Store,
  ruleset: string,
  version: number | null,
  from: Date,
  to: Date,
  ids: readonly string[],
): Promise<SnapshotRow[][]> {
  const rows = await store.sql.query<Record<string, unknown>>(
    `select account, ruleset, version, ${ms('as_of')}, score, band, status, coverage
       from score_snapshots
      where ruleset = $1 and ($2::int is null or version = $2::int)
        and as_of >= $3 and as_of <= $4 and account = any($5::text[])
      order by account, as_of, version`,
    [ruleset, version, from.toISOString(), to.toISOString(), ids],
  );
  return groupByKey(ids, rows.map(snapshotRow), (r) => r.account);
}

function snapshotRow(r: Record<string, unknown>): SnapshotRow {
  const row: SnapshotRow = {
    account: String(r.account),
    ruleset: String(r.ruleset),
    version: Number(r.version),
    asOf: toDate(r.as_of),
    score: toNumber(r.score),
    band: (r.band as string | null) ?? null,
    status: String(r.status),
    coverage: Number(r.coverage),
  };
  if (r.explanation !== undefined) row.explanation = jsonObject<HealthResult>(r.explanation);
  return row;
}

/** The manual override in force at `at` for each account, newest first wins. */
export async function readActiveOverrides(
  store: Store,
  ruleset: string,
  at: Date,
  ids: readonly string[],
): Promise<(OverrideRow | null)[]> {
  const rows = await store.sql.query<Record<string, unknown>>(
    `select distinct on (account) id, account, ruleset, band, reason, author,
            ${ms('created_at')}, ${ms('expires_at')}
       from overrides
      where ruleset = $1 and account = any($3::text[])
        and created_at <= $2 and (cleared_at is null or cleared_at > $2)
        and (expires_at is null or expires_at > $2)
      order by account, created_at desc, id desc`,
    [ruleset, at.toISOString(), ids],
  );
  return byKey(ids, rows.map(overrideRow), (r) => r.account);
}

function overrideRow(r: Record<string, unknown>): OverrideRow {
  return {
    id: Number(r.id),
    account: String(r.account),
    ruleset: String(r.ruleset),
    band: String(r.band),
    reason: String(r.reason),
    author: (r.author as string | null) ?? null,
    createdAt: toDate(r.created_at),
    expiresAt: r.expires_at === null || r.expires_at === undefined ? null : toDate(r.expires_at),
  };
}

/** Alert events of each account since `since`, newest first, at most `limit` each. */
export async function readAlertEvents(
  store: Store,
  ruleset: string,
  since: Date,
  limit: number,
  ids: readonly string[],
): Promise<AlertEventRow[][]> {
  const rows = await store.sql.query<Record<string, unknown>>(
    `select account, ruleset, version, alert, severity, message, ${ms('as_of')}
       from (select e.*, row_number() over (partition by account
                                             order by as_of desc, alert) as n
               from alert_events e
              where ruleset = $1 and as_of >= $2 and account = any($4::text[])) ranked
      where n <= $3
      order by account, as_of desc, alert`,
    [ruleset, since.toISOString(), limit, ids],
  );
  return groupByKey(
    ids,
    rows.map((r) => ({
      account: String(r.account),
      ruleset: String(r.ruleset),
      version: Number(r.version),
      alert: String(r.alert),
      severity: String(r.severity),
      message: (r.message as string | null) ?? null,
      asOf: toDate(r.as_of),
    })),
    (r) => r.account,
  );
}
