/**
 * The response cache: a repeated query is answered without running it, and
 * any write the store commits is visible in the very next answer, whether it
 * came through the API, through the store in this process, or (PostgreSQL)
 * from another process.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  clearOverride,
  openStore,
  recordObservations,
  rescore,
  setOverride,
  type Store,
} from '../../src/store/index.js';
import { backends } from '../store/backends.js';
import { recordingLogger, seed, startTestServer, type TestServer, type Tokens } from './harness.js';

const LIST = '{ accounts(first: 5) { edges { node { id health { score band { name } } } } } }';

for (const backend of backends()) {
  describe.skipIf(backend.skip !== null)(`response cache (${backend.name})`, () => {
    let store: Store;
    let t: TestServer;
    let tokens: Tokens;
    const logger = recordingLogger();

    beforeAll(async () => {
      store = await backend.open();
      tokens = await seed(store);
      t = await startTestServer(store, { logger });
    });
    afterAll(async () => {
      await t?.server.close();
      await backend.dispose();
    });

    /** Each account's band (and score) as the list shows it now, and how it was answered. */
    async function list(): Promise<{ bands: Record<string, string | null>; cache: unknown }> {
      const r = await t.gql(LIST, {}, tokens.viewer);
      expect(r.errors).toBeUndefined();
      const bands: Record<string, string | null> = {};
      for (const { node } of r.data!.accounts.edges) {
        bands[node.id] = node.health.band ? `${node.health.band.name} ${node.health.score}` : null;
      }
      const line = logger.lines.filter((l) => l.msg === 'graphql request').at(-1)!;
      return { bands, cache: line.obj.cache };
    }

    it('answers a repeated query from the cache, with the same answer', async () => {
      const first = await list();
      const second = await list();
      expect([first.cache, second.cache]).toEqual(['miss', 'hit']);
      expect(second.bands).toEqual(first.bands);
      expect(first.bands.acme).toBe('healthy 95.5');
    });

    it('shows an override set through the API in the next answer', async () => {
      await list();
      const set = await t.gql(
        `mutation { setHealthOverride(accountId: "acme", band: "critical", reason: "Dispute")
          { id } }`,
        {},
        tokens.editor,
      );
      expect(set.errors).toBeUndefined();
      const after = await list();
      expect(after.cache).toBe('miss');
      expect(after.bands.acme).toBe('critical 39.9');
    });

    it('shows a rescore made through the store in the next answer', async () => {
      await clearOverride(store, { account: 'acme' });
      expect((await list()).bands.acme).toBe('healthy 95.5');
      expect((await list()).cache).toBe('hit');

      // A detractor is capped at at_risk, as globex is.
      const now = new Date();
      await recordObservations(store, [
        {
          account: 'acme',
          signal: 'nps',
          value: -40,
          at: new Date(now.getTime() - 1000).toISOString(),
        },
      ]);
      await rescore(store, { asOf: now });
      const after = await list();
      expect(after.cache).toBe('miss');
      expect(after.bands.acme).toBe('at_risk 59.9');
    });

    it('never keeps the answer to a mutation or an answer with errors', async () => {
      const check = 'mutation { checkRules(source: "scorecard") { ok } }';
      const bad = '{ accounts(first: 0) { totalCount } }';
      const caches: unknown[] = [];
      for (const query of [check, check, bad, bad]) {
        await t.gql(query, {}, tokens.editor);
        caches.push(logger.lines.filter((l) => l.msg === 'graphql request').at(-1)!.obj.cache);
      }
      expect(caches).toEqual(['miss', 'miss', 'miss', 'miss']);
    });

    // Only PostgreSQL is shared with other processes; PGlite has no such test.
    if (backend.name === 'postgres')
      it('shows an override set by another process once its notification arrives', async () => {
        expect((await list()).bands.hooli).toBe('at_risk 53.6');
        const other = await openStore({ databaseUrl: store.location });
        try {
          await setOverride(other, { account: 'hooli', band: 'healthy', reason: 'Renewed early' });
          // Notifications are asynchronous: the bound is how long one takes to arrive.
          await vi.waitFor(async () => expect((await list()).bands.hooli).toBe('healthy 80'), {
            timeout: 1_000,
            interval: 2,
          });
        } finally {
          await other.close();
        }
      });
  });
}
