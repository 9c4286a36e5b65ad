/**
 * The GraphQL API under load: the dashboard list and one account's full
 * explanation, each served over the same resolver functions through the
 * type-graphql schema and through a plain graphql-js schema built from the
 * printed SDL (what type-graphql costs), with the response cache off
 * ("cold": every request runs its resolvers and statements; the token and
 * rule caches stay on) and on ("warm": no writes happen during a run, so
 * every request after the first is answered from the cache). Each back end
 * gets the demo data: embedded PGlite always, PostgreSQL when it answers.
 *
 * Servers listen on 127.0.0.1 only; autocannon runs in a child process so
 * the load generator does not share this process's event loop (it does share
 * the machine's cores). Beside the client's figures, each run prints where
 * the time went on the server: its own time per request (from the request
 * log), statements and raw-SQL time per request, event-loop delay and GC.
 *
 *   BENCH_SCALE       share of the demo's 2,000 accounts (default 0.25)
 *   BENCH_DURATION    seconds per run (default 5)
 *   BENCH_CONNECTIONS concurrent clients (default 50)
 *   BENCH_PG_URL      a PostgreSQL server to create a scratch database on
 *                     (default postgres://postgres@127.0.0.1:5432/test)
 *
 * Targets: type-graphql within 15% of plain graphql-js; p99 under 100 ms.
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import postgres from 'postgres';
import { DateTimeResolver } from 'graphql-scalars';
import {
  buildSchema,
  printSchema,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from '../src/api/graphql.js';
import { CAN_READ } from '../src/api/auth.js';
import { DEFAULT_RULESET, type ApiContext } from '../src/api/context.js';
import { apiError } from '../src/api/errors.js';
import { resolveHealth } from '../src/api/health.js';
import { listAccounts, selectsMetrics } from '../src/api/resolvers/account.js';
import { createSchema } from '../src/api/schema.js';
import { startApiServer } from '../src/api/server.js';
import { SignalValueScalar } from '../src/api/types/scalars.js';
import { loadDemo } from '../src/store/demo.js';
import { openStore, type Store, type StoreLogger } from '../src/store/index.js';

const scale = Number(process.env.BENCH_SCALE ?? 0.25);
const duration = Number(process.env.BENCH_DURATION ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const pgUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const DASHBOARD = '{ accounts(first: 50) { edges { node { health { score band { name } } } } } }';
const explanation = (id: string) => `{ account(id: "${id}") { id name health {
  score rawScore status coverage asOf source
  band { name color action }
  metrics { group metric value score status reason nominalWeight effectiveWeight points
    headroom branch signals { signal value at ageDays stale } location { line column } }
  overrides { kind band reason applied }
  alerts { name severity message signals { signal value } }
  ruleVersion { ruleset version hash } } } }`;

/**
 * The same schema without type-graphql: the printed SDL, with the same
 * resolver functions attached by hand (and the same role check inline).
 */
function plainSchema(from: GraphQLSchema): GraphQLSchema {
  const schema = buildSchema(printSchema(from));
  const canRead = (ctx: ApiContext) => {
    if (!ctx.caller || !CAN_READ.includes(ctx.caller.role)) throw apiError('FORBIDDEN', 'no');
  };
  const fields = (type: string) => (schema.getType(type) as any).getFields();
  fields('Query').account.resolve = (_: unknown, args: { id: string }, ctx: ApiContext) => {
    canRead(ctx);
    return ctx.loaders.accounts.load(args.id);
  };
  fields('Query').accounts.resolve = (_: unknown, a: Record<string, any>, ctx: ApiContext) => {
    canRead(ctx);
    return listAccounts(ctx, {
      band: a.band ?? null,
      minScore: a.minScore ?? null,
      maxScore: a.maxScore ?? null,
      alert: a.alert ?? null,
      orderBy: a.orderBy,
      direction: a.direction,
      changeSince: a.changeSince ?? null,
      first: a.first,
      after: a.after ?? null,
    });
  };
  fields('Account').health.resolve = (
    account: { id: string },
    a: Record<string, any>,
    ctx: ApiContext,
    info: GraphQLResolveInfo,
  ) =>
    resolveHealth(ctx, account.id, {
      ruleset: a.ruleset ?? DEFAULT_RULESET,
      version: a.version ?? null,
      asOf: a.asOf ?? null,
      metrics: selectsMetrics(info),
    });
  // Scalars from SDL pass values through; give them the real behaviour.
  Object.assign(schema.getType('DateTime')!, {
    serialize: DateTimeResolver.serialize,
    parseValue: DateTimeResolver.parseValue,
    parseLiteral: DateTimeResolver.parseLiteral,
  });
  Object.assign(schema.getType('SignalValue')!, {
    serialize: SignalValueScalar.serialize,
    parseValue: SignalValueScalar.parseValue,
    parseLiteral: SignalValueScalar.parseLiteral,
  });
  return schema;
}

/** What the client saw in one run. */
interface Run {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  /** The client's own event-loop delay, p99 and max, in ms: high means it was starved. */
  clientLoop99: number;
  clientLoopMax: number;
  errors: number;
  non2xx: number;
}

/** Runs autocannon in a child process and returns its summary. */
function load(url: string, token: string, query: string): Promise<Run> {
  const script = `
    import autocannon from 'autocannon';
    import { monitorEventLoopDelay } from 'node:perf_hooks';
    const [url, token, query, duration, connections] = process.argv.slice(1);
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const r = await autocannon({
      url, method: 'POST', duration: Number(duration), connections: Number(connections),
      headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token },
      body: JSON.stringify({ query }),
    });
    process.stdout.write(JSON.stringify({
      requests: r.requests.total, rps: r.requests.average, p50: r.latency.p50,
      p99: r.latency.p99, max: r.latency.max, errors: r.errors, non2xx: r.non2xx,
      clientLoop99: loop.percentile(99) / 1e6, clientLoopMax: loop.max / 1e6,
    }));`;
  return new Promise((resolve, reject) => {
    const args = [script, url, token, query, String(duration), String(connections)];
    const child = spawn(process.execPath, ['--input-type=module', '-e', ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out) as Run) : reject(new Error(`autocannon exited ${code}`)),
    );
  });
}

/**
 * What the server did meanwhile: request-log durations, statements (from the
 * store's statement log), time in raw SQL (`store.sql`; drizzle's few
 * statements are not timed), event-loop delay and GC pauses.
 */
class Meter {
  durations: number[] = [];
  statements = 0;
  sqlMs = 0;
  gcMs = 0;
  private loop = monitorEventLoopDelay({ resolution: 5 });
  private gc = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) this.gcMs += e.duration;
  });

  /** The logger to open the store with: counts statements, keeps request durations. */
  readonly logger: StoreLogger = {
    debug: (_obj, msg) => {
      if (msg === 'sql') this.statements++;
    },
    info: (obj) => {
      const ms = (obj as { durationMs?: number }).durationMs;
      if (typeof ms === 'number') this.durations.push(ms);
    },
    warn: () => {},
    error: () => {},
  };

  /** `store` with its raw statements timed into `sqlMs`. */
  timed(store: Store): Store {
    return {
      ...store,
      sql: {
        query: async (text, params) => {
          const started = performance.now();
          try {
            return await store.sql.query(text, params);
          } finally {
            this.sqlMs += performance.now() - started;
          }
        },
      },
    } as Store;
  }

  start(): void {
    this.durations = [];
    this.statements = 0;
    this.sqlMs = 0;
    this.gcMs = 0;
    this.loop.reset();
    this.loop.enable();
    this.gc.observe({ entryTypes: ['gc'] });
  }

  /** The server-side columns of one run. */
  stop(): string {
    this.loop.disable();
    this.gc.disconnect();
    const n = Math.max(1, this.durations.length);
    const sorted = [...this.durations].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * n))] ?? 0;
    const cells = [
      at(0.5).toFixed(1),
      at(0.99).toFixed(1),
      (this.statements / n).toFixed(1),
      (this.sqlMs / n).toFixed(2),
      (this.loop.percentile(99) / 1e6).toFixed(0),
      (this.loop.max / 1e6).toFixed(0),
      this.gcMs.toFixed(0),
    ];
    return cells.map((c) => c.padStart(8)).join('');
  }
}

/** Loads the demo into `store`; returns the token and one account id. */
async function demoInto(store: Store, label: string): Promise<{ token: string; id: string }> {
  const rulesSource = await readFile(new URL('../rules/default.health', import.meta.url), 'utf8');
  const end = new Date();
  end.setUTCHours(0, 0, 0, 0);
  const accounts = Math.max(50, Math.round(2000 * scale));
  const started = performance.now();
  const demo = await loadDemo(store, { rulesSource, end, accounts });
  process.stdout.write(
    `${label}: ${demo.accounts} accounts, ${demo.observations} observations ` +
      `(${((performance.now() - started) / 1000).toFixed(1)} s)\n`,
  );
  const [first] = await store.sql.query<{ id: string }>(
    'select id from accounts order by id limit 1',
  );
  return { token: demo.token, id: first!.id };
}

async function post(url: string, token: string, query: string): Promise<string> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  return res.text();
}

/** Every run on one back end, printed as it goes. */
async function benchBackend(
  label: string,
  base: Store,
  meter: Meter,
): Promise<{ rows: string[]; notes: string[] }> {
  const { token, id } = await demoInto(base, label);
  const store = meter.timed(base);
  const typed = await createSchema();
  const schemas = { 'graphql-js': plainSchema(typed), 'type-graphql': typed };
  const servers = [];
  for (const cache of ['cold', 'warm'] as const) {
    for (const [name, schema] of Object.entries(schemas)) {
      const server = await startApiServer({
        store,
        port: 0,
        host: '127.0.0.1',
        production: true,
        schema,
        logger: meter.logger,
        ...(cache === 'cold' ? { responseCache: false as const } : {}),
      });
      servers.push({ cache, name, server });
    }
  }
  const queries = { dashboard: DASHBOARD, explanation: explanation(id) };
  const rows: string[] = [];
  const notes: string[] = [];
  try {
    // 1. Every server gives the same answer.
    for (const [name, query] of Object.entries(queries)) {
      const answers = await Promise.all(servers.map((s) => post(s.server.url, token, query)));
      if (answers.some((a) => a !== answers[0]) || answers[0]!.includes('"errors"')) {
        throw new Error(`the servers answer ${name} differently:\n${answers.join('\n')}`);
      }
    }

    // 2. One request at a time, cold: where a lone request's time goes.
    const cold = servers.find((s) => s.cache === 'cold' && s.name === 'type-graphql')!;
    for (const [name, query] of Object.entries(queries)) {
      for (let i = 0; i < 30; i++) await post(cold.server.url, token, query);
      meter.start();
      const started = performance.now();
      const n = 100;
      for (let i = 0; i < n; i++) await post(cold.server.url, token, query);
      const total = (performance.now() - started) / n;
      meter.stop();
      const server = meter.durations.reduce((a, b) => a + b, 0) / n;
      notes.push(
        `${label} ${name}, one request at a time (type-graphql, cold): ${total.toFixed(1)} ms ` +
          `round trip = ${server.toFixed(1)} ms in the server, of which ` +
          `${(meter.sqlMs / n).toFixed(1)} ms in ${(meter.statements / n).toFixed(1)} ` +
          `statements; the rest is GraphQL, JSON and HTTP`,
      );
      process.stdout.write(`${notes.at(-1)}\n`);
    }

    // 3. Under load.
    for (const [name, query] of Object.entries(queries)) {
      for (const cache of ['cold', 'warm'] as const) {
        const rps: Record<string, number> = {};
        for (const schemaName of Object.keys(schemas)) {
          const s = servers.find((x) => x.cache === cache && x.name === schemaName)!;
          meter.start();
          const run = await load(s.server.url, token, query);
          const server = meter.stop();
          if (run.errors > 0 || run.non2xx > 0) {
            throw new Error(`${name}: ${run.errors} errors, ${run.non2xx} non-2xx responses`);
          }
          rps[schemaName] = run.rps;
          const overhead =
            schemaName === 'type-graphql'
              ? `${(((rps['graphql-js']! - run.rps) / rps['graphql-js']!) * 100).toFixed(1)}%`
              : '';
          const row =
            `${label.padEnd(9)}${name.padEnd(12)}${cache.padEnd(6)}${schemaName.padEnd(13)}` +
            `${run.rps.toFixed(0).padStart(7)}${String(run.p50).padStart(7)}` +
            `${String(run.p99).padStart(7)}${String(run.max).padStart(7)}` +
            `${overhead.padStart(9)}${server}` +
            `${run.clientLoop99.toFixed(0).padStart(8)}${run.clientLoopMax.toFixed(0).padStart(8)}`;
          rows.push(row);
          process.stdout.write(`${row}\n`);
        }
      }
    }
  } finally {
    await Promise.all(servers.map((s) => s.server.close()));
  }
  return { rows, notes };
}

const HEADER =
  `${'store'.padEnd(9)}${'query'.padEnd(12)}${'cache'.padEnd(6)}${'schema'.padEnd(13)}` +
  `${'req/s'.padStart(7)}${'p50'.padStart(7)}${'p99'.padStart(7)}${'max'.padStart(7)}` +
  `${'overhead'.padStart(9)}` +
  ['srv p50', 'srv p99', 'stmt/rq', 'sql ms', 'loop99', 'loopmax', 'gc ms', 'cli99', 'climax']
    .map((c) => c.padStart(8))
    .join('');

process.stdout.write(
  `${connections} connections, ${duration} s per run; client latencies in ms; ` +
    `"srv" = the server's own time per request (request log), "sql ms" = raw-SQL time per ` +
    `request, "loop" = the server's event-loop delay in ms, "gc ms" = total GC pause in the ` +
    `run, "cli" = the load generator's own event-loop delay in ms\n`,
);
const results = { rows: [] as string[], notes: [] as string[] };
const keep = (r: { rows: string[]; notes: string[] }) => {
  results.rows.push(...r.rows);
  results.notes.push(...r.notes);
};

// 1. The embedded database, in memory.
{
  const meter = new Meter();
  const store = await openStore({ dataDir: 'memory://', logger: meter.logger });
  try {
    process.stdout.write(`${HEADER}\n`);
    keep(await benchBackend('pglite', store, meter));
  } finally {
    await store.close();
  }
}

// 2. PostgreSQL, in a scratch database dropped afterwards, when a server answers.
{
  const admin = postgres(pgUrl, { max: 1, connect_timeout: 3, onnotice: () => {} });
  const name = `health_bench_${randomBytes(4).toString('hex')}`;
  let created = false;
  try {
    await admin.unsafe(`create database ${name}`);
    created = true;
  } catch (err) {
    process.stdout.write(`PostgreSQL skipped: ${(err as Error).message}\n`);
  }
  if (created) {
    const url = new URL(pgUrl);
    url.pathname = `/${name}`;
    const meter = new Meter();
    const store = await openStore({ databaseUrl: url.toString(), logger: meter.logger });
    try {
      process.stdout.write(`${HEADER}\n`);
      keep(await benchBackend('postgres', store, meter));
    } finally {
      await store.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
    }
  }
  await admin.end();
}

process.stdout.write(
  `\nsummary\n${results.notes.join('\n')}\n${HEADER}\n${results.rows.join('\n')}\n`,
);
