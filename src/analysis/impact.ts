/**
 * The impact of a rule change on every account at one as-of time: each
 * account is scored under both versions in the same pass, and only
 * aggregates and a bounded list of top movers are kept, so the memory used
 * does not grow with the number of accounts.
 *
 * Manual overrides set through the API are not applied: the impact is the
 * rules' own effect.
 */
import type { EvaluateOptions, HealthResult, History } from '../dsl/result.js';
import type { CompiledScorecard } from '../dsl/scorecard.js';
import { pointDeltas, pointsOf, scoreDelta, type MetricPointsDelta } from './points.js';
import { TopN } from './top-n.js';

/** The row and column name for results that were not scored. */
export const INSUFFICIENT_DATA = 'insufficient_data';

/** One account to score: its id and its full indexed history. */
export interface AccountHistory {
  id: string;
  history: History;
}

export interface ImpactOptions {
  /** How many top movers to report (default 10). */
  topMovers?: number;
}

/** One non-empty cell of the transition matrix. */
export interface TransitionCell {
  from: string;
  to: string;
  count: number;
}

/**
 * Accounts per (band under A, band under B). `from` lists A's bands best
 * first, `to` B's; `insufficient_data` is appended to a side only when some
 * account was not scored on it. `counts[i][j]` is the number of accounts in
 * `from[i]` under A and `to[j]` under B: a heat map reads it directly.
 * `cells` lists the non-zero counts, row by row.
 */
export interface TransitionMatrix {
  from: string[];
  to: string[];
  counts: number[][];
  cells: TransitionCell[];
}

/** An account whose score or band moved, with the metrics that moved it. */
export interface Mover {
  account: string;
  scoreBefore: number;
  scoreAfter: number;
  /** scoreAfter − scoreBefore, one decimal. */
  delta: number;
  bandBefore: string;
  bandAfter: string;
  /** Every metric of either version, largest |delta| first. */
  metrics: MetricPointsDelta[];
}

export interface ImpactReport {
  asOf: string;
  /** Accounts read. */
  accounts: number;
  /** Accounts scored under both versions: the base of the score statistics. */
  scoredBoth: number;
  insufficientBefore: number;
  insufficientAfter: number;
  /**
   * Accounts whose band differs, counting a move into or out of
   * `insufficient_data` as a band change.
   */
  bandChanged: number;
  /** Mean of (score under B − score under A) over `scoredBoth`; null when none. */
  meanScoreChange: number | null;
  /** The change of largest magnitude (ties: smallest account id); null when none. */
  largestScoreChange: { account: string; delta: number } | null;
  transitions: TransitionMatrix;
  /** Accounts scored under both whose score or band moved: every mover. */
  moved: number;
  /**
   * Accounts scored under both whose score or band moved, by |delta|
   * (largest first, ties by account id), at most `topMovers` of them.
   */
  topMovers: Mover[];
}

const DEFAULT_TOP_MOVERS = 10;

/**
 * Scores every account under `a` and `b` at `asOf` and summarises the
 * change. Reads each history once; accepts a plain or an async iterable so a
 * store can feed it page by page.
 */
export async function impact(
  accounts: AsyncIterable<AccountHistory> | Iterable<AccountHistory>,
  a: CompiledScorecard,
  b: CompiledScorecard,
  asOf: Date,
  options: ImpactOptions = {},
): Promise<ImpactReport> {
  const acc = new ImpactAccumulator(a, b, asOf, options);
  if (Symbol.asyncIterator in accounts) {
    for await (const { id, history } of accounts) acc.add(id, history);
  } else {
    // A plain loop: `for await` over a plain iterable costs a microtask per item.
    for (const { id, history } of accounts) acc.add(id, history);
  }
  return acc.finish();
}

interface Candidate {
  id: string;
  history: History;
  before: HealthResult;
  after: HealthResult;
  delta: number;
}

/**
 * The incremental form of `impact`, for callers that produce accounts in
 * batches: `add` each account, then `finish` once.
 */
export class ImpactAccumulator {
  private readonly asOf: string;
  /** One options object for every evaluation: a Date needs no parsing per call. */
  private readonly fast: EvaluateOptions;
  private readonly bandsA: BandIndex;
  private readonly bandsB: BandIndex;
  private readonly counts = new Map<number, Map<number, number>>();
  private readonly movers: TopN<Candidate>;
  private accounts = 0;
  private scoredBoth = 0;
  private insufficientBefore = 0;
  private insufficientAfter = 0;
  private bandChanged = 0;
  private moved = 0;
  private deltaSum = 0;
  private largest: { account: string; delta: number } | null = null;

  constructor(
    private readonly a: CompiledScorecard,
    private readonly b: CompiledScorecard,
    asOf: Date,
    options: ImpactOptions = {},
  ) {
    this.asOf = asOf.toISOString();
    this.fast = { asOf: new Date(asOf.getTime()), explain: false };
    this.bandsA = new BandIndex(a.bands.map((band) => band.name));
    this.bandsB = new BandIndex(b.bands.map((band) => band.name));
    this.movers = new TopN(options.topMovers ?? DEFAULT_TOP_MOVERS, ranksBefore);
  }

  /** Scores one account under both versions and folds it into the totals. */
  add(id: string, history: History): void {
    // Without explanations: the per-metric detail is computed again at the
    // end for the few accounts that make the top movers.
    const before = this.a.evaluateHistory(history, this.fast);
    const after = this.b.evaluateHistory(history, this.fast);
    this.accounts++;

    const from = this.bandsA.indexOf(before.band);
    const to = this.bandsB.indexOf(after.band);
    const row = this.counts.get(from) ?? new Map<number, number>();
    row.set(to, (row.get(to) ?? 0) + 1);
    this.counts.set(from, row);
    if (before.band !== after.band) this.bandChanged++;
    if (before.score === null) this.insufficientBefore++;
    if (after.score === null) this.insufficientAfter++;
    if (before.score === null || after.score === null) return;

    // Score statistics cover accounts scored under both versions only.
    const delta = scoreDelta(before.score, after.score);
    this.scoredBoth++;
    this.deltaSum += delta;
    const largest = this.largest;
    if (
      largest === null ||
      Math.abs(delta) > Math.abs(largest.delta) ||
      (Math.abs(delta) === Math.abs(largest.delta) && id < largest.account)
    ) {
      this.largest = { account: id, delta };
    }
    if (delta === 0 && before.band === after.band) return;
    this.moved++;
    const candidate = { id, history, before, after, delta };
    if (this.movers.wouldKeep(candidate)) this.movers.offer(candidate);
  }

  /** The report over every account added so far. */
  finish(): ImpactReport {
    return {
      asOf: this.asOf,
      accounts: this.accounts,
      scoredBoth: this.scoredBoth,
      insufficientBefore: this.insufficientBefore,
      insufficientAfter: this.insufficientAfter,
      bandChanged: this.bandChanged,
      meanScoreChange: this.scoredBoth === 0 ? null : this.deltaSum / this.scoredBoth,
      largestScoreChange: this.largest,
      transitions: this.matrix(),
      moved: this.moved,
      topMovers: this.movers.sorted().map((c) => this.explainMover(c)),
    };
  }

  private matrix(): TransitionMatrix {
    const from = this.bandsA.names(this.insufficientBefore > 0);
    const to = this.bandsB.names(this.insufficientAfter > 0);
    // Unscored results are counted under index -1, and shown last.
    const key = (names: string[], i: number) => (names[i] === INSUFFICIENT_DATA ? -1 : i);
    const counts = from.map((_, i) =>
      to.map((__, j) => this.counts.get(key(from, i))?.get(key(to, j)) ?? 0),
    );
    const cells: TransitionCell[] = [];
    counts.forEach((row, i) =>
      row.forEach((count, j) => {
        if (count > 0) cells.push({ from: from[i]!, to: to[j]!, count });
      }),
    );
    return { from, to, counts, cells };
  }

  private explainMover(c: Candidate): Mover {
    const before = this.a.evaluateHistory(c.history, { asOf: this.asOf, explain: true });
    const after = this.b.evaluateHistory(c.history, { asOf: this.asOf, explain: true });
    return {
      account: c.id,
      scoreBefore: c.before.score!,
      scoreAfter: c.after.score!,
      delta: c.delta,
      bandBefore: c.before.band!,
      bandAfter: c.after.band!,
      metrics: pointDeltas(pointsOf(before), pointsOf(after), true),
    };
  }
}

/** Larger |delta| first; equal magnitudes by account id, ascending. */
function ranksBefore(x: Candidate, y: Candidate): boolean {
  const dx = Math.abs(x.delta);
  const dy = Math.abs(y.delta);
  return dx !== dy ? dx > dy : x.id < y.id;
}

/**
 * Band names to matrix indexes. `insufficient_data` takes the index after
 * the declared bands; a band the evaluator reports but the scorecard does
 * not declare (which would be a bug elsewhere) is appended rather than lost.
 */
class BandIndex {
  private readonly index = new Map<string, number>();
  private readonly extra: string[] = [];

  constructor(private readonly declared: readonly string[]) {
    declared.forEach((name, i) => this.index.set(name, i));
  }

  indexOf(band: string | null): number {
    if (band === null) return -1;
    let i = this.index.get(band);
    if (i === undefined) {
      i = this.declared.length + this.extra.length;
      this.extra.push(band);
      this.index.set(band, i);
    }
    return i;
  }

  /** Names in index order; `insufficient_data` last, when wanted. */
  names(withInsufficient: boolean): string[] {
    return [...this.declared, ...this.extra, ...(withInsufficient ? [INSUFFICIENT_DATA] : [])];
  }
}
