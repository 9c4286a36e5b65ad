/**
 * No N+1: the statements one request runs do not grow with the number of
 * accounts it returns. They are counted from the store's own statement log
 * (every statement is logged at debug level), on each back end.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createToken,
  openStore,
  publishRules,
  recordObservations,
  rescore,
  type Store,
} from '../../src/store/index.js';
import { ADMIN_URL, backends } from '../store/backends.js';
import { DEFAULT_RULES, seedObservations, startTestServer, statementLogger } from './harness.js';

const QUERY = (first: number) => `{ accounts(first: ${first}) { edges { node {
  health { score band { name } metrics { points } }
  healthHistory { score }
} } } }`;

const TABLES = ['accounts', 'rulesets', 'rule_versions', 'score_snapshots', 'overrides'];
const TABLES_ALSO = ['api_tokens', 'observations', 'alert_events'];

/** The tables a statement reads, or its first word: enough to tell statements apart. */
function kindOf(sql: string): string {
  const read = [...TABLES, ...TABLES_ALSO].filter((t) =>
    new RegExp(`\\b(from|join)\\s+"?${t}"?(\\s|$)`, 'i').test(sql),
  );
  return read.length > 0 ? read.join('+') : sql.split(/\s/)[0]!;
}

const pg = backends().find((b) => b.name === 'postgres')!;

describe.each([
  { kind: 'pglite' as const, skip: null },
  { kind: 'postgres' as const, skip: pg.skip },
])('statement count on $kind', ({ kind, skip }) => {
  const opened: Store[] = [];
  const databases: string[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
    const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
    for (const name of databases)
      await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  /** A store with `accounts` accounts, each with the seed's acme-like data, scored now. */
  async function storeWith(accounts: number) {
    const logger = statementLogger();
    let store: Store;
    if (kind === 'pglite') {
      store = await openStore({ dataDir: 'memory://', logger });
    } else {
      const name = `health_test_${randomBytes(6).toString('hex')}`;
      const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${name}`);
      await admin.end();
      databases.push(name);
      const url = new URL(ADMIN_URL);
      url.pathname = `/${name}`;
      store = await openStore({ databaseUrl: url.toString(), logger });
    }
    opened.push(store);
    await publishRules(store, { ruleset: 'default', source: DEFAULT_RULES, expectedVersion: null });
    const template = seedObservations(new Date()).filter((o) => o.account === 'acme');
    const records = [];
    for (let i = 0; i < accounts; i++) {
      const account = `acct-${String(i).padStart(3, '0')}`;
      for (const o of template) records.push({ ...o, account });
    }
    await recordObservations(store, records);
    await rescore(store);
    const { token } = await createToken(store, { role: 'viewer' });
    return { store, logger, token };
  }

  /**
   * The statements of a first request, of a repeat, and of a repeat on a
   * server without the response cache (its token and rule caches warm).
   */
  async function statementsFor(accounts: number) {
    const { store, logger, token } = await storeWith(accounts);
    const cached = await startTestServer(store);
    const uncached = await startTestServer(store, { responseCache: false });
    const run = async (t: typeof cached) => {
      logger.statements.length = 0;
      const r = await t.gql(QUERY(accounts), {}, token);
      expect(r.errors).toBeUndefined();
      expect(r.data!.accounts.edges).toHaveLength(accounts);
      expect(r.data!.accounts.edges[0].node.health.metrics).toHaveLength(10);
      expect(r.data!.accounts.edges[0].node.healthHistory).toHaveLength(1);
      return logger.statements.map(kindOf);
    };
    try {
      const first = await run(cached);
      const again = await run(cached);
      await run(uncached);
      return { first, again, uncached: await run(uncached) };
    } finally {
      await Promise.all([cached.server.close(), uncached.server.close()]);
    }
  }

  let ten: Awaited<ReturnType<typeof statementsFor>>;
  let hundred: Awaited<ReturnType<typeof statementsFor>>;
  beforeAll(async () => {
    if (skip !== null) return;
    ten = await statementsFor(10);
    hundred = await statementsFor(100);
  });
  const it_ = it.skipIf(skip !== null);

  it_('runs the same statements for 100 accounts as for 10', () => {
    expect(hundred).toEqual(ten);
  });

  it_('reads token, page, active version, latest runs and history once each', () => {
    expect(ten.first).toEqual([
      // PostgreSQL: start listening for other processes' writes (once per store).
      ...(kind === 'postgres' ? ['listen'] : []),
      'api_tokens',
      'accounts',
      'rulesets',
      'rule_versions',
      // The latest run with the override in force and the one it applied.
      'score_snapshots+overrides',
      'score_snapshots',
    ]);
  });

  it_('answers a repeat from the response cache without a statement', () => {
    expect(ten.again).toEqual([]);
  });

  it_('runs three statements without the response cache once token and rules are cached', () => {
    expect(ten.uncached).toEqual(['accounts', 'score_snapshots+overrides', 'score_snapshots']);
  });
});
