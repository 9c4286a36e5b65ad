/**
 * Writing through the API: checking, publishing and activating rules,
 * recording observations and outcomes, manual overrides and tokens.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/index.js';
import { backends } from '../store/backends.js';
import { DEFAULT_RULES, seed, startTestServer, type TestServer, type Tokens } from './harness.js';

const BROKEN = DEFAULT_RULES.replace(
  'weight 3 = active_users / seats',
  'weight 3 = active_user / seats',
);

for (const backend of backends()) {
  describe.skipIf(backend.skip !== null)(`mutations (${backend.name})`, () => {
    let store: Store;
    let t: TestServer;
    let tokens: Tokens;

    beforeAll(async () => {
      store = await backend.open();
      tokens = await seed(store);
      t = await startTestServer(store);
    });
    afterAll(async () => {
      await t?.server.close();
      await backend.dispose();
    });

    it('checks rules and reports every diagnostic with its location, saving nothing', async () => {
      const r = await t.gql(
        `mutation($s: String!) { checkRules(source: $s) { ok diagnostics {
          code severity message location { line column endLine endColumn } } } }`,
        { s: BROKEN },
        tokens.editor,
      );
      expect(r.errors).toBeUndefined();
      expect(r.data!.checkRules.ok).toBe(false);
      expect(r.data!.checkRules.diagnostics[0]).toMatchObject({
        code: 'HR101',
        severity: 'error',
        location: { line: 35, column: 34 },
      });
      const rs = await t.gql('{ ruleset(name: "default") { latestVersion } }', {}, tokens.viewer);
      expect(rs.data!.ruleset.latestVersion).toBe(1);
    });

    it('refuses to publish rules with errors, with the diagnostics in the extensions', async () => {
      const r = await t.gql(
        `mutation($s: String!) { publishRules(ruleset: "default", source: $s, expectedVersion:
          1) { version } }`,
        { s: BROKEN },
        tokens.editor,
      );
      expect(r.errors?.[0]).toMatchObject({
        message: 'the rules have 1 error; nothing was published',
        extensions: { code: 'BAD_USER_INPUT' },
      });
      expect(r.errors?.[0]?.extensions?.diagnostics[0]).toMatchObject({
        code: 'HR101',
        location: { line: 35, column: 34 },
      });
    });

    it('publishes on the latest, refuses a stale base with CONFLICT, activates', async () => {
      const source = DEFAULT_RULES.replace(
        'metric activation weight 3',
        'metric activation weight 2',
      );
      const publish = `mutation($s: String!, $v: Int) {
        publishRules(ruleset: "default", source: $s, expectedVersion: $v,
          message: "lighter activation") {
          version parentVersion active message author source } }`;
      const ok = await t.gql(publish, { s: source, v: 1 }, tokens.editor);
      expect(ok.errors).toBeUndefined();
      expect(ok.data!.publishRules).toEqual({
        version: 2,
        parentVersion: 1,
        active: false,
        message: 'lighter activation',
        author: 'editor-test',
        source,
      });

      const stale = await t.gql(publish, { s: source, v: 1 }, tokens.editor);
      expect(stale.errors?.[0]?.extensions).toMatchObject({
        code: 'CONFLICT',
        expectedVersion: 1,
        actualVersion: 2,
      });

      const activated = await t.gql(
        `mutation { activateRuleVersion(ruleset: "default", version: 2) { activeVersion
          activations { version kind actor } } }`,
        {},
        tokens.editor,
      );
      expect(activated.data!.activateRuleVersion.activeVersion).toBe(2);
      expect(activated.data!.activateRuleVersion.activations.at(-1)).toEqual({
        version: 2,
        kind: 'activate',
        actor: 'editor-test',
      });

      // Without a snapshot of version 2 the health is computed under it.
      const h = await t.gql(
        '{ account(id: "acme") { health { source ruleVersion { version } } } }',
        {},
        tokens.viewer,
      );
      expect(h.data!.account.health).toEqual({ source: 'COMPUTED', ruleVersion: { version: 2 } });

      const back = await t.gql(
        `mutation { activateRuleVersion(ruleset: "default", version: 1) { activeVersion
          activations { kind } } }`,
        {},
        tokens.editor,
      );
      expect(back.data!.activateRuleVersion.activations.at(-1)).toEqual({ kind: 'rollback' });

      const missing = await t.gql(
        'mutation { activateRuleVersion(ruleset: "default", version: 7) { activeVersion } }',
        {},
        tokens.editor,
      );
      expect(missing.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    });

    it('records observations idempotently and returns per-record errors', async () => {
      const records = [
        { account: 'acme', signal: 'nps', value: 70, at: '2026-01-02T00:00:00Z' },
        { account: 'acme', signal: 'nps', value: 'high', at: '2026-01-02T00:00:00Z' },
        { account: 'acme', signal: 'no_such_signal', value: 1, at: '2026-01-02T00:00:00Z' },
      ];
      const mutation = `mutation($r: [ObservationInput!]!) { recordObservations(records: $r) {
        stored duplicates rejected errors { index message } } }`;
      const first = await t.gql(mutation, { r: records }, tokens.ingest);
      expect(first.errors).toBeUndefined();
      expect(first.data!.recordObservations).toMatchObject({
        stored: 1,
        duplicates: 0,
        rejected: 2,
      });
      expect(first.data!.recordObservations.errors.map((e: any) => e.index)).toEqual([1, 2]);
      const again = await t.gql(mutation, { r: records.slice(0, 1) }, tokens.ingest);
      expect(again.data!.recordObservations).toEqual({
        stored: 0,
        duplicates: 1,
        rejected: 0,
        errors: [],
      });
    });

    it('scores an account again at once when new observations of it are stored', async () => {
      const health = `{ account(id: "initech") { health {
        band { name } source overrides { kind band applied } } } }`;
      const before = await t.gql(health, {}, tokens.viewer);
      expect(before.data!.account.health).toMatchObject({
        band: { name: 'stable' },
        source: 'SNAPSHOT',
      });

      // A detractor's answer arrives: the cap `at_risk when nps < 0` now fires.
      const at = new Date(Date.now() - 60_000).toISOString();
      const r = await t.gql(
        `mutation($r: [ObservationInput!]!) { recordObservations(records: $r) {
          stored rescored } }`,
        { r: [{ account: 'initech', signal: 'nps', value: -50, at }] },
        tokens.ingest,
      );
      expect(r.data!.recordObservations).toEqual({ stored: 1, rescored: 1 });

      const after = await t.gql(health, {}, tokens.viewer);
      expect(after.data!.account.health.band).toEqual({ name: 'at_risk' });
      expect(after.data!.account.health.source).toBe('SNAPSHOT');
      expect(after.data!.account.health.overrides).toContainEqual({
        kind: 'cap',
        band: 'at_risk',
        applied: true,
      });
    });

    it('refuses a value that is neither number, boolean nor string as BAD_USER_INPUT', async () => {
      const r = await t.gql(
        `mutation($r: [ObservationInput!]!) { recordObservations(records: $r) { stored } }`,
        { r: [{ account: 'acme', signal: 'nps', value: { x: 1 }, at: '2026-01-02T00:00:00Z' }] },
        tokens.ingest,
      );
      expect(r.status).toBe(400);
      expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('records outcomes idempotently', async () => {
      const mutation = `mutation { recordOutcomes(records: [
        { account: "initech", outcome: renewed, at: "2026-02-01T00:00:00Z" }
      ]) { stored duplicates } }`;
      const first = await t.gql(mutation, {}, tokens.ingest);
      expect(first.data!.recordOutcomes).toEqual({ stored: 1, duplicates: 0 });
      const again = await t.gql(mutation, {}, tokens.ingest);
      expect(again.data!.recordOutcomes).toEqual({ stored: 0, duplicates: 1 });
    });

    it('sets an override shown in the explanation and the list, then clears it', async () => {
      const set = await t.gql(
        `mutation { setHealthOverride(accountId: "acme", band: "critical",
          reason: "Legal dispute") {
          override { band reason author expiresAt }
          health { band { name } score source overrides { kind band reason applied } } } }`,
        {},
        tokens.editor,
      );
      expect(set.errors).toBeUndefined();
      const acme = set.data!.setHealthOverride;
      expect(acme.override).toEqual({
        band: 'critical',
        reason: 'Legal dispute',
        author: 'editor-test',
        expiresAt: null,
      });
      expect(acme.health.band.name).toBe('critical');
      expect(acme.health.score).toBe(39.9);
      expect(acme.health.source).toBe('SNAPSHOT');
      expect(acme.health.overrides).toContainEqual({
        kind: 'manual',
        band: 'critical',
        reason: 'Legal dispute',
        applied: true,
      });
      const list = await t.gql(
        '{ accounts(band: "critical") { edges { node { id } } } }',
        {},
        tokens.viewer,
      );
      expect(list.data!.accounts.edges).toEqual([{ node: { id: 'acme' } }]);

      const cleared = await t.gql(
        `mutation { clearHealthOverride(accountId: "acme") { override { band } health { band {
          name } } } }`,
        {},
        tokens.editor,
      );
      expect(cleared.data!.clearHealthOverride).toEqual({
        override: null,
        health: { band: { name: 'healthy' } },
      });
      const twice = await t.gql(
        'mutation { clearHealthOverride(accountId: "acme") { id } }',
        {},
        tokens.editor,
      );
      expect(twice.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    });

    it('refuses overrides for unknown accounts, unknown bands and past expiry dates', async () => {
      const cases = [
        ['accountId: "nobody", band: "critical", reason: "x"', 'NOT_FOUND'],
        ['accountId: "acme", band: "purple", reason: "x"', 'BAD_USER_INPUT'],
        [
          'accountId: "acme", band: "critical", reason: "x", expiresAt: "2020-01-01T00:00:00Z"',
          'BAD_USER_INPUT',
        ],
      ] as const;
      for (const [args, code] of cases) {
        const r = await t.gql(`mutation { setHealthOverride(${args}) { id } }`, {}, tokens.editor);
        expect(r.errors?.[0]?.extensions?.code).toBe(code);
      }
    });

    it('lets admins create, list and revoke tokens; a revoked token is refused', async () => {
      const created = await t.gql(
        'mutation { createToken(role: viewer, name: "dashboard") { id role name token } }',
        {},
        tokens.admin,
      );
      const token = created.data!.createToken;
      expect(token).toMatchObject({ role: 'viewer', name: 'dashboard' });
      expect(token.token).toMatch(/^hs_/);

      const ok = await t.gql('{ account(id: "acme") { id } }', {}, token.token);
      expect(ok.data).toEqual({ account: { id: 'acme' } });

      const listed = await t.gql('{ tokens { id name role revokedAt } }', {}, tokens.admin);
      expect(listed.data!.tokens).toContainEqual({
        id: token.id,
        name: 'dashboard',
        role: 'viewer',
        revokedAt: null,
      });

      const revoked = await t.gql(
        'mutation($id: ID!) { revokeToken(id: $id) { revokedAt } }',
        { id: token.id },
        tokens.admin,
      );
      expect(revoked.data!.revokeToken.revokedAt).not.toBeNull();
      const refused = await t.gql('{ account(id: "acme") { id } }', {}, token.token);
      expect(refused.status).toBe(401);
      expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });
  });
}
