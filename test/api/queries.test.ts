/**
 * Reading through the API: accounts, the list with its filters, orders and
 * cursors, health (stored and computed), history, alerts, the summary and
 * rulesets. Runs on every available back end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/index.js';
import { backends } from '../store/backends.js';
import { seed, startTestServer, type TestServer, type Tokens } from './harness.js';

for (const backend of backends()) {
  describe.skipIf(backend.skip !== null)(`queries (${backend.name})`, () => {
    let store: Store;
    let t: TestServer;
    let tokens: Tokens;
    const now = new Date();

    beforeAll(async () => {
      store = await backend.open();
      tokens = await seed(store, now);
      t = await startTestServer(store);
    });
    afterAll(async () => {
      await t?.server.close();
      await backend.dispose();
    });

    const read = (query: string, variables?: Record<string, unknown>) =>
      t.gql(query, variables, tokens.viewer);

    it('returns an account with its stored health, band color and action', async () => {
      const r = await read(`{
        account(id: "acme") {
          id name segment
          health {
            score status coverage source asOf
            band { name color action }
            ruleVersion { ruleset version hash }
          }
        }
      }`);
      expect(r.errors).toBeUndefined();
      const a = r.data!.account;
      expect(a).toMatchObject({ id: 'acme', name: 'Acme Corp', segment: 'enterprise' });
      expect(a.health).toMatchObject({
        score: 95.5,
        status: 'scored',
        coverage: 1,
        source: 'SNAPSHOT',
        asOf: now.toISOString(),
        band: {
          name: 'healthy',
          color: 'green',
          action: 'Shift the conversation toward expansion',
        },
        ruleVersion: { ruleset: 'default', version: 1 },
      });
      expect(a.health.ruleVersion.hash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('returns null for an account that does not exist', async () => {
      const r = await read('{ account(id: "nobody") { id } }');
      expect(r.errors).toBeUndefined();
      expect(r.data).toEqual({ account: null });
    });

    it('explains each metric with weights, points, headroom, branch and location', async () => {
      const r = await read(`{
        account(id: "acme") { health { metrics {
          group metric value score status reason nominalWeight effectiveWeight points
          headroom branch location { line column } signals { signal value stale ageDays }
        } } }
      }`);
      const metrics = r.data!.account.health.metrics;
      expect(metrics).toHaveLength(10);
      const timeValue = metrics.find((m: any) => m.metric === 'time_value');
      expect(timeValue).toMatchObject({
        group: 'onboarding',
        value: 5,
        score: 100,
        status: 'ok',
        reason: null,
        nominalWeight: 0.1,
        effectiveWeight: 0.1,
        points: 10,
        headroom: 0,
        branch: '<= 7 -> 100',
        location: { line: 30 },
        signals: [{ signal: 'days_to_value', value: 5, stale: false }],
      });
      const setup = metrics.find((m: any) => m.metric === 'setup');
      expect(setup.value).toBe(true);
    });

    it('shows caps that applied and alerts that fired, with the signals they read', async () => {
      const r = await read(`{
        globex: account(id: "globex") { health { score band { name }
          overrides { kind band reason applied signals { signal value } } } }
        hooli: account(id: "hooli") { health { band { name }
          alerts { name severity message signals { signal value } } } }
      }`);
      expect(r.data!.globex.health.score).toBe(59.9);
      expect(r.data!.globex.health.band.name).toBe('at_risk');
      expect(r.data!.globex.health.overrides).toContainEqual({
        kind: 'cap',
        band: 'at_risk',
        reason: 'Detractors are at most at risk',
        applied: true,
        signals: [{ signal: 'nps', value: -40 }],
      });
      const alerts = r.data!.hooli.health.alerts.map((a: any) => [a.name, a.severity]);
      expect(alerts).toEqual([
        ['missed_milestone', 'medium'],
        ['negative_feedback', 'high'],
        ['ticket_pileup', 'low'],
      ]);
    });

    it('reports insufficient data with a null score and band', async () => {
      const r = await read('{ account(id: "umbrella") { health { status score band { name } } } }');
      expect(r.data!.account.health).toEqual({
        status: 'insufficient_data',
        score: null,
        band: null,
      });
    });

    it('computes health for a past as-of instead of reading the snapshot', async () => {
      const past = new Date(now.getTime() - 25 * 86_400_000).toISOString();
      const r = await read(
        `query($at: DateTime) { account(id: "acme") {
          health(asOf: $at) { asOf source score }
          healthHistory { asOf score version }
        } }`,
        { at: past },
      );
      expect(r.errors).toBeUndefined();
      const { health, healthHistory } = r.data!.account;
      expect(health.source).toBe('COMPUTED');
      expect(health.asOf).toBe(past);
      // The computed score equals what the stored run at that time recorded.
      expect(healthHistory).toHaveLength(2);
      expect(healthHistory[0]).toEqual({ asOf: past, score: health.score, version: 1 });
      expect(healthHistory[1]).toEqual({ asOf: now.toISOString(), score: 95.5, version: 1 });
    });

    it('refuses a version that does not exist with NOT_FOUND', async () => {
      const r = await read('{ account(id: "acme") { health(version: 9) { score } } }');
      expect(r.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(r.errors?.[0]?.message).toBe('ruleset "default" has no version 9');
    });

    it('lists stored alert events newest first', async () => {
      const r = await read('{ account(id: "initech") { alerts { name severity asOf version } } }');
      expect(r.data!.account.alerts[0]).toEqual({
        name: 'usage_dip',
        severity: 'high',
        asOf: now.toISOString(),
        version: 1,
      });
    });

    it('pages accounts by name with stable cursors and a total', async () => {
      const first = await read(
        `{ accounts(first: 2) { totalCount edges { cursor node { id } } pageInfo { hasNextPage
          hasPreviousPage endCursor } } }`,
      );
      const page1 = first.data!.accounts;
      expect(page1.totalCount).toBe(5);
      expect(page1.edges.map((e: any) => e.node.id)).toEqual(['acme', 'globex']);
      expect(page1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });

      const second = await read(
        `query($after: String) { accounts(first: 10, after: $after) { edges { node { id } }
          pageInfo { hasNextPage hasPreviousPage } } }`,
        { after: page1.pageInfo.endCursor },
      );
      expect(second.data!.accounts.edges.map((e: any) => e.node.id)).toEqual([
        'hooli',
        'initech',
        'umbrella',
      ]);
      expect(second.data!.accounts.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true });
    });

    it('orders by score, unscored last, and filters by band, score and alert', async () => {
      const ids = async (args: string) => {
        const r = await read(`{ accounts(${args}) { totalCount edges { node { id } } } }`);
        expect(r.errors).toBeUndefined();
        return r.data!.accounts.edges.map((e: any) => e.node.id);
      };
      const desc = await ids('orderBy: SCORE, direction: DESC');
      expect(desc[0]).toBe('acme');
      expect(desc[desc.length - 1]).toBe('umbrella');
      const asc = await ids('orderBy: SCORE, direction: ASC');
      expect(asc[asc.length - 1]).toBe('umbrella');
      expect(asc[asc.length - 2]).toBe('acme');
      expect(await ids('band: "at_risk"')).toEqual(['globex', 'hooli']);
      expect(await ids('minScore: 90')).toEqual(['acme']);
      expect(await ids('alert: "usage_dip"')).toEqual(['initech']);
    });

    it('continues a score-ordered list after its cursor', async () => {
      const all = await read(
        '{ accounts(orderBy: SCORE, direction: DESC) { edges { node { id } } } }',
      );
      const order = all.data!.accounts.edges.map((e: any) => e.node.id);
      const p1 = await read(
        '{ accounts(orderBy: SCORE, direction: DESC, first: 2) { pageInfo { endCursor } } }',
      );
      const p2 = await read(
        `query($a: String) { accounts(orderBy: SCORE, direction: DESC, first: 2, after: $a) {
          edges { node { id } } } }`,
        { a: p1.data!.accounts.pageInfo.endCursor },
      );
      expect(p2.data!.accounts.edges.map((e: any) => e.node.id)).toEqual(order.slice(2, 4));
    });

    it('orders by the score change since a past date', async () => {
      const r = await read(
        `query($since: DateTime) {
          accounts(orderBy: SCORE_CHANGE, direction: DESC, changeSince: $since) {
          edges { node { id } } } }`,
        { since: new Date(now.getTime() - 20 * 86_400_000).toISOString() },
      );
      expect(r.errors).toBeUndefined();
      expect(r.data!.accounts.edges).toHaveLength(5);
    });

    it('refuses a cursor made for another order, a bad page size and an unknown band', async () => {
      const p1 = await read('{ accounts(first: 1) { pageInfo { endCursor } } }');
      const cases = [
        [
          `{ accounts(orderBy: SCORE, after: "${p1.data!.accounts.pageInfo.endCursor}") {
            totalCount } }`,
          '"after" was made for orderBy NAME ASC, but this query orders by SCORE ASC',
        ],
        [
          '{ accounts(after: "garbage") { totalCount } }',
          '"after" is not a cursor returned by this API: "garbage"',
        ],
        ['{ accounts(first: 0) { totalCount } }', '"first" must be between 1 and 100; received 0.'],
        [
          '{ accounts(first: 101) { totalCount } }',
          '"first" must be between 1 and 100; received 101.',
        ],
        [
          '{ accounts(band: "ok") { totalCount } }',
          'unknown band "ok"; the bands are healthy, stable, at_risk, critical.',
        ],
      ] as const;
      for (const [query, message] of cases) {
        const r = await read(query);
        expect(r.errors?.[0]).toMatchObject({ message, extensions: { code: 'BAD_USER_INPUT' } });
      }
    });

    it('summarises bands with colors, the mean, and the change since a date', async () => {
      const r = await read(
        `query($since: DateTime) { healthSummary(comparedTo: $since) {
          ruleset version totalAccounts scoredAccounts unscoredAccounts meanScore
          meanScoreBefore meanScoreChange
          bands { name color accounts accountsBefore change }
        } }`,
        { since: new Date(now.getTime() - 20 * 86_400_000).toISOString() },
      );
      expect(r.errors).toBeUndefined();
      const s = r.data!.healthSummary;
      expect(s).toMatchObject({
        ruleset: 'default',
        version: 1,
        totalAccounts: 5,
        scoredAccounts: 4,
        unscoredAccounts: 1,
      });
      expect(s.bands.map((b: any) => [b.name, b.color, b.accounts])).toEqual([
        ['healthy', 'green', 1],
        ['stable', 'yellow', 1],
        ['at_risk', 'orange', 2],
        ['critical', 'red', 0],
      ]);
      expect(s.meanScoreChange).toBeCloseTo(s.meanScore - s.meanScoreBefore, 5);
      for (const b of s.bands) expect(b.change).toBe(b.accounts - b.accountsBefore);
    });

    it('reads a ruleset with versions, sources, the active version and activations', async () => {
      const r = await read(`{ ruleset(name: "default") {
        name activeVersion latestVersion
        versions { version hash message author parentVersion active createdAt diagnostics { code } }
        active { version source }
        activations { version kind actor }
      } }`);
      expect(r.errors).toBeUndefined();
      const rs = r.data!.ruleset;
      expect(rs).toMatchObject({ name: 'default', activeVersion: 1, latestVersion: 1 });
      expect(rs.versions).toHaveLength(1);
      expect(rs.versions[0]).toMatchObject({
        version: 1,
        message: 'first rules',
        author: 'seed',
        parentVersion: null,
        active: true,
        diagnostics: [],
      });
      expect(rs.active.source).toContain('scorecard "Default B2B health"');
      expect(rs.activations).toEqual([{ version: 1, kind: 'activate', actor: 'seed' }]);
      const missing = await read('{ ruleset(name: "nope") { name } }');
      expect(missing.data).toEqual({ ruleset: null });
    });
  });
}
