/**
 * A realistic synthetic data set: accounts in three segments, six months of
 * observations for every signal of a scorecard, and renewal outcomes.
 *
 * Each account has a latent health in 0..1 that drifts from day to day (some
 * accounts improve, some decline). Every signal is drawn from it with noise,
 * so the scores the rules compute follow the latent health, and the outcomes
 * are drawn from the same latent health: better bands renew more, which is
 * what `validate` should find. Known signal names get generators that behave
 * like the real thing (daily active users, quarterly NPS surveys, sign-in
 * days); any other signal gets a weekly generic one by type.
 *
 * Everything comes from a seeded generator, one stream per account, so the
 * same seed and end date give exactly the same records.
 */
import { createHash } from 'node:crypto';
import type { CompiledScorecard, SignalInfo, SignalValue } from '../dsl/index.js';
import type { Sql, Store } from './db.js';
import { NotFoundError } from './errors.js';
import { ingestObservations, ingestOutcomes } from './ingest.js';
import type { ObservationRecord, OutcomeKind, OutcomeRecord, ReadItem } from './records.js';
import { rescore, type RescoreSummary } from './rescore.js';
import {
  activateVersion,
  compileVersion,
  getRuleVersion,
  hashSource,
  listVersions,
  publishRules,
  type RuleVersion,
} from './rules.js';
import { createToken } from './tokens.js';

/** mulberry32: a tiny, fast, well-mixed 32-bit generator; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface DemoOptions {
  seed?: number;
  accounts?: number;
  /** The last day of data (midnight UTC); the six months end here. */
  end: Date;
  /** Days of history (default 180). */
  days?: number;
}

export interface DemoAccount {
  id: string;
  name: string;
  segment: Segment;
}

export type Segment = 'SMB' | 'mid-market' | 'enterprise';

const DAY_MS = 86_400_000;

interface Profile {
  segment: Segment;
  /** Share of accounts. */
  share: number;
  seats: [number, number];
  /** Mean starting health. */
  health: number;
}

const PROFILES: Profile[] = [
  { segment: 'SMB', share: 0.6, seats: [5, 40], health: 0.55 },
  { segment: 'mid-market', share: 0.3, seats: [40, 300], health: 0.6 },
  { segment: 'enterprise', share: 0.1, seats: [300, 2_500], health: 0.65 },
];

/** The accounts of a demo, in id order. */
export function demoAccounts(options: Pick<DemoOptions, 'seed' | 'accounts'>): DemoAccount[] {
  const n = options.accounts ?? 2_000;
  const seed = options.seed ?? 1;
  return Array.from({ length: n }, (_, i) => {
    const rng = accountRng(seed, i);
    return { id: accountId(i), name: companyName(rng), segment: pickProfile(rng()).segment };
  });
}

/**
 * One account's simulated life: its latent health per day, oldest first,
 * and the records drawn from it. Pure: same inputs, same output.
 */
export function simulateAccount(
  index: number,
  signals: readonly SignalInfo[],
  options: DemoOptions,
): { observations: ObservationRecord[]; outcome: OutcomeRecord | null } {
  const days = options.days ?? 180;
  const rng = accountRng(options.seed ?? 1, index);
  const id = accountId(index);
  companyName(rng); // keep the stream aligned with demoAccounts
  const profile = pickProfile(rng());
  const start = options.end.getTime() - (days - 1) * DAY_MS;
  const at = (day: number) => new Date(start + day * DAY_MS).toISOString();

  // 1. The latent health: a mean-reverting walk around a drifting target.
  const trend = rng() < 0.25 ? (rng() - 0.5) * 0.006 : 0;
  let target = clamp(profile.health + normal(rng) * 0.2, 0.05, 0.95);
  let h = target;
  const health: number[] = [];
  for (let d = 0; d < days; d++) {
    target = clamp(target + trend, 0.02, 0.98);
    h = clamp(h + 0.08 * (target - h) + normal(rng) * 0.02, 0, 1);
    health.push(h);
  }

  // 2. Feed problems: some accounts stop sending usage (stale signals), and
  //    every feed drops a few days.
  const usageStops = rng() < 0.06 ? days - 20 - Math.floor(rng() * 40) : days;
  const seats = Math.round(profile.seats[0] + rng() * (profile.seats[1] - profile.seats[0]));
  const ctx: SignalContext = { rng, health, days, seats, usageStops };

  const observations: ObservationRecord[] = [];
  for (const signal of signals) {
    const generate = GENERATORS[signal.name] ?? genericGenerator(signal);
    for (const [day, value] of generate(ctx)) {
      observations.push({ account: id, signal: signal.name, value, at: at(day) });
    }
  }

  // 3. About half the accounts reach renewal in the last two months. The
  //    chance to renew follows the health 90 days before, plus what happened
  //    since, plus noise nobody could score.
  let outcome: OutcomeRecord | null = null;
  if (rng() < 0.5) {
    const day = days - 1 - Math.floor(rng() * 60);
    const before = health[Math.max(0, day - 90)]!;
    const p = 1 / (1 + Math.exp(-(6 * (0.6 * before + 0.4 * health[day]! - 0.45))));
    const renewed = rng() < p;
    const kind: OutcomeKind = !renewed
      ? 'churned'
      : health[day]! > 0.7 && rng() < 0.5
        ? 'expanded'
        : 'renewed';
    outcome = { account: id, outcome: kind, at: at(day) };
  }
  return { observations, outcome };
}

export interface DemoData {
  accounts: number;
  observations: number;
  outcomes: number;
  /** sha256 over every record in order: equal for equal seeds and end dates. */
  checksum: string;
}

/**
 * Streams a demo's observations as read lines (for `ingestObservations`),
 * collecting its outcomes and a running checksum in `sink`.
 */
export async function* demoObservations(
  scorecard: CompiledScorecard,
  options: DemoOptions,
  sink: { outcomes: OutcomeRecord[]; hash: ReturnType<typeof createHash>; count: number },
): AsyncGenerator<ReadItem<ObservationRecord>> {
  const n = options.accounts ?? 2_000;
  let line = 0;
  for (let i = 0; i < n; i++) {
    const { observations, outcome } = simulateAccount(i, scorecard.signals, options);
    for (const record of observations) {
      sink.hash.update(`${record.account},${record.signal},${String(record.value)},${record.at}\n`);
      sink.count++;
      yield { line: ++line, record };
    }
    if (outcome) {
      sink.hash.update(`${outcome.account},${outcome.outcome},${outcome.at}\n`);
      sink.outcomes.push(outcome);
    }
  }
}

/** Stores the demo's accounts with their names and segments. */
export async function storeDemoAccounts(sql: Sql, accounts: readonly DemoAccount[]): Promise<void> {
  for (let i = 0; i < accounts.length; i += 5_000) {
    const page = accounts.slice(i, i + 5_000);
    await sql.query(
      `insert into accounts (id, name, segment)
       select * from unnest($1::text[], $2::text[], $3::text[])
       on conflict (id) do update set name = excluded.name, segment = excluded.segment`,
      [page.map((a) => a.id), page.map((a) => a.name), page.map((a) => a.segment)],
    );
  }
}

export interface LoadDemoOptions extends DemoOptions {
  /** The rules to publish and activate (normally `rules/default.health`). */
  rulesSource: string;
  ruleset?: string;
  /** Progress of the slow steps: observations stored, then accounts rescored. */
  onProgress?: (step: 'observations' | 'rescore', done: number, total?: number) => void;
}

export interface DemoSummary extends DemoData {
  version: number;
  rescore: RescoreSummary;
  /** An admin token, shown once. */
  token: string;
}

/**
 * Loads a demo into the store: accounts, observations and outcomes; the rules
 * published by `demo` (or an identical version reused) and activated; every
 * account scored as of the end date; and a new admin token.
 */
export async function loadDemo(store: Store, options: LoadDemoOptions): Promise<DemoSummary> {
  const ruleset = options.ruleset ?? 'default';

  // 1. Publish the rules first: they fail fast, and the generators need
  //    their signals.
  const version = await publishOrReuse(store, ruleset, options.rulesSource);
  const scorecard = compileVersion(version);

  // 2. Accounts, then their observations streamed into batched inserts.
  const accounts = demoAccounts(options);
  await storeDemoAccounts(store.sql, accounts);
  const sink = { outcomes: [] as OutcomeRecord[], hash: createHash('sha256'), count: 0 };
  await ingestObservations(store, demoObservations(scorecard, options, sink), {
    onBatch: (p) => options.onProgress?.('observations', p.accepted),
  });
  await ingestOutcomes(
    store,
    sink.outcomes.map((record, i) => ({ line: i + 1, record })),
  );

  // 3. Score everyone as of the last day, and hand out a token.
  const summary = await rescore(store, {
    ruleset,
    asOf: options.end,
    onProgress: (done, total) => options.onProgress?.('rescore', done, total),
  });
  const token = await createToken(store, { role: 'admin', name: 'demo' });
  // Fresh statistics for the planner: right after a bulk load it would
  // otherwise guess, and pick sequential scans over the new indexes' data.
  await store.sql.query('analyze');
  return {
    accounts: accounts.length,
    observations: sink.count,
    outcomes: sink.outcomes.length,
    checksum: sink.hash.digest('hex'),
    version: version.version,
    rescore: summary,
    token: token.token,
  };
}

/** Activates the version holding `source`, publishing it as `demo` when none does. */
async function publishOrReuse(store: Store, ruleset: string, source: string): Promise<RuleVersion> {
  const hash = hashSource(source);
  const versions = await listVersions(store, ruleset).catch((err: unknown) => {
    if (err instanceof NotFoundError) return [];
    throw err;
  });
  const same = versions.find((v) => v.hash === hash);
  let number: number;
  if (same) {
    number = same.version;
  } else {
    const published = await publishRules(store, {
      ruleset,
      source,
      expectedVersion: versions[0]?.version ?? null,
      message: 'demo data set',
      author: 'demo',
    });
    number = published.version;
  }
  await activateVersion(store, { ruleset, version: number, actor: 'demo' });
  return getRuleVersion(store, ruleset, number);
}

// ---------------------------------------------------------------------------
// Signal generators: each returns (day, value) pairs, days ascending.

interface SignalContext {
  rng: () => number;
  health: number[];
  days: number;
  seats: number;
  usageStops: number;
}

type Generator = (ctx: SignalContext) => Array<[number, SignalValue]>;

const every = (ctx: SignalContext, step: number, offset: number, until = ctx.days) => {
  const out: number[] = [];
  for (let d = offset % step; d < until; d += step) out.push(d);
  return out;
};

const GENERATORS: Record<string, Generator> = {
  seats: (ctx) => every(ctx, 7, 3).map((d) => [d, ctx.seats]),

  active_users: (ctx) =>
    every(ctx, 1, 0, ctx.usageStops)
      .filter(() => ctx.rng() > 0.05)
      .map((d) => {
        const share = clamp(0.05 + 0.9 * ctx.health[d]! + normal(ctx.rng) * 0.05, 0, 1);
        return [d, Math.round(ctx.seats * share)];
      }),

  logins: (ctx) =>
    every(ctx, 1, 0, ctx.usageStops)
      .filter((d) => ctx.rng() < 0.15 + 0.8 * ctx.health[d]!)
      .map((d) => [d, 1 + Math.floor(ctx.rng() * ctx.seats * ctx.health[d]!)]),

  onboarding_done: (ctx) => {
    const done = ctx.rng() < 0.4 + 0.6 * ctx.health[0]!;
    const day = Math.floor(ctx.rng() * 20);
    return [[day, done]];
  },

  days_to_value: (ctx) => [
    [
      Math.floor(ctx.rng() * 20),
      Math.round(clamp(60 * (1 - ctx.health[0]!) ** 1.5 + ctx.rng() * 10, 1, 90)),
    ],
  ],

  nps: (ctx) =>
    every(ctx, 90, Math.floor(ctx.rng() * 90))
      .filter(() => ctx.rng() < 0.8)
      .map((d) => [
        d,
        Math.round(clamp(-100 + 200 * ctx.health[d]! + normal(ctx.rng) * 25, -100, 100)),
      ]),

  csat: (ctx) =>
    every(ctx, 30, Math.floor(ctx.rng() * 30))
      .filter(() => ctx.rng() < 0.7)
      .map((d) => [d, Math.round(clamp(1 + 4 * ctx.health[d]! + normal(ctx.rng) * 0.6, 1, 5))]),

  open_tickets: (ctx) =>
    every(ctx, 7, Math.floor(ctx.rng() * 7)).map((d) => [
      d,
      Math.max(0, Math.round((1 - ctx.health[d]!) * 8 + normal(ctx.rng) * 1.5)),
    ]),

  milestones_missed: (ctx) =>
    every(ctx, 30, Math.floor(ctx.rng() * 30)).map((d) => {
      const h = ctx.health[d]!;
      return [
        d,
        h > 0.65 ? 0 : h > 0.4 ? (ctx.rng() < 0.5 ? 1 : 0) : 1 + Math.floor(ctx.rng() * 3),
      ];
    }),

  goals_met: (ctx) =>
    every(ctx, 30, Math.floor(ctx.rng() * 30)).map((d) => [
      d,
      round2(clamp(ctx.health[d]! + normal(ctx.rng) * 0.1, 0, 1)),
    ]),
};

/** Weekly values of any other signal, following the latent health by type. */
function genericGenerator(signal: SignalInfo): Generator {
  return (ctx) =>
    every(ctx, 7, Math.floor(ctx.rng() * 7)).map((d): [number, SignalValue] => {
      const h = clamp(ctx.health[d]! + normal(ctx.rng) * 0.1, 0, 1);
      if (signal.type === 'boolean') return [d, h > 0.5];
      if (signal.type === 'text') return [d, h > 0.66 ? 'high' : h > 0.33 ? 'medium' : 'low'];
      return [d, round2(100 * h)];
    });
}

// ---------------------------------------------------------------------------
// Helpers

function accountRng(seed: number, index: number): () => number {
  // Mix seed and index so neighbouring accounts do not get correlated streams.
  return mulberry32(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35));
}

function accountId(index: number): string {
  return `acct-${String(index + 1).padStart(5, '0')}`;
}

function pickProfile(u: number): Profile {
  let acc = 0;
  for (const p of PROFILES) {
    acc += p.share;
    if (u < acc) return p;
  }
  return PROFILES[PROFILES.length - 1]!;
}

const FIRST = [
  'North',
  'Blue',
  'Iron',
  'Bright',
  'Silver',
  'Pine',
  'Quarry',
  'Harbor',
  'Lumen',
  'Vertex',
];
const SECOND = [
  'wind',
  'field',
  'stone',
  'path',
  'works',
  'line',
  'gate',
  'forge',
  'leaf',
  'point',
];
const SUFFIX = ['Labs', 'Systems', 'Logistics', 'Health', 'Foods', 'Analytics', 'Retail', 'Group'];

function companyName(rng: () => number): string {
  const pick = (list: string[]) => list[Math.floor(rng() * list.length)]!;
  return `${pick(FIRST)}${pick(SECOND)} ${pick(SUFFIX)}`;
}

/** A standard normal draw (Box-Muller). */
function normal(rng: () => number): number {
  const u = Math.max(rng(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
