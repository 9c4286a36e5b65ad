/**
 * The GraphQL API under load: the dashboard list and one account's full
 * explanation, each served twice over the same resolver functions, once
 * through the type-graphql schema and once through a plain graphql-js
 * schema built from the printed SDL, to show what type-graphql costs.
 *
 * The server runs here on the embedded database with demo data; autocannon
 * runs in a child process so the load generator does not compete with the
 * server for this process's event loop.
 *
 *   BENCH_SCALE      share of the demo's 2,000 accounts (default 0.25)
 *   BENCH_DURATION   seconds per run (default 8)
 *   BENCH_CONNECTIONS concurrent clients (default 50)
 *
 * Targets: type-graphql within 15% of plain graphql-js; p99 under 100 ms.
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
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
import { openStore } from '../src/store/index.js';

const scale = Number(process.env.BENCH_SCALE ?? 0.25);
const duration = Number(process.env.BENCH_DURATION ?? 8);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);

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

interface Run {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** Runs autocannon in a child process and returns its summary. */
function load(url: string, token: string, query: string): Promise<Run> {
  const script = `
    import autocannon from 'autocannon';
    const [url, token, query, duration, connections] = process.argv.slice(1);
    const r = await autocannon({
      url, method: 'POST', duration: Number(duration), connections: Number(connections),
      headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token },
      body: JSON.stringify({ query }),
    });
    process.stdout.write(JSON.stringify({
      requests: r.requests.total, rps: r.requests.average, p50: r.latency.p50,
      p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx,
    }));`;
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        script,
        url,
        token,
        query,
        String(duration),
        String(connections),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out) as Run) : reject(new Error(`autocannon exited ${code}`)),
    );
  });
}

// 1. Data: the demo at the chosen scale, in memory.
const store = await openStore({ dataDir: 'memory://' });
const rulesSource = await readFile(new URL('../rules/default.health', import.meta.url), 'utf8');
const end = new Date();
end.setUTCHours(0, 0, 0, 0);
const accounts = Math.max(50, Math.round(2000 * scale));
const started = performance.now();
const demo = await loadDemo(store, { rulesSource, end, accounts });
process.stdout.write(
  `demo: ${demo.accounts} accounts, ${demo.observations} observations ` +
    `(${((performance.now() - started) / 1000).toFixed(1)} s)\n`,
);

// 2. Two servers over the same store and resolvers.
const typed = await createSchema();
const servers = {
  'type-graphql': await startApiServer({ store, port: 0, host: '127.0.0.1', production: true }),
  'graphql-js': await startApiServer({
    store,
    port: 0,
    host: '127.0.0.1',
    production: true,
    schema: plainSchema(typed),
  }),
};

// 3. Check both answer the same, then load each in turn.
const [first] = await store.sql.query<{ id: string }>(
  'select id from accounts order by id limit 1',
);
const queries = { dashboard: DASHBOARD, explanation: explanation(first!.id) };
for (const [name, query] of Object.entries(queries)) {
  const answers = await Promise.all(
    Object.values(servers).map(async (s) => {
      const res = await fetch(s.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${demo.token}` },
        body: JSON.stringify({ query }),
      });
      return res.text();
    }),
  );
  if (answers[0] !== answers[1] || answers[0]!.includes('"errors"')) {
    throw new Error(`the two schemas answer ${name} differently:\n${answers.join('\n')}`);
  }
}

const rows: string[] = [];
rows.push(
  `${'query'.padEnd(12)} ${'schema'.padEnd(13)} ${'req/s'.padStart(8)} ` +
    `${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'overhead'.padStart(9)}`,
);
let worstOverhead = 0;
let worstP99 = 0;
for (const [name, query] of Object.entries(queries)) {
  const plain = await load(servers['graphql-js'].url, demo.token, query);
  const typedRun = await load(servers['type-graphql'].url, demo.token, query);
  for (const run of [plain, typedRun]) {
    if (run.errors > 0 || run.non2xx > 0) {
      throw new Error(`${name}: ${run.errors} errors, ${run.non2xx} non-2xx responses`);
    }
  }
  const overhead = (plain.rps - typedRun.rps) / plain.rps;
  worstOverhead = Math.max(worstOverhead, overhead);
  worstP99 = Math.max(worstP99, plain.p99, typedRun.p99);
  const line = (schema: string, r: Run, extra: string) =>
    `${name.padEnd(12)} ${schema.padEnd(13)} ${r.rps.toFixed(0).padStart(8)} ` +
    `${String(r.p50).padStart(7)} ${String(r.p99).padStart(7)} ${extra.padStart(9)}`;
  rows.push(line('graphql-js', plain, ''));
  rows.push(line('type-graphql', typedRun, `${(overhead * 100).toFixed(1)}%`));
}
process.stdout.write(`${connections} connections, ${duration} s per run\n${rows.join('\n')}\n`);
process.stdout.write(
  `type-graphql overhead at most ${(worstOverhead * 100).toFixed(1)}% (target < 15%); ` +
    `p99 at most ${worstP99} ms (target < 100 ms)\n`,
);

await Promise.all(Object.values(servers).map((s) => s.close()));
await store.close();
