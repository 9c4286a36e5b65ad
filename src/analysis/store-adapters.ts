/**
 * The analyses fed from the store: rule diffs with impact over every stored
 * account, point-in-time validation against recorded outcomes, and one
 * account compared across versions or explained between two dates. The CLI
 * and the GraphQL API both call these; the statistics live in the pure
 * modules beside this one.
 *
 * Histories are read with the store's point-in-time reader, which loads
 * only what one scorecard can use at one as-of time. When several versions
 * or dates are involved, each read covers one of them and the reads are
 * merged: every read is a subset of the same stored series, so their union
 * is what a read wide enough for all of them would return.
 */
import { compile } from '../dsl/index.js';
import type { History, SignalSeries, SignalValue } from '../dsl/result.js';
import type { CompiledScorecard } from '../dsl/scorecard.js';
import {
  getScorecard,
  listOutcomes,
  loadHistories,
  lookbackDays,
  NotFoundError,
  pageAccountIds,
  RuleErrors,
  type LoadedScorecard,
  type Store,
} from '../store/index.js';
import { attributeChange, type ChangeAttribution } from './attribution.js';
import { compareExplanations, type ExplanationComparison } from './compare.js';
import { impact, type AccountHistory, type ImpactReport } from './impact.js';
import { structuralDiff, type RuleChange } from './structural-diff.js';
import { textDiff } from './text-diff.js';
import { validate, type Outcome, type ValidationReport, type ValidationRow } from './validate.js';

const DAY_MS = 86_400_000;

/** Accounts read per page when streaming every account (one history query each). */
export const DEFAULT_PAGE_SIZE = 1_000;

/** One side of a diff: a stored version, or a draft that was never published. */
export interface DiffSide {
  /** The version number; null for a draft. */
  version: number | null;
  hash: string | null;
  /** `default@3` or `draft`, as shown in the text diff's header. */
  label: string;
}

export interface RuleDiffReport {
  ruleset: string;
  from: DiffSide;
  to: DiffSide;
  /** The unified text diff; empty when the sources are equal. */
  text: string;
  changes: RuleChange[];
  /** Present when impact was asked for. */
  impact: ImpactReport | null;
}

export interface RuleDiffOptions {
  /** The as-of time of the impact (default now). */
  asOf?: Date;
  /** Score every account under both sides (default false). */
  impact?: boolean;
  topMovers?: number;
  pageSize?: number;
  /** Called as accounts are scored for the impact, with the number done and the total. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Diffs two versions of a ruleset, or a draft source against a version.
 * `from` null means the active version. A draft with errors is refused with
 * `RuleErrors`; an unknown ruleset or version with `NotFoundError`.
 */
export async function ruleDiff(
  store: Store,
  ruleset: string,
  from: number | null,
  to: number | { draftSource: string; file?: string },
  options: RuleDiffOptions = {},
): Promise<RuleDiffReport> {
  // 1. Load both sides; a draft is compiled here and never stored.
  const before = await getScorecard(store, ruleset, from);
  const after = typeof to === 'number' ? await getScorecard(store, ruleset, to) : null;
  let draft: CompiledScorecard | null = null;
  if (typeof to !== 'number') {
    const compiled = compile(to.draftSource, { file: to.file ?? 'draft.health' });
    if (!compiled.scorecard) {
      throw new RuleErrors('the draft has errors; fix them to see its diff', compiled.diagnostics);
    }
    draft = compiled.scorecard;
  }
  const b = after?.scorecard ?? draft!;
  const fromSide = side(before);
  const toSide: DiffSide = after ? side(after) : { version: null, hash: null, label: 'draft' };
  const sourceB = after?.version.source ?? (to as { draftSource: string }).draftSource;

  // 2. The text and structural diffs need only the sources.
  const text = textDiff(before.version.source, sourceB, {
    before: fromSide.label,
    after: toSide.label,
  });
  const changes = structuralDiff(before.scorecard.ast, b.ast);

  // 3. The impact streams every account through both versions.
  let report: ImpactReport | null = null;
  if (options.impact) {
    const asOf = options.asOf ?? new Date();
    const accounts = streamHistories(
      store,
      [before.scorecard, b],
      asOf,
      options.pageSize ?? DEFAULT_PAGE_SIZE,
    );
    const opts = options.topMovers === undefined ? {} : { topMovers: options.topMovers };
    const counted = options.onProgress
      ? counting(accounts, await countAccounts(store), options.onProgress)
      : accounts;
    report = await impact(counted, before.scorecard, b, asOf, opts);
  }
  return { ruleset, from: fromSide, to: toSide, text, changes, impact: report };
}

/** A validation with what it was computed from. */
export interface StoredValidation extends ValidationReport {
  ruleset: string;
  version: number;
  horizonDays: number;
}

/** How many accounts the store holds: the total a progress report counts toward. */
async function countAccounts(store: Store): Promise<number> {
  const [row] = await store.sql.query<{ n: number }>('select count(*)::int as n from accounts');
  return row?.n ?? 0;
}

/** Passes `items` through, reporting progress every 1,000 items and at the end. */
async function* counting<T>(
  items: AsyncIterable<T>,
  total: number,
  report: (done: number, total: number) => void,
): AsyncGenerator<T> {
  let done = 0;
  for await (const item of items) {
    yield item;
    if (++done % 1_000 === 0) report(done, total);
  }
  report(done, total);
}

/**
 * Validates a version (default: the active one) against every recorded
 * outcome: each outcome's account is scored as of `horizonDays` before the
 * outcome's date, from the observations stored up to then.
 */
export async function validation(
  store: Store,
  ruleset: string,
  version: number | null = null,
  horizonDays = 90,
): Promise<StoredValidation> {
  const loaded = await getScorecard(store, ruleset, version);
  const { scorecard } = loaded;
  const outcomes = await listOutcomes(store);

  // Outcomes that share a horizon time share one history read, page by page.
  // TODO: outcomes on many distinct dates cost one read each; a store reader
  // that takes an as-of time per account would make it one read per page.
  const byTime = new Map<number, { account: string; outcome: Outcome; at: Date }[]>();
  for (const o of outcomes) {
    const at = o.at;
    const t = at.getTime() - horizonDays * DAY_MS;
    const group = byTime.get(t) ?? [];
    group.push({ account: o.account, outcome: o.outcome, at });
    byTime.set(t, group);
  }
  const rows: ValidationRow[] = [];
  for (const [t, group] of byTime) {
    const asOf = new Date(t);
    for (let i = 0; i < group.length; i += DEFAULT_PAGE_SIZE) {
      const page = group.slice(i, i + DEFAULT_PAGE_SIZE);
      const ids = [...new Set(page.map((o) => o.account))];
      const histories = await loadHistories(store.sql, scorecard, ids, asOf);
      for (const o of page) {
        const r = scorecard.evaluateHistory(histories.get(o.account) ?? new Map(), {
          asOf,
          explain: false,
        });
        rows.push({ ...o, score: r.score, band: r.band });
      }
    }
  }

  return {
    ruleset,
    version: loaded.version.version,
    horizonDays,
    ...validate(rows, scorecard.bands),
  };
}

/**
 * One account under several versions of a ruleset at one time, side by side,
 * labelled `v1`, `v2`, …; deltas are against the first version listed.
 */
export async function compare(
  store: Store,
  account: string,
  ruleset: string,
  versions: readonly number[],
  asOf: Date = new Date(),
): Promise<ExplanationComparison & { account: string; ruleset: string }> {
  await requireAccount(store, account);
  const loaded = await Promise.all(versions.map((v) => getScorecard(store, ruleset, v)));
  const scorecards = loaded.map((l) => l.scorecard);
  const history = await readHistory(store, account, scorecards, [asOf]);
  const labelled = loaded.map((l) => ({ label: `v${l.version.version}`, scorecard: l.scorecard }));
  return { account, ruleset, ...compareExplanations(history, labelled, asOf) };
}

/**
 * Why an account's score moved from (version `from`, `t1`) to (version `to`,
 * `t2`): the rule part and the data part, per metric. Either version may be
 * null for the active one.
 */
export async function explainChange(
  store: Store,
  account: string,
  ruleset: string,
  versions: { from: number | null; to: number | null },
  t1: Date,
  t2: Date,
): Promise<ChangeAttribution & { account: string; ruleset: string }> {
  await requireAccount(store, account);
  const a = await getScorecard(store, ruleset, versions.from);
  const b = await getScorecard(store, ruleset, versions.to);
  const history = await readHistory(store, account, [a.scorecard, b.scorecard], [t1, t2]);
  const labels = { a: `v${a.version.version}`, b: `v${b.version.version}` };
  return {
    account,
    ruleset,
    ...attributeChange(history, { a: a.scorecard, b: b.scorecard, labels }, t1, t2),
  };
}

/**
 * Every account's history, page by page in id order, read so that each of
 * `scorecards` can be evaluated at `asOf`. The next page is read while the
 * caller works through the current one.
 */
export async function* streamHistories(
  store: Store,
  scorecards: readonly CompiledScorecard[],
  asOf: Date,
  pageSize = DEFAULT_PAGE_SIZE,
): AsyncGenerator<AccountHistory> {
  const readers = widestReaders(scorecards);
  const readPage = async (after: string | null) => {
    const ids = await pageAccountIds(store, after, pageSize);
    if (ids.length === 0) return null;
    return { ids, histories: await readMerged(store, readers, ids, [asOf]) };
  };

  let next = readPage(null);
  for (;;) {
    const page = await next;
    if (page === null) return;
    next = page.ids.length < pageSize ? Promise.resolve(null) : readPage(page.ids.at(-1)!);
    for (const id of page.ids) yield { id, history: page.histories.get(id) ?? new Map() };
  }
}

// ---------------------------------------------------------------------------
// Helpers

function side(loaded: LoadedScorecard): DiffSide {
  const { ruleset, version, hash } = loaded.version;
  return { version, hash, label: `${ruleset}@${version}` };
}

async function requireAccount(store: Store, account: string): Promise<void> {
  const rows = await store.sql.query(`select 1 from accounts where id = $1`, [account]);
  if (rows.length === 0) throw new NotFoundError(`no account "${account}"`);
}

async function readHistory(
  store: Store,
  account: string,
  scorecards: readonly CompiledScorecard[],
  times: readonly Date[],
): Promise<History> {
  const histories = await readMerged(store, widestReaders(scorecards), [account], times);
  return histories.get(account) ?? new Map();
}

/** Reads with each scorecard at each time, and merges the reads per account. */
async function readMerged(
  store: Store,
  readers: readonly CompiledScorecard[],
  ids: readonly string[],
  times: readonly Date[],
): Promise<Map<string, History>> {
  const reads: Map<string, History>[] = [];
  for (const t of times) {
    for (const card of readers) reads.push(await loadHistories(store.sql, card, ids, t));
  }
  if (reads.length === 1) return reads[0]!;
  return new Map(ids.map((id) => [id, mergeHistories(reads.map((r) => r.get(id)))]));
}

/**
 * The fewest scorecards whose reads cover them all. A scorecard whose
 * look-back reaches at least as far for every signal another one reads makes
 * that other one's read redundant; the usual diff (weights, curves, bands,
 * caps) reads the same signals on both sides, so one read serves both.
 */
function widestReaders(scorecards: readonly CompiledScorecard[]): CompiledScorecard[] {
  const spans = scorecards.map((card) => ({ card, days: lookbackDays(card) }));
  const covers = (x: Map<string, number>, y: Map<string, number>) =>
    [...y].every(([signal, d]) => (x.get(signal) ?? -1) >= d);
  const kept: typeof spans = [];
  for (const s of spans) {
    if (kept.some((k) => covers(k.days, s.days))) continue;
    // Drop what the new one covers, then keep it.
    for (let i = kept.length - 1; i >= 0; i--) if (covers(s.days, kept[i]!.days)) kept.splice(i, 1);
    kept.push(s);
  }
  return kept.map((k) => k.card);
}

/**
 * The union of several reads of one account's history. Each read is a
 * subset of the same stored series, so an observation is identified by its
 * time and value; the union is kept in time order.
 */
export function mergeHistories(reads: readonly (History | undefined)[]): History {
  const present = reads.filter((h): h is History => h !== undefined);
  if (present.length === 1) return present[0]!;
  const merged = new Map<string, SignalSeries>();
  const signals = new Set(present.flatMap((h) => [...h.keys()]));
  for (const signal of signals) {
    const seen = new Set<string>();
    const points: { t: number; v: SignalValue }[] = [];
    for (const h of present) {
      const s = h.get(signal);
      if (!s) continue;
      s.times.forEach((t, i) => {
        const v = s.values[i]!;
        const key = `${t}\u0000${typeof v}\u0000${String(v)}`;
        if (seen.has(key)) return;
        seen.add(key);
        points.push({ t, v });
      });
    }
    // A stable sort keeps same-instant values in the order the store gave them.
    points.sort((x, y) => x.t - y.t);
    merged.set(signal, { times: points.map((p) => p.t), values: points.map((p) => p.v) });
  }
  return merged;
}
