/**
 * Storing observations and outcomes.
 *
 * Records arrive as a stream of checked lines (see `records.ts`) and are
 * written in batches: one multi-row statement per few thousand records, over
 * PostgreSQL arrays so a batch is one round trip whatever its size. Every
 * insert is `ON CONFLICT DO NOTHING` against the table's identity key, which
 * is what makes ingestion idempotent: the same record twice is stored once and
 * counted as a duplicate.
 *
 * Bad lines follow one of two policies, and the summary says which applied:
 * - `keep-good` (default): good records are stored, bad ones reported.
 * - `all-or-nothing`: everything runs in one transaction and a single bad line
 *   refuses the whole input; nothing is stored.
 */
import type { SignalType } from '../dsl/ast.js';
import type { Store, Sql } from './db.js';
import type { ObservationRecord, OutcomeRecord, ReadItem } from './records.js';
import { OUTCOMES } from './records.js';
import { getRuleVersion, compileVersion } from './rules.js';
import { NotFoundError } from './errors.js';

/** A line that was not stored, and why. */
export interface RejectedRecord {
  /** The line in the input (or the index in an array, counted from 1). */
  line: number;
  reason: string;
}

export type IngestPolicy = 'keep-good' | 'all-or-nothing';

export interface IngestSummary {
  policy: IngestPolicy;
  /** False only when `all-or-nothing` refused the input. */
  committed: boolean;
  /** Records read without error. */
  accepted: number;
  /** New rows written. */
  stored: number;
  /** Good records already stored before (or earlier in the same input). */
  duplicates: number;
  rejected: RejectedRecord[];
  /** Bad lines beyond `maxRejectedKept`, counted but not listed. */
  rejectedNotListed: number;
  /** Accounts seen for the first time. */
  newAccounts: number;
}

export interface IngestOptions {
  policy?: IngestPolicy;
  /** Records per statement (default 5,000). */
  batchSize?: number;
  /** Bad lines kept in the summary; the rest are only counted (default 1,000). */
  maxRejectedKept?: number;
  /** Called after each batch is written. */
  onBatch?: (progress: { accepted: number; rejected: number; stored: number }) => void;
}

/** Thrown inside the transaction to roll back an all-or-nothing ingestion. */
class Refused extends Error {}

/** Stores observations from a stream of read lines. */
export function ingestObservations(
  store: Store,
  items: AsyncIterable<ReadItem<ObservationRecord>> | Iterable<ReadItem<ObservationRecord>>,
  options: IngestOptions = {},
): Promise<IngestSummary> {
  return ingest(store, items, options, writeObservations);
}

/** Stores outcomes from a stream of read lines. */
export function ingestOutcomes(
  store: Store,
  items: AsyncIterable<ReadItem<OutcomeRecord>> | Iterable<ReadItem<OutcomeRecord>>,
  options: IngestOptions = {},
): Promise<IngestSummary> {
  return ingest(store, items, options, writeOutcomes);
}

/**
 * The declared signal types of a ruleset's active version, for checking
 * values as they are read; undefined when the ruleset has no active version,
 * in which case values are stored unchecked.
 */
export async function activeSignalTypes(
  store: Store,
  ruleset = 'default',
): Promise<Map<string, SignalType> | undefined> {
  try {
    const scorecard = compileVersion(await getRuleVersion(store, ruleset));
    return new Map(scorecard.signals.map((s) => [s.name, s.type]));
  } catch (err) {
    if (err instanceof NotFoundError) return undefined;
    throw err;
  }
}

/**
 * Stores observations given as objects (the API's path): each is checked for
 * shape, time and, when the ruleset has an active version, its signal's
 * declared type. `line` in rejections is the record's position from 1.
 */
export async function recordObservations(
  store: Store,
  records: readonly ObservationRecord[],
  options: IngestOptions & { ruleset?: string } = {},
): Promise<IngestSummary> {
  const types = await activeSignalTypes(store, options.ruleset);
  const items = records.map((r, i) => checkObservation(r, i + 1, types));
  return ingestObservations(store, items, options);
}

/** Stores outcomes given as objects (the API's path), checked like `recordObservations`. */
export async function recordOutcomes(
  store: Store,
  records: readonly OutcomeRecord[],
  options: IngestOptions = {},
): Promise<IngestSummary> {
  const items = records.map((r, i): ReadItem<OutcomeRecord> => {
    const line = i + 1;
    if (!isName(r.account)) return { line, error: '"account" must be a non-empty string' };
    if (!(OUTCOMES as readonly string[]).includes(r.outcome)) {
      return { line, error: `"outcome" must be one of ${OUTCOMES.join(', ')}` };
    }
    const at = isoTime(r.at);
    if (at === undefined) return { line, error: `"at" is not a valid time: ${String(r.at)}` };
    return { line, record: { account: r.account, outcome: r.outcome, at } };
  });
  return ingestOutcomes(store, items, options);
}

// ---------------------------------------------------------------------------
// Private helpers

type Writer<T> = (sql: Sql, batch: T[]) => Promise<{ stored: number; newAccounts: number }>;

async function ingest<T>(
  store: Store,
  items: AsyncIterable<ReadItem<T>> | Iterable<ReadItem<T>>,
  options: IngestOptions,
  write: Writer<T>,
): Promise<IngestSummary> {
  const policy = options.policy ?? 'keep-good';
  const batchSize = options.batchSize ?? 5_000;
  const keep = options.maxRejectedKept ?? 1_000;
  const summary: IngestSummary = {
    policy,
    committed: true,
    accepted: 0,
    stored: 0,
    duplicates: 0,
    rejected: [],
    rejectedNotListed: 0,
    newAccounts: 0,
  };

  const run = async (sql: Sql) => {
    let batch: T[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const written = await write(sql, batch);
      summary.stored += written.stored;
      summary.duplicates += batch.length - written.stored;
      summary.newAccounts += written.newAccounts;
      batch = [];
      options.onBatch?.({
        accepted: summary.accepted,
        rejected: summary.rejected.length + summary.rejectedNotListed,
        stored: summary.stored,
      });
    };
    for await (const item of items) {
      if ('error' in item) {
        if (summary.rejected.length < keep) {
          summary.rejected.push({ line: item.line, reason: item.error });
        } else summary.rejectedNotListed++;
        continue;
      }
      summary.accepted++;
      // Once all-or-nothing has seen a bad line nothing will be kept, so
      // stop writing and only read on to report every bad line.
      if (policy === 'all-or-nothing' && summary.rejected.length > 0) continue;
      batch.push(item.record);
      if (batch.length >= batchSize) await flush();
    }
    if (policy === 'all-or-nothing' && summary.rejected.length > 0) throw new Refused();
    await flush();
  };

  if (policy === 'keep-good') {
    await run(store.sql);
  } else {
    try {
      await store.transaction(({ sql }) => run(sql));
    } catch (err) {
      if (!(err instanceof Refused)) throw err;
      summary.committed = false;
      summary.stored = 0;
      summary.duplicates = 0;
      summary.newAccounts = 0;
    }
  }
  store.logger.info({ ...summary, rejected: summary.rejected.length }, 'ingested');
  return summary;
}

const writeObservations: Writer<ObservationRecord> = async (sql, batch) => {
  const accounts: string[] = [];
  const signals: string[] = [];
  const values: string[] = [];
  const times: string[] = [];
  for (const r of batch) {
    accounts.push(r.account);
    signals.push(r.signal);
    values.push(JSON.stringify(r.value));
    times.push(typeof r.at === 'string' ? r.at : new Date(r.at).toISOString());
  }
  const newAccounts = await upsertAccounts(sql, accounts);
  const [row] = await sql.query<{ n: number }>(
    `with ins as (
       insert into observations (account, signal, value, at)
       select a, s, v::jsonb, t
       from unnest($1::text[], $2::text[], $3::text[], $4::text[]::timestamptz[]) as r(a, s, v, t)
       on conflict do nothing
       returning 1)
     select count(*)::int as n from ins`,
    [accounts, signals, values, times],
  );
  return { stored: row?.n ?? 0, newAccounts };
};

const writeOutcomes: Writer<OutcomeRecord> = async (sql, batch) => {
  const accounts = batch.map((r) => r.account);
  const newAccounts = await upsertAccounts(sql, accounts);
  const [row] = await sql.query<{ n: number }>(
    `with ins as (
       insert into outcomes (account, outcome, at)
       select a, o, t from unnest($1::text[], $2::text[], $3::text[]::timestamptz[]) as r(a, o, t)
       on conflict do nothing
       returning 1)
     select count(*)::int as n from ins`,
    [accounts, batch.map((r) => r.outcome), batch.map((r) => r.at)],
  );
  return { stored: row?.n ?? 0, newAccounts };
};

/** Adds the accounts not seen before; returns how many were new. */
async function upsertAccounts(sql: Sql, ids: string[]): Promise<number> {
  const [row] = await sql.query<{ n: number }>(
    `with ins as (
       insert into accounts (id)
       select distinct a from unnest($1::text[]) as r(a)
       on conflict do nothing
       returning 1)
     select count(*)::int as n from ins`,
    [ids],
  );
  return row?.n ?? 0;
}

function checkObservation(
  r: ObservationRecord,
  line: number,
  types: ReadonlyMap<string, SignalType> | undefined,
): ReadItem<ObservationRecord> {
  if (!isName(r.account)) return { line, error: '"account" must be a non-empty string' };
  if (!isName(r.signal)) return { line, error: '"signal" must be a non-empty string' };
  const at = isoTime(r.at);
  if (at === undefined) return { line, error: `"at" is not a valid time: ${String(r.at)}` };
  const declared = types?.get(r.signal);
  if (types && declared === undefined) {
    return { line, error: `signal "${r.signal}" is not declared by the active rules` };
  }
  const actual = typeOfValue(r.value);
  if (actual === undefined) {
    return { line, error: `"value" must be a number, a boolean or a string` };
  }
  if (declared !== undefined && actual !== declared) {
    return { line, error: `signal "${r.signal}" is a ${declared}, found a ${actual}` };
  }
  return { line, record: { account: r.account, signal: r.signal, value: r.value, at } };
}

function typeOfValue(value: unknown): SignalType | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? 'number' : undefined;
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return 'text';
  return undefined;
}

function isName(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function isoTime(at: unknown): string | undefined {
  const t = at instanceof Date ? at.getTime() : typeof at === 'string' ? Date.parse(at) : NaN;
  return Number.isFinite(t) ? new Date(t).toISOString() : undefined;
}
