/**
 * The API suites' harness: a store seeded with five accounts through the
 * store's own functions, a server on a free port, one token per role, and a
 * `gql` helper that speaks real HTTP.
 */
import { readFile } from 'node:fs/promises';
import { startApiServer, type ApiServer, type ApiServerOptions } from '../../src/api/server.js';
import type { QueryLimits } from '../../src/api/limits.js';
import {
  createToken,
  publishRules,
  recordObservations,
  recordOutcomes,
  rescore,
  type Store,
  type StoreLogger,
} from '../../src/store/index.js';

const DAY = 86_400_000;

/** The shipped default rules, the ruleset every suite scores with. */
export const DEFAULT_RULES = await readFile(
  new URL('../../rules/default.health', import.meta.url),
  'utf8',
);

/** The seeded accounts, by id, with what the default rules make of them. */
export const ACCOUNTS = {
  acme: { name: 'Acme Corp', segment: 'enterprise' }, // engaged promoter: healthy
  globex: { name: 'Globex', segment: 'mid-market' }, // detractor: capped at at_risk
  hooli: { name: 'Hooli', segment: 'enterprise' }, // missed milestone, CSAT 2: at_risk
  initech: { name: 'Initech', segment: 'smb' }, // usage dip: stable with usage_dip
  umbrella: { name: 'Umbrella', segment: 'smb' }, // two signals only: insufficient data
} as const;

type Profile = Record<string, number | boolean | [number | boolean, number][]>;

// Each signal is a value now, or a list of [value, days ago].
const PROFILES: Record<keyof typeof ACCOUNTS, Profile> = {
  acme: {
    seats: 10,
    active_users: [
      [8, 30],
      [9, 0],
    ],
    logins: [[12, 1]],
    onboarding_done: true,
    days_to_value: 5,
    nps: 60,
    csat: 5,
    open_tickets: 0,
    milestones_missed: 0,
    goals_met: 1,
  },
  globex: {
    seats: 10,
    active_users: [
      [8, 30],
      [9, 0],
    ],
    logins: [[12, 1]],
    onboarding_done: true,
    days_to_value: 5,
    nps: -40,
    csat: 5,
    open_tickets: 0,
    milestones_missed: 0,
    goals_met: 1,
  },
  hooli: {
    seats: 10,
    active_users: [
      [6, 30],
      [6, 0],
    ],
    logins: [[5, 2]],
    onboarding_done: true,
    days_to_value: 20,
    nps: 20,
    csat: 2,
    open_tickets: 8,
    milestones_missed: 2,
    goals_met: 0.4,
  },
  initech: {
    seats: 10,
    active_users: [
      [9, 30],
      [4, 0],
    ],
    logins: [[3, 1]],
    onboarding_done: true,
    days_to_value: 5,
    nps: 60,
    csat: 5,
    open_tickets: 0,
    milestones_missed: 0,
    goals_met: 1,
  },
  umbrella: { seats: 10, active_users: 9 },
};

/** Observations for the seeded accounts, timed relative to `now`. */
export function seedObservations(now: Date) {
  const records = [];
  for (const [account, profile] of Object.entries(PROFILES)) {
    for (const [signal, spec] of Object.entries(profile)) {
      // A single value is also observed 35 days back, so the earlier run has data.
      const points: [number | boolean, number][] = Array.isArray(spec)
        ? spec
        : [
            [spec, 35],
            [spec, 0],
          ];
      for (const [value, daysAgo] of points) {
        // A minute before now, so a rescore "now" reads it.
        const at = new Date(now.getTime() - daysAgo * DAY - 60_000).toISOString();
        records.push({ account, signal, value, at });
      }
    }
  }
  return records;
}

/** Tokens by role. */
export interface Tokens {
  viewer: string;
  ingest: string;
  editor: string;
  admin: string;
}

/**
 * Publishes the default rules, records the observations and two outcomes,
 * names the accounts, and scores everyone twice: 25 days ago and now, so
 * history, score changes and summaries have two runs to compare.
 */
export async function seed(store: Store, now = new Date()): Promise<Tokens> {
  await publishRules(store, {
    ruleset: 'default',
    source: DEFAULT_RULES,
    expectedVersion: null,
    message: 'first rules',
    author: 'seed',
  });
  await recordObservations(store, seedObservations(now));
  await recordOutcomes(store, [
    { account: 'acme', outcome: 'renewed', at: new Date(now.getTime() - 10 * DAY).toISOString() },
    { account: 'hooli', outcome: 'churned', at: new Date(now.getTime() - 5 * DAY).toISOString() },
  ]);
  for (const [id, info] of Object.entries(ACCOUNTS)) {
    await store.sql.query('update accounts set name = $2, segment = $3 where id = $1', [
      id,
      info.name,
      info.segment,
    ]);
  }
  await rescore(store, { asOf: new Date(now.getTime() - 25 * DAY) });
  await rescore(store, { asOf: now });
  return makeTokens(store);
}

/** One token per role. */
export async function makeTokens(store: Store): Promise<Tokens> {
  const make = async (role: keyof Tokens) =>
    (await createToken(store, { role, name: `${role}-test` })).token;
  return {
    viewer: await make('viewer'),
    ingest: await make('ingest'),
    editor: await make('editor'),
    admin: await make('admin'),
  };
}

/** A GraphQL answer with its HTTP status. */
export interface GqlAnswer<T = Record<string, any>> {
  status: number;
  data: T | null | undefined;
  errors: Array<{ message: string; path?: string[]; extensions?: Record<string, any> }> | undefined;
  headers: Headers;
}

/** A running test server. */
export interface TestServer {
  server: ApiServer;
  url: string;
  gql<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string | null,
  ): Promise<GqlAnswer<T>>;
}

/** Starts a server on a free port over `store`. */
export async function startTestServer(
  store: Store,
  options: {
    limits?: Partial<QueryLimits>;
    logger?: StoreLogger;
    production?: boolean;
    responseCache?: ApiServerOptions['responseCache'];
  } = {},
): Promise<TestServer> {
  const server = await startApiServer({
    store,
    port: 0,
    host: '127.0.0.1',
    production: options.production ?? false,
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.responseCache !== undefined ? { responseCache: options.responseCache } : {}),
  });
  return {
    server,
    url: server.url,
    async gql(query, variables, token) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      const res = await fetch(server.url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: any; errors?: any };
      return { status: res.status, data: body.data, errors: body.errors, headers: res.headers };
    },
  };
}

/**
 * A logger that keeps the statements the store logs (`sql` lines), for
 * counting them; everything else is dropped.
 */
export function statementLogger(): StoreLogger & { statements: string[] } {
  const statements: string[] = [];
  const nothing = () => {};
  return {
    statements,
    debug(obj: object, msg?: string) {
      const sql = (obj as { sql?: unknown }).sql;
      if (msg === 'sql' && typeof sql === 'string') statements.push(sql);
    },
    info: nothing,
    warn: nothing,
    error: nothing,
  };
}

/** A logger that keeps what it is given, for assertions. */
export function recordingLogger(): StoreLogger & {
  lines: { level: string; obj: Record<string, unknown>; msg?: string }[];
} {
  const lines: { level: string; obj: Record<string, unknown>; msg?: string }[] = [];
  const at = (level: string) => (obj: object, msg?: string) =>
    lines.push({ level, obj: obj as Record<string, unknown>, ...(msg ? { msg } : {}) });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
