/**
 * No N+1: the statements one request runs do not grow with the number of
 * accounts it returns.
 *
 * The store does not log its statements, so the count is taken by wrapping
 * the store's two ways into the database: `sql.query` (one statement per
 * call) and `db` (one statement per query-builder chain started).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createToken,
  openStore,
  publishRules,
  recordObservations,
  rescore,
  type Store,
} from '../../src/store/index.js';
import { DEFAULT_RULES, seedObservations, startTestServer } from './harness.js';

const QUERY = `{ accounts(first: 100) { edges { node {
  health { score band { name } metrics { points } }
  healthHistory { score }
} } } }`;

/** A store that counts the statements sent through it. */
function countingStore(store: Store): { store: Store; count: () => number; reset: () => void } {
  let n = 0;
  const starters = new Set(['select', 'selectDistinct', 'insert', 'update', 'delete', 'execute']);
  const db = new Proxy(store.db, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof prop === 'string' && starters.has(prop) && typeof value === 'function') {
        return (...args: unknown[]) => {
          n++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return value;
    },
  });
  const sql = {
    query: (text: string, params?: readonly unknown[]) => {
      n++;
      return store.sql.query(text, params);
    },
  };
  return {
    store: { ...store, db, sql } as Store,
    count: () => n,
    reset: () => {
      n = 0;
    },
  };
}

/** A store with `accounts` accounts, each with the seed's acme-like data, scored now. */
async function storeWith(accounts: number): Promise<Store> {
  const store = await openStore({ dataDir: 'memory://' });
  await publishRules(store, { ruleset: 'default', source: DEFAULT_RULES, expectedVersion: null });
  const template = seedObservations(new Date()).filter((o) => o.account === 'acme');
  const records = [];
  for (let i = 0; i < accounts; i++) {
    const account = `acct-${String(i).padStart(3, '0')}`;
    for (const o of template) records.push({ ...o, account });
  }
  await recordObservations(store, records);
  await rescore(store);
  return store;
}

describe('statement count', () => {
  const stores: Store[] = [];
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
  });

  async function statementsFor(accounts: number): Promise<number> {
    const base = await storeWith(accounts);
    stores.push(base);
    const { token } = await createToken(base, { role: 'viewer' });
    const counting = countingStore(base);
    const t = await startTestServer(counting.store);
    try {
      counting.reset();
      const r = await t.gql(QUERY, {}, token);
      expect(r.errors).toBeUndefined();
      expect(r.data!.accounts.edges).toHaveLength(accounts);
      expect(r.data!.accounts.edges[0].node.health.metrics).toHaveLength(10);
      return counting.count();
    } finally {
      await t.server.close();
    }
  }

  let ten = 0;
  let hundred = 0;
  beforeAll(async () => {
    ten = await statementsFor(10);
    hundred = await statementsFor(100);
  });

  it('runs the same number of statements for 100 accounts as for 10', () => {
    expect(hundred).toBe(ten);
  });

  it('runs a small constant number of statements', () => {
    // token, page, rule version (ruleset + version), snapshots, overrides, history
    expect(ten).toBeLessThanOrEqual(8);
  });
});
