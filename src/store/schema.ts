/**
 * The store's tables. `drizzle-kit generate` turns this file into the SQL
 * migrations under `drizzle/`; never edit those by hand, change this file and
 * generate again.
 *
 * Times are `timestamptz` throughout: observations arrive from many time
 * zones and as-of comparisons must be exact instants.
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const createdAt = () => at('created_at').notNull().defaultNow();

/** Customer accounts, upserted as observations and outcomes name them. */
export const accounts = pgTable('accounts', {
  id: text('id').primaryKey(),
  name: text('name'),
  segment: text('segment'),
  createdAt: createdAt(),
});

/**
 * One value of one signal for one account at one instant.
 *
 * The value is `jsonb` rather than three typed columns: a signal is a
 * number, a boolean or a text, and jsonb keeps exactly which, so the value
 * read back is the value sent. It also lets the unique key include the value
 * itself, which makes ingestion idempotent (the same record twice is one row)
 * while two different values at the same instant are both kept. That unique
 * index, led by (account, signal, at), is also the index every history read
 * uses: "latest at or before T" and "window (T - W, T]" per account and signal.
 */
export const observations = pgTable(
  'observations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    account: text('account').notNull(),
    signal: text('signal').notNull(),
    value: jsonb('value').notNull(),
    at: at('at').notNull(),
  },
  (t) => [unique('observations_identity').on(t.account, t.signal, t.at, t.value)],
);

/** What happened at renewal time; `validate` scores accounts before these dates. */
export const outcomes = pgTable(
  'outcomes',
  {
    id: serial('id').primaryKey(),
    account: text('account').notNull(),
    outcome: text('outcome').notNull(),
    at: at('at').notNull(),
  },
  (t) => [
    unique('outcomes_identity').on(t.account, t.outcome, t.at),
    check('outcomes_kind', sql`${t.outcome} in ('renewed', 'churned', 'expanded')`),
  ],
);

/** A named sequence of rule versions; exactly one of them is active. */
export const rulesets = pgTable('rulesets', {
  name: text('name').primaryKey(),
  /** Null only between the row's creation and its first version's commit. */
  activeVersion: integer('active_version'),
  createdAt: createdAt(),
});

/** An immutable version of a ruleset's source. */
export const ruleVersions = pgTable(
  'rule_versions',
  {
    ruleset: text('ruleset')
      .notNull()
      .references(() => rulesets.name),
    version: integer('version').notNull(),
    source: text('source').notNull(),
    /** sha256 of the source, hex. */
    hash: text('hash').notNull(),
    message: text('message'),
    author: text('author'),
    createdAt: createdAt(),
    /** The version this one was based on; null for the first. */
    parentVersion: integer('parent_version'),
  },
  (t) => [primaryKey({ name: 'rule_versions_pk', columns: [t.ruleset, t.version] })],
);

/** Every activation and rollback, with who and when. */
export const activations = pgTable(
  'activations',
  {
    id: serial('id').primaryKey(),
    ruleset: text('ruleset').notNull(),
    version: integer('version').notNull(),
    actor: text('actor'),
    at: at('at').notNull().defaultNow(),
    kind: text('kind').notNull(),
  },
  (t) => [
    index('activations_by_ruleset').on(t.ruleset, t.at),
    check('activations_kind', sql`${t.kind} in ('activate', 'rollback')`),
  ],
);

/** A stored evaluation: one per account, rule version and as-of time. */
export const scoreSnapshots = pgTable(
  'score_snapshots',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    account: text('account').notNull(),
    ruleset: text('ruleset').notNull(),
    version: integer('version').notNull(),
    asOf: at('as_of').notNull(),
    score: doublePrecision('score'),
    band: text('band'),
    status: text('status').notNull(),
    coverage: doublePrecision('coverage').notNull(),
    /** The full `HealthResult`, explanation included. */
    explanation: jsonb('explanation').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique('score_snapshots_identity').on(t.account, t.ruleset, t.version, t.asOf),
    // Summaries and band filters read one (ruleset, version, as-of) at a time.
    index('score_snapshots_by_run').on(t.ruleset, t.version, t.asOf, t.band),
  ],
);

/** Bands set by hand; in force while not cleared and not expired. */
export const overrides = pgTable(
  'overrides',
  {
    id: serial('id').primaryKey(),
    account: text('account').notNull(),
    ruleset: text('ruleset').notNull(),
    band: text('band').notNull(),
    reason: text('reason').notNull(),
    author: text('author'),
    createdAt: createdAt(),
    expiresAt: at('expires_at'),
    clearedAt: at('cleared_at'),
  },
  (t) => [index('overrides_by_account').on(t.account, t.ruleset)],
);

/** Alerts that fired when an account was scored. */
export const alertEvents = pgTable(
  'alert_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    account: text('account').notNull(),
    ruleset: text('ruleset').notNull(),
    version: integer('version').notNull(),
    alert: text('alert').notNull(),
    severity: text('severity').notNull(),
    message: text('message'),
    asOf: at('as_of').notNull(),
  },
  (t) => [
    unique('alert_events_identity').on(t.account, t.ruleset, t.version, t.alert, t.asOf),
    index('alert_events_by_run').on(t.ruleset, t.version, t.asOf),
  ],
);

/** API tokens; only the sha256 of a token is kept, never the token. */
export const apiTokens = pgTable('api_tokens', {
  id: text('id').primaryKey(),
  name: text('name'),
  role: text('role').notNull(),
  /** sha256 of the token, hex. */
  tokenHash: text('token_hash').notNull().unique('api_tokens_hash'),
  createdAt: createdAt(),
  revokedAt: at('revoked_at'),
});

/** Every table, for `drizzle({ schema })`. */
export const schema = {
  accounts,
  observations,
  outcomes,
  rulesets,
  ruleVersions,
  activations,
  scoreSnapshots,
  overrides,
  alertEvents,
  apiTokens,
};
