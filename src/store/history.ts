/**
 * Point-in-time history reads: the observations an evaluation at as-of T may
 * read, and nothing after T.
 *
 * How far back to read is worked out from the rules. For each signal let W be
 * the longest window any function applies to it (`change(s, 30d)` → 30 days;
 * 0 when it is only read directly). Every read the evaluator makes of that
 * signal is either "the latest value at or before X" for some X in
 * [T − W, T], or a window inside (T − W, T]. So it is enough to load the
 * observations in (T − W, T] plus one anchor: the latest observation at or
 * before T − W. Staleness and `age` are then computed from exactly the
 * observations a full read would have found, whatever the signal's max_age.
 */
import type { ast, CompiledScorecard, History, SignalSeries, SignalValue } from '../dsl/index.js';
import type { Sql } from './db.js';

const DAY_MS = 86_400_000;

/** How many days back each signal must be read, beyond its latest value. */
export function lookbackDays(scorecard: CompiledScorecard): Map<string, number> {
  const days = new Map<string, number>(scorecard.signals.map((s) => [s.name, 0]));
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    const n = node as { kind?: string };
    if (n.kind === 'Call') {
      const call = node as ast.CallExpr;
      const signal = call.args.find((a): a is ast.SignalRef => a.kind === 'Ref');
      for (const arg of call.args) {
        if (signal && arg.kind === 'Duration') {
          days.set(signal.name, Math.max(days.get(signal.name) ?? 0, arg.days));
        }
      }
    }
    for (const [key, value] of Object.entries(node)) {
      if (key !== 'range') visit(value);
    }
  };
  // Test blocks never run against stored data; only rules decide what is read.
  visit(scorecard.ast.body.filter((d) => d.kind !== 'Test'));
  return days;
}

/**
 * Loads the histories of several accounts as of `asOf` in one query, reading
 * only the observations the rules can use (see the module comment). Accounts
 * without observations get an empty history.
 */
export async function loadHistories(
  sql: Sql,
  scorecard: CompiledScorecard,
  accounts: readonly string[],
  asOf: Date,
): Promise<Map<string, History>> {
  const result = new Map<string, History>();
  for (const account of accounts) result.set(account, new Map());
  if (accounts.length === 0) return result;

  const lookback = lookbackDays(scorecard);
  const signals = [...lookback.keys()];
  const since = signals.map((s) => new Date(asOf.getTime() - lookback.get(s)! * DAY_MS));
  const rows = await sql.query<{ account: string; signal: string; t: number; value: unknown }>(
    `with want as (
       select * from unnest($2::text[], $3::text[]::timestamptz[]) as w(signal, since)),
     picked as (
       select o.account, o.signal, o.at, o.id, o.value
       from want w
       join observations o on o.signal = w.signal
       where o.account = any($1::text[]) and o.at > w.since and o.at <= $4
       union all
       select l.account, l.signal, l.at, l.id, l.value
       from unnest($1::text[]) as a(account)
       cross join want w
       cross join lateral (
         select o.account, o.signal, o.at, o.id, o.value
         from observations o
         where o.account = a.account and o.signal = w.signal and o.at <= w.since
         order by o.at desc, o.id desc
         limit 1) l)
     select account, signal, (extract(epoch from at) * 1000)::float8 as t, value
     from picked
     order by account, signal, at, id`,
    [accounts, signals, since, asOf],
  );

  // Rows come sorted by account, signal and time, with ties in arrival
  // order, so a later correction at the same instant is read as the latest.
  let series: { times: number[]; values: SignalValue[] } | undefined;
  let key = '';
  for (const row of rows) {
    const k = `${row.account}\u0000${row.signal}`;
    if (k !== key) {
      key = k;
      series = { times: [], values: [] };
      (result.get(row.account) as Map<string, SignalSeries>).set(row.signal, series);
    }
    series!.times.push(row.t);
    series!.values.push(row.value as SignalValue);
  }
  return result;
}
