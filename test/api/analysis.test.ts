/**
 * The analysis queries over real HTTP: rule diffs with their impact,
 * explanation comparison, change attribution, validation, and the impact
 * preview of `checkRules`.
 *
 * A two-metric ruleset, `tiny`, scores the harness's accounts from NPS and
 * CSAT alone, so every number below is worked out by hand in the comments.
 * Metric scores: nps = (NPS + 100) / 2, csat = (CSAT − 1) × 25.
 *
 *   account   NPS  CSAT  nps  csat | v1 (1:1)  band | v2 (3:1)  band
 *   acme       60    5    80  100  | 90        good | 85        good
 *   globex    -40    5    30  100  | 65        good | 47.5      poor
 *   hooli      20    2    60   25  | 42.5      fair | 51.25→51.3 fair
 *   initech    60    5    80  100  | 90        good | 85        good
 *   umbrella   no NPS or CSAT: insufficient data under both
 *
 * v1 bands: good ≥ 60, fair ≥ 40; v2 bands: good ≥ 80, fair ≥ 50.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  publishRules,
  recordObservations,
  recordOutcomes,
  type Store,
} from '../../src/store/index.js';
import { backends } from '../store/backends.js';
import { seed, startTestServer, type TestServer, type Tokens } from './harness.js';

const DAY = 86_400_000;
const NOW = new Date('2026-05-01T00:00:00.000Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY).toISOString();

const TINY_V1 = `scorecard "Tiny" {
  signal nps  : number
  signal csat : number

  group sentiment weight 1 {
    metric nps  weight 1 = nps   linear { -100 -> 0, 100 -> 100 }
    metric csat weight 1 = csat  linear { 1 -> 0, 5 -> 100 }
  }

  bands {
    good from 60 green
    fair from 40 yellow
    poor from 0  red
  }
}
`;

const TINY_V2 = TINY_V1.replace('metric nps  weight 1', 'metric nps  weight 3')
  .replace('good from 60', 'good from 80')
  .replace('fair from 40', 'fair from 50');

const IMPACT = `
  accountsCompared accountsScoredBoth accountsChangedBand insufficientBefore insufficientAfter
  meanScoreChange largestScoreChange { account { id name } scoreChange }
  transitions { bands counts cells { from to count } }`;

const MOVERS = `
  totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  edges { cursor node { account { id name } scoreBefore scoreAfter scoreChange
    bandBefore bandAfter metrics { metric pointsBefore pointsAfter delta } } }`;

for (const backend of backends()) {
  describe.skipIf(backend.skip !== null)(`analysis queries (${backend.name})`, () => {
    let store: Store;
    let t: TestServer;
    let tokens: Tokens;

    beforeAll(async () => {
      store = await backend.open();
      tokens = await seed(store, NOW);
      await publishRules(store, {
        ruleset: 'tiny',
        source: TINY_V1,
        expectedVersion: null,
        message: 'equal weights',
        author: 'test',
      });
      await publishRules(store, {
        ruleset: 'tiny',
        source: TINY_V2,
        expectedVersion: 1,
        message: 'NPS-heavy, stricter bands',
        author: 'test',
      });
      // Hooli was a detractor for a while: NPS -20 from 20 days ago until
      // the harness's reading of 20 a minute before NOW.
      await recordObservations(store, [
        { account: 'hooli', signal: 'nps', value: -20, at: daysAgo(20) },
      ]);
      // With the harness's acme renewed (10 days ago) and hooli churned (5).
      await recordOutcomes(store, [
        { account: 'hooli', outcome: 'renewed', at: daysAgo(2) },
        { account: 'globex', outcome: 'churned', at: daysAgo(2) },
        { account: 'initech', outcome: 'expanded', at: daysAgo(2) },
        { account: 'umbrella', outcome: 'renewed', at: daysAgo(2) },
      ]);
      t = await startTestServer(store);
    });
    afterAll(async () => {
      await t?.server.close();
      await backend.dispose();
    });

    it('diffs two versions: text, structural changes and the transition matrix', async () => {
      const r = await t.gql(
        `query($asOf: DateTime) { ruleDiff(ruleset: "tiny", from: 1, to: 2, asOf: $asOf) {
          ruleset from { version label } to { version label } text
          changes { type kind path attribute before after nominalWeightBefore
            nominalWeightAfter description }
          impact { asOf ${IMPACT} } } }`,
        { asOf: NOW.toISOString() },
        tokens.viewer,
      );
      expect(r.errors).toBeUndefined();
      const diff = r.data!.ruleDiff;
      expect(diff.from).toEqual({ version: 1, label: 'tiny@1' });
      expect(diff.to).toEqual({ version: 2, label: 'tiny@2' });
      expect(diff.text).toContain('--- tiny@1\n+++ tiny@2\n');
      expect(diff.text).toContain(
        '-    metric nps  weight 1 = nps   linear { -100 -> 0, 100 -> 100 }\n' +
          '+    metric nps  weight 3 = nps   linear { -100 -> 0, 100 -> 100 }\n',
      );
      expect(diff.text).toContain('-    good from 60 green\n-    fair from 40 yellow\n');

      // nps 1:1 -> 3:1 makes its nominal weight 1/2 -> 3/4, and csat's 1/2 -> 1/4.
      const byPath = Object.fromEntries(
        diff.changes.map((c: { path: string; attribute: string | null }) => [
          `${c.path}${c.attribute ? `.${c.attribute}` : ''}`,
          c,
        ]),
      );
      expect(Object.keys(byPath).sort()).toEqual(
        [
          'bands.fair.from',
          'bands.good.from',
          'sentiment.csat.nominal_weight',
          'sentiment.nps.weight',
        ].sort(),
      );
      expect(byPath['sentiment.nps.weight']).toMatchObject({
        type: 'changed',
        kind: 'weight',
        before: '1',
        after: '3',
        nominalWeightBefore: 0.5,
        nominalWeightAfter: 0.75,
        description: 'sentiment.nps weight 1 -> 3',
      });
      expect(byPath['sentiment.csat.nominal_weight']).toMatchObject({
        nominalWeightBefore: 0.5,
        nominalWeightAfter: 0.25,
      });
      expect(byPath['bands.good.from']).toMatchObject({
        type: 'changed',
        kind: 'band',
        before: '60',
        after: '80',
      });

      // The table above: acme and initech stay good, globex drops from good
      // to poor, hooli stays fair, umbrella is unscored on both sides.
      expect(diff.impact).toEqual({
        asOf: NOW.toISOString(),
        accountsCompared: 5,
        accountsScoredBoth: 4,
        accountsChangedBand: 1,
        insufficientBefore: 1,
        insufficientAfter: 1,
        meanScoreChange: expect.closeTo((-5 - 17.5 + 8.8 - 5) / 4, 9),
        largestScoreChange: { account: { id: 'globex', name: 'Globex' }, scoreChange: -17.5 },
        transitions: {
          bands: ['good', 'fair', 'poor', 'insufficient_data'],
          counts: [
            [2, 0, 1, 0],
            [0, 1, 0, 0],
            [0, 0, 0, 0],
            [0, 0, 0, 1],
          ],
          cells: [
            { from: 'good', to: 'good', count: 2 },
            { from: 'good', to: 'poor', count: 1 },
            { from: 'fair', to: 'fair', count: 1 },
            { from: 'insufficient_data', to: 'insufficient_data', count: 1 },
          ],
        },
      });
    });

    it('ranks movers by the size of their score change, with per-metric points', async () => {
      const page = (after: string | null) =>
        t.gql(
          `query($asOf: DateTime, $after: String) {
            ruleDiff(ruleset: "tiny", from: 1, to: 2, asOf: $asOf) {
              impact { movers(first: 2, after: $after) { ${MOVERS} } } } }`,
          { asOf: NOW.toISOString(), after },
          tokens.viewer,
        );
      const first = await page(null);
      expect(first.errors).toBeUndefined();
      const movers = first.data!.ruleDiff.impact.movers;
      expect(movers.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
      // globex, hooli, acme and initech moved; the rest kept score and band.
      expect(movers.totalCount).toBe(4);
      // Points are effective weight × score: globex's nps 0.5 × 30 -> 0.75 × 30,
      // its csat 0.5 × 100 -> 0.25 × 100; hooli's nps 0.5 × 60 -> 0.75 × 60,
      // its csat 0.5 × 25 -> 0.25 × 25.
      expect(movers.edges.map((e: { node: unknown }) => e.node)).toEqual([
        {
          account: { id: 'globex', name: 'Globex' },
          scoreBefore: 65,
          scoreAfter: 47.5,
          scoreChange: -17.5,
          bandBefore: 'good',
          bandAfter: 'poor',
          metrics: [
            { metric: 'sentiment.csat', pointsBefore: 50, pointsAfter: 25, delta: -25 },
            { metric: 'sentiment.nps', pointsBefore: 15, pointsAfter: 22.5, delta: 7.5 },
          ],
        },
        {
          account: { id: 'hooli', name: 'Hooli' },
          scoreBefore: 42.5,
          scoreAfter: 51.3,
          scoreChange: 8.8,
          bandBefore: 'fair',
          bandAfter: 'fair',
          metrics: [
            { metric: 'sentiment.nps', pointsBefore: 30, pointsAfter: 45, delta: 15 },
            { metric: 'sentiment.csat', pointsBefore: 12.5, pointsAfter: 6.25, delta: -6.25 },
          ],
        },
      ]);

      // acme and initech tie at -5 and follow in id order; then the list ends.
      const second = await page(movers.pageInfo.endCursor);
      expect(second.errors).toBeUndefined();
      const rest = second.data!.ruleDiff.impact.movers;
      expect(rest.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
      expect(rest.totalCount).toBe(4);
      expect(
        rest.edges.map((e: { node: { account: { id: string }; scoreChange: number } }) => [
          e.node.account.id,
          e.node.scoreChange,
        ]),
      ).toEqual([
        ['acme', -5],
        ['initech', -5],
      ]);
      expect(rest.edges[0].node.metrics[0]).toEqual({
        metric: 'sentiment.csat',
        pointsBefore: 50,
        pointsAfter: 25,
        delta: -25,
      });
    });

    it('refuses a movers cursor it did not make, and a page over 100', async () => {
      const query = `query($after: String, $first: Int!) { ruleDiff(ruleset: "tiny", from: 1,
        to: 2) { impact { movers(first: $first, after: $after) { edges { cursor } } } } }`;
      const forged = await t.gql(query, { after: 'bm90IGEgY3Vyc29y', first: 2 }, tokens.viewer);
      expect(forged.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(forged.errors?.[0]?.message).toBe(
        '"after" is not a movers cursor: "bm90IGEgY3Vyc29y"',
      );
      const tooBig = await t.gql(query, { after: null, first: 101 }, tokens.viewer);
      expect(tooBig.errors?.[0]?.message).toBe('"first" must be between 1 and 100; received 101.');
    });

    it('compares one account under two versions, metric by metric', async () => {
      const r = await t.gql(
        `query($asOf: DateTime) { compareHealth(accountId: "hooli", ruleset: "tiny",
          versions: [1, 2], asOf: $asOf) {
          account { id name } ruleset asOf
          versions { version status score band { name color } coverage scoreChange alerts }
          metrics { metric cells { version score status nominalWeight effectiveWeight points
            pointsChange } } } }`,
        { asOf: NOW.toISOString() },
        tokens.viewer,
      );
      expect(r.errors).toBeUndefined();
      expect(r.data!.compareHealth).toEqual({
        account: { id: 'hooli', name: 'Hooli' },
        ruleset: 'tiny',
        asOf: NOW.toISOString(),
        versions: [
          {
            version: 1,
            status: 'scored',
            score: 42.5,
            band: { name: 'fair', color: 'yellow' },
            coverage: 1,
            scoreChange: 0,
            alerts: [],
          },
          {
            version: 2,
            status: 'scored',
            score: 51.3,
            band: { name: 'fair', color: 'yellow' },
            coverage: 1,
            scoreChange: 8.8,
            alerts: [],
          },
        ],
        metrics: [
          {
            metric: 'sentiment.nps',
            cells: [
              {
                version: 1,
                score: 60,
                status: 'ok',
                nominalWeight: 0.5,
                effectiveWeight: 0.5,
                points: 30,
                pointsChange: 0,
              },
              {
                version: 2,
                score: 60,
                status: 'ok',
                nominalWeight: 0.75,
                effectiveWeight: 0.75,
                points: 45,
                pointsChange: 15,
              },
            ],
          },
          {
            metric: 'sentiment.csat',
            cells: [
              {
                version: 1,
                score: 25,
                status: 'ok',
                nominalWeight: 0.5,
                effectiveWeight: 0.5,
                points: 12.5,
                pointsChange: 0,
              },
              {
                version: 2,
                score: 25,
                status: 'ok',
                nominalWeight: 0.25,
                effectiveWeight: 0.25,
                points: 6.25,
                pointsChange: -6.25,
              },
            ],
          },
        ],
      });
    });

    it('splits a score move into a rule part and a data part that add up', async () => {
      // Ten days ago hooli's NPS was -20 (nps score 40), now it is 20 (60):
      //   v1 ten days ago: 0.5 × 40 + 0.5 × 25  = 32.5 (poor)
      //   v2 ten days ago: 0.75 × 40 + 0.25 × 25 = 36.25 -> 36.3 (poor)
      //   v2 now:          0.75 × 60 + 0.25 × 25 = 51.25 -> 51.3 (fair)
      const r = await t.gql(
        `query($from: DateTime!, $to: DateTime!) { explainChange(accountId: "hooli",
          ruleset: "tiny", fromVersion: 1, toVersion: 2, from: $from, to: $to) {
          account { id } comparable
          start { version asOf status score band }
          rulesChanged { version score band }
          end { version score band }
          total { scoreChange adjustment metrics { metric pointsBefore pointsAfter delta } }
          rulePart { scoreChange adjustment metrics { metric pointsBefore pointsAfter delta } }
          dataPart { scoreChange adjustment metrics { metric pointsBefore pointsAfter delta } }
        } }`,
        { from: daysAgo(10), to: NOW.toISOString() },
        tokens.viewer,
      );
      expect(r.errors).toBeUndefined();
      const x = r.data!.explainChange;
      expect(x.account).toEqual({ id: 'hooli' });
      expect(x.comparable).toBe(true);
      expect(x.start).toEqual({
        version: 1,
        asOf: daysAgo(10),
        status: 'scored',
        score: 32.5,
        band: 'poor',
      });
      expect(x.rulesChanged).toEqual({ version: 2, score: 36.3, band: 'poor' });
      expect(x.end).toEqual({ version: 2, score: 51.3, band: 'fair' });

      expect(x.total.scoreChange).toBeCloseTo(18.8, 9);
      expect(x.rulePart.scoreChange).toBeCloseTo(3.8, 9);
      expect(x.dataPart.scoreChange).toBeCloseTo(15, 9);
      expect(x.rulePart.scoreChange + x.dataPart.scoreChange).toBeCloseTo(x.total.scoreChange, 9);
      // The points move by 3.75 under the rules; the other 0.05 is rounding.
      expect(x.rulePart.adjustment).toBeCloseTo(0.05, 9);
      expect(x.dataPart.adjustment).toBeCloseTo(0, 9);
      expect(x.rulePart.metrics).toEqual([
        { metric: 'sentiment.nps', pointsBefore: 20, pointsAfter: 30, delta: 10 },
        { metric: 'sentiment.csat', pointsBefore: 12.5, pointsAfter: 6.25, delta: -6.25 },
      ]);
      expect(x.dataPart.metrics).toEqual([
        { metric: 'sentiment.nps', pointsBefore: 30, pointsAfter: 45, delta: 15 },
        { metric: 'sentiment.csat', pointsBefore: 6.25, pointsAfter: 6.25, delta: 0 },
      ]);
      expect(x.total.metrics).toEqual([
        { metric: 'sentiment.nps', pointsBefore: 20, pointsAfter: 45, delta: 25 },
        { metric: 'sentiment.csat', pointsBefore: 12.5, pointsAfter: 6.25, delta: -6.25 },
      ]);
    });

    it('validates a version against outcomes, with the other version alongside', async () => {
      // Scored 20 days before each outcome, before hooli's NPS dip:
      //   acme renewed (score 90 | 85), hooli churned and renewed (42.5 | 51.3 each),
      //   globex churned (65 | 47.5), initech expanded (90 | 85), umbrella renewed (unscored).
      // v2's AUC over renewals {85, 85, 51.3} and churns {51.3, 47.5}: 5.5 of 6 pairs;
      // v1's over {90, 90, 42.5} and {42.5, 65}: 4.5 of 6.
      const r = await t.gql(
        `{ validation(ruleset: "tiny", version: 2, horizonDays: 20, compareTo: 1) {
          ruleset version horizonDays outcomes scored unscored unscoredRenewalRate
          bands { band accounts renewed expanded churned renewalRate interval { low high } }
          auc monotonic violations { better worse } tooClose { better worse betterRate worseRate }
          aucDelta
          comparedTo { version auc monotonic aucDelta comparedTo { version }
            bands { band accounts renewalRate } tooClose { better worse } } } }`,
        {},
        tokens.viewer,
      );
      expect(r.errors).toBeUndefined();
      const v = r.data!.validation;
      expect(v).toMatchObject({
        ruleset: 'tiny',
        version: 2,
        horizonDays: 20,
        outcomes: 6,
        scored: 5,
        unscored: 1,
        unscoredRenewalRate: 1,
        monotonic: true,
        violations: [],
      });
      expect(v.auc).toBeCloseTo(5.5 / 6, 12);
      expect(v.aucDelta).toBeCloseTo(1 / 6, 12);
      // Wilson 95% intervals: 2 of 2, 1 of 2 and 0 of 1.
      expect(v.bands).toEqual([
        {
          band: 'good',
          accounts: 2,
          renewed: 1,
          expanded: 1,
          churned: 0,
          renewalRate: 1,
          interval: { low: expect.closeTo(0.342380227506653, 12), high: 1 },
        },
        {
          band: 'fair',
          accounts: 2,
          renewed: 1,
          expanded: 0,
          churned: 1,
          renewalRate: 0.5,
          interval: {
            low: expect.closeTo(0.0945312057342307, 12),
            high: expect.closeTo(0.9054687942657693, 12),
          },
        },
        {
          band: 'poor',
          accounts: 1,
          renewed: 0,
          expanded: 0,
          churned: 1,
          renewalRate: 0,
          interval: { low: 0, high: expect.closeTo(0.7934506856227626, 12) },
        },
      ]);
      expect(v.tooClose).toEqual([
        { better: 'good', worse: 'fair', betterRate: 1, worseRate: 0.5 },
        { better: 'fair', worse: 'poor', betterRate: 0.5, worseRate: 0 },
      ]);

      expect(v.comparedTo).toEqual({
        version: 1,
        auc: expect.closeTo(4.5 / 6, 12),
        monotonic: true,
        aucDelta: null,
        comparedTo: null,
        bands: [
          { band: 'good', accounts: 3, renewalRate: expect.closeTo(2 / 3, 12) },
          { band: 'fair', accounts: 2, renewalRate: 0.5 },
          { band: 'poor', accounts: 0, renewalRate: null },
        ],
        tooClose: [{ better: 'good', worse: 'fair' }],
      });
    });

    it('validates the active version 90 days ahead by default', async () => {
      // Every outcome is at most 10 days old; 90 days earlier nothing was observed.
      const r = await t.gql(
        '{ validation(ruleset: "tiny") { version horizonDays outcomes scored unscored auc } }',
        {},
        tokens.viewer,
      );
      expect(r.errors).toBeUndefined();
      expect(r.data!.validation).toEqual({
        version: 1,
        horizonDays: 90,
        outcomes: 6,
        scored: 0,
        unscored: 6,
        auc: null,
      });
    });

    it('previews the impact of a checked draft against the active version', async () => {
      const r = await t.gql(
        `mutation($s: String!, $asOf: DateTime) { checkRules(source: $s, ruleset: "tiny") {
          ok diagnostics { code } impact(asOf: $asOf) { ${IMPACT}
            movers(first: 1) { edges { node { account { id } scoreChange } } } } } }`,
        { s: TINY_V2, asOf: NOW.toISOString() },
        tokens.editor,
      );
      expect(r.errors).toBeUndefined();
      const check = r.data!.checkRules;
      expect(check.ok).toBe(true);
      expect(check.impact).toMatchObject({
        accountsCompared: 5,
        accountsChangedBand: 1,
        largestScoreChange: { account: { id: 'globex' }, scoreChange: -17.5 },
        transitions: {
          counts: [
            [2, 0, 1, 0],
            [0, 1, 0, 0],
            [0, 0, 0, 0],
            [0, 0, 0, 1],
          ],
        },
        movers: { edges: [{ node: { account: { id: 'globex' }, scoreChange: -17.5 } }] },
      });
      // Nothing was saved.
      const rs = await t.gql('{ ruleset(name: "tiny") { latestVersion } }', {}, tokens.viewer);
      expect(rs.data!.ruleset.latestVersion).toBe(2);
    });

    it('lists how a checked draft differs from the active version, scoring nothing', async () => {
      const r = await t.gql(
        `mutation($s: String!) { checkRules(source: $s, ruleset: "tiny") {
          ok changes { kind path attribute before after description } } }`,
        { s: TINY_V2 },
        tokens.editor,
      );
      expect(r.errors).toBeUndefined();
      const changes = r.data!.checkRules.changes as Array<{ path: string; attribute: string }>;
      expect(changes.map((c) => `${c.path}.${c.attribute}`).sort()).toEqual([
        'bands.fair.from',
        'bands.good.from',
        'sentiment.csat.nominal_weight',
        'sentiment.nps.weight',
      ]);
      expect(changes).toContainEqual({
        kind: 'weight',
        path: 'sentiment.nps',
        attribute: 'weight',
        before: '1',
        after: '3',
        description: 'sentiment.nps weight 1 -> 3',
      });
    });

    it('gives diagnostics and no impact for a draft with errors', async () => {
      const broken = TINY_V2.replace('= csat ', '= csatt ');
      const r = await t.gql(
        `mutation($s: String!) { checkRules(source: $s, ruleset: "tiny") {
          ok diagnostics { code location { line } } impact { accountsCompared } changes { path }
        } }`,
        { s: broken },
        tokens.editor,
      );
      expect(r.errors).toBeUndefined();
      expect(r.data!.checkRules).toEqual({
        ok: false,
        diagnostics: [{ code: 'HR101', location: { line: 7 } }],
        impact: null,
        changes: null,
      });
    });

    it('keeps the diagnostics when the impact names a ruleset with no versions', async () => {
      const r = await t.gql(
        `mutation($s: String!) { checkRules(source: $s, ruleset: "nothing_here") {
          ok impact { accountsCompared } } }`,
        { s: TINY_V1 },
        tokens.editor,
      );
      expect(r.data!.checkRules).toEqual({ ok: true, impact: null });
      expect(r.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
        [['checkRules', 'impact'], 'NOT_FOUND'],
      ]);
    });

    it('lets viewers read analyses but not check rules, and ingest tokens neither', async () => {
      const diff = '{ ruleDiff(ruleset: "tiny", from: 1, to: 2) { changes { path } } }';
      const check = 'mutation { checkRules(source: "x") { ok } }';
      expect((await t.gql(diff, {}, tokens.viewer)).errors).toBeUndefined();
      const ingest = await t.gql(diff, {}, tokens.ingest);
      expect(ingest.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(ingest.errors?.[0]?.message).toBe(
        'The ingest role may not use Query.ruleDiff; it needs one of: viewer, editor, admin.',
      );
      const viewer = await t.gql(check, {}, tokens.viewer);
      expect(viewer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const anonymous = await t.gql(diff, {}, null);
      expect(anonymous.status).toBe(401);
    });

    it.each([
      ['an unknown ruleset', '{ ruleDiff(ruleset: "nope", from: 1, to: 2) { text } }'],
      ['an unknown version', '{ ruleDiff(ruleset: "tiny", from: 1, to: 9) { text } }'],
      [
        'an unknown account',
        '{ compareHealth(accountId: "nobody", ruleset: "tiny", versions: [1]) { asOf } }',
      ],
      [
        'an unknown compared version',
        '{ compareHealth(accountId: "acme", ruleset: "tiny", versions: [1, 7]) { asOf } }',
      ],
      [
        'an unknown version to explain',
        `{ explainChange(accountId: "acme", ruleset: "tiny", fromVersion: 3, toVersion: 2,
          from: "2026-04-01T00:00:00Z", to: "2026-05-01T00:00:00Z") { comparable } }`,
      ],
      ['an unknown ruleset to validate', '{ validation(ruleset: "nope") { auc } }'],
      [
        'an unknown version to compare with',
        '{ validation(ruleset: "tiny", compareTo: 4) { auc } }',
      ],
    ])('answers NOT_FOUND for %s', async (_what, query) => {
      const r = await t.gql(query, {}, tokens.viewer);
      expect(r.data).toBeNull();
      expect(r.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    });

    it('refuses an empty version list and a negative horizon', async () => {
      const none = await t.gql(
        '{ compareHealth(accountId: "acme", ruleset: "tiny", versions: []) { asOf } }',
        {},
        tokens.viewer,
      );
      expect(none.errors?.[0]).toMatchObject({
        message: '"versions" must list 1 to 10 versions; received 0.',
        extensions: { code: 'BAD_USER_INPUT' },
      });
      const negative = await t.gql(
        '{ validation(ruleset: "tiny", horizonDays: -1) { auc } }',
        {},
        tokens.viewer,
      );
      expect(negative.errors?.[0]).toMatchObject({
        message: '"horizonDays" must be between 0 and 3650; received -1.',
        extensions: { code: 'BAD_USER_INPUT' },
      });
    });
  });
}
