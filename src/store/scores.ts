/**
 * Scoring accounts against the store: live evaluation of one account,
 * snapshots (the stored results), manual overrides and alert events.
 */
import { and, asc, desc, eq, gt, isNull, lte, or, sql as dsql } from 'drizzle-orm';
import type { HealthResult, ManualOverride } from '../dsl/index.js';
import type { Sql, Store } from './db.js';
import { InvalidInputError, NotFoundError } from './errors.js';
import { loadHistories } from './history.js';
import { getScorecard, type RuleVersion } from './rules.js';
import { alertEvents, overrides, scoreSnapshots } from './schema.js';

/** A result with the rule version that produced it. */
export interface ScoredAccount {
  account: string;
  result: HealthResult;
  version: RuleVersion;
}

/**
 * Scores one account now, from its stored observations, under a version
 * (default: the active one) at `asOf` (default: now), with any manual
 * override in force at that time. Nothing is saved unless `save` is set.
 */
export async function scoreAccount(
  store: Store,
  input: {
    account: string;
    ruleset?: string;
    version?: number | null;
    asOf?: Date;
    explain?: boolean;
    save?: boolean;
  },
): Promise<ScoredAccount> {
  const asOf = input.asOf ?? new Date();
  const { scorecard, version } = await getScorecard(
    store,
    input.ruleset ?? 'default',
    input.version,
  );
  const histories = await loadHistories(store.sql, scorecard, [input.account], asOf);
  const manual = await manualOverrides(store.sql, version.ruleset, [input.account], asOf);
  const result = scorecard.evaluateHistory(histories.get(input.account)!, {
    asOf,
    explain: input.explain ?? true,
    manualOverride: manual.get(input.account) ?? null,
  });
  if (input.save) {
    await store.transaction(({ sql }) =>
      saveResults(sql, version, asOf, [{ account: input.account, result }]),
    );
  }
  return { account: input.account, result, version };
}

/** A stored snapshot. */
export interface Snapshot {
  account: string;
  ruleset: string;
  version: number;
  asOf: Date;
  score: number | null;
  band: string | null;
  status: string;
  coverage: number;
  /** The full result, explanation included. */
  result: HealthResult;
}

/**
 * An account's snapshots, oldest first, for one ruleset and optionally one
 * version and a time range (inclusive).
 */
export async function snapshotHistory(
  store: Store,
  input: { account: string; ruleset?: string; version?: number; from?: Date; to?: Date },
): Promise<Snapshot[]> {
  const s = scoreSnapshots;
  const rows = await store.db
    .select()
    .from(s)
    .where(
      and(
        eq(s.account, input.account),
        eq(s.ruleset, input.ruleset ?? 'default'),
        input.version === undefined ? undefined : eq(s.version, input.version),
        input.from === undefined ? undefined : dsql`${s.asOf} >= ${input.from}`,
        input.to === undefined ? undefined : lte(s.asOf, input.to),
      ),
    )
    .orderBy(asc(s.asOf), asc(s.version));
  return rows.map((r) => ({
    account: r.account,
    ruleset: r.ruleset,
    version: r.version,
    asOf: r.asOf,
    score: r.score,
    band: r.band,
    status: r.status,
    coverage: r.coverage,
    result: r.explanation as HealthResult,
  }));
}

/** The latest snapshot of an account under a ruleset (any version unless given), or null. */
export async function latestSnapshot(
  store: Store,
  input: { account: string; ruleset?: string; version?: number },
): Promise<Snapshot | null> {
  const all = await snapshotHistory(store, input);
  return all.length === 0 ? null : all[all.length - 1]!;
}

/** A manual override as stored. */
export interface OverrideRecord {
  id: number;
  account: string;
  ruleset: string;
  band: string;
  reason: string;
  author: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  clearedAt: Date | null;
}

/**
 * Sets a manual band for an account under a ruleset, replacing any override
 * in force (it is cleared, so there is at most one). The band must exist in
 * the ruleset's active version.
 */
export async function setOverride(
  store: Store,
  input: {
    account: string;
    ruleset?: string;
    band: string;
    reason: string;
    author?: string | null;
    expiresAt?: Date | null;
  },
): Promise<OverrideRecord> {
  const ruleset = input.ruleset ?? 'default';
  const { scorecard } = await getScorecard(store, ruleset);
  const bands = scorecard.bands.map((b) => b.name);
  if (!bands.includes(input.band)) {
    throw new InvalidInputError(
      `band "${input.band}" is not one of the bands of "${ruleset}": ${bands.join(', ')}`,
    );
  }
  if (input.reason.trim() === '') throw new InvalidInputError('an override needs a reason');
  return store.transaction(async ({ db }) => {
    await db
      .update(overrides)
      .set({ clearedAt: new Date() })
      .where(
        and(
          eq(overrides.account, input.account),
          eq(overrides.ruleset, ruleset),
          isNull(overrides.clearedAt),
        ),
      );
    const [row] = await db
      .insert(overrides)
      .values({
        account: input.account,
        ruleset,
        band: input.band,
        reason: input.reason,
        author: input.author ?? null,
        expiresAt: input.expiresAt ?? null,
      })
      .returning();
    return row!;
  });
}

/** Clears the override in force for an account; throws NotFoundError when there is none. */
export async function clearOverride(
  store: Store,
  input: { account: string; ruleset?: string },
): Promise<OverrideRecord> {
  const now = new Date();
  // A transaction, so the data generation moves after the commit.
  const rows = await store.transaction(({ db }) =>
    db
      .update(overrides)
      .set({ clearedAt: now })
      .where(
        and(
          eq(overrides.account, input.account),
          eq(overrides.ruleset, input.ruleset ?? 'default'),
          isNull(overrides.clearedAt),
          or(isNull(overrides.expiresAt), gt(overrides.expiresAt, now)),
        ),
      )
      .returning(),
  );
  if (rows.length === 0) {
    throw new NotFoundError(`account "${input.account}" has no override in force`);
  }
  return rows[0]!;
}

/** The override in force for an account now, or null. */
export async function currentOverride(
  store: Store,
  input: { account: string; ruleset?: string },
): Promise<OverrideRecord | null> {
  const now = new Date();
  const [row] = await store.db
    .select()
    .from(overrides)
    .where(
      and(
        eq(overrides.account, input.account),
        eq(overrides.ruleset, input.ruleset ?? 'default'),
        isNull(overrides.clearedAt),
        or(isNull(overrides.expiresAt), gt(overrides.expiresAt, now)),
      ),
    )
    .orderBy(desc(overrides.createdAt))
    .limit(1);
  return row ?? null;
}

/** A recorded alert. */
export interface AlertEvent {
  account: string;
  ruleset: string;
  version: number;
  alert: string;
  severity: string;
  message: string | null;
  asOf: Date;
}

/** Alerts recorded for an account (or every account), newest first. */
export async function listAlertEvents(
  store: Store,
  input: { account?: string; ruleset?: string; limit?: number } = {},
): Promise<AlertEvent[]> {
  const a = alertEvents;
  const rows = await store.db
    .select()
    .from(a)
    .where(
      and(
        eq(a.ruleset, input.ruleset ?? 'default'),
        input.account === undefined ? undefined : eq(a.account, input.account),
      ),
    )
    .orderBy(desc(a.asOf), asc(a.account), asc(a.alert))
    .limit(input.limit ?? 100);
  return rows.map(({ id: _id, ...rest }) => rest);
}

// ---------------------------------------------------------------------------
// Shared with rescoring

/**
 * The manual overrides in force at `asOf` for some accounts: set at or
 * before it, not cleared by then, not expired by then. Reading them at as-of
 * rather than now keeps a past as-of reproducible.
 */
export async function manualOverrides(
  sql: Sql,
  ruleset: string,
  accounts: readonly string[],
  asOf: Date,
): Promise<Map<string, ManualOverride>> {
  const rows = await sql.query<{
    account: string;
    band: string;
    reason: string;
    author: string | null;
    expires_at: Date | null;
  }>(
    `select distinct on (account) account, band, reason, author, expires_at
     from overrides
     where ruleset = $1 and account = any($2::text[]) and created_at <= $3
       and (cleared_at is null or cleared_at > $3)
       and (expires_at is null or expires_at > $3)
     order by account, created_at desc, id desc`,
    [ruleset, accounts, asOf],
  );
  return new Map(
    rows.map((r) => [
      r.account,
      {
        band: r.band,
        reason: r.reason,
        ...(r.author === null ? {} : { author: r.author }),
        expiresAt: r.expires_at === null ? null : new Date(r.expires_at).toISOString(),
      },
    ]),
  );
}

/**
 * Writes results as snapshots (one per account, version and as-of: a second
 * scoring replaces the first) and replaces their alert events, so both always
 * describe the latest scoring. Run it inside a transaction.
 */
export async function saveResults(
  sql: Sql,
  version: Pick<RuleVersion, 'ruleset' | 'version'>,
  asOf: Date,
  results: readonly { account: string; result: HealthResult }[],
): Promise<{ alerts: number }> {
  if (results.length === 0) return { alerts: 0 };
  // One JSON document per page rather than one array per column: PostgreSQL
  // parses it faster than the driver can escape a text[] of explanations.
  const accounts = results.map((r) => r.account);
  await sql.query(
    `insert into score_snapshots
       (account, ruleset, version, as_of, score, band, status, coverage, explanation)
     select r->>'account', $1, $2, $3, (r->'result'->>'score')::float8,
       r->'result'->>'band', r->'result'->>'status', (r->'result'->>'coverage')::float8,
       r->'result'
     from jsonb_array_elements($4::jsonb) as r
     on conflict (account, ruleset, version, as_of) do update set
       score = excluded.score, band = excluded.band, status = excluded.status,
       coverage = excluded.coverage, explanation = excluded.explanation,
       created_at = now()`,
    [version.ruleset, version.version, asOf, JSON.stringify(results)],
  );

  await sql.query(
    `delete from alert_events
     where ruleset = $1 and version = $2 and as_of = $3 and account = any($4::text[])`,
    [version.ruleset, version.version, asOf, accounts],
  );
  const fired = results.flatMap((r) =>
    r.result.alerts.map((a) => ({
      account: r.account,
      name: a.name,
      severity: a.severity,
      message: a.message,
    })),
  );
  if (fired.length > 0) {
    await sql.query(
      `insert into alert_events (account, ruleset, version, alert, severity, message, as_of)
       select a.account, $1, $2, a.name, a.severity, a.message, $3
       from jsonb_to_recordset($4::jsonb)
         as a(account text, name text, severity text, message text)
       on conflict do nothing`,
      [version.ruleset, version.version, asOf, JSON.stringify(fired)],
    );
  }
  return { alerts: fired.length };
}
