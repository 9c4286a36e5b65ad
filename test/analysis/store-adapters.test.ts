import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compare,
  explainChange,
  mergeHistories,
  ruleDiff,
  validation,
} from '../../src/analysis/store-adapters.js';
import {
  NotFoundError,
  openStore,
  publishRules,
  recordObservations,
  recordOutcomes,
  RuleErrors,
  type Store,
} from '../../src/store/index.js';
import { AS_OF, BASE, variant } from './harness.js';

const DAY = 86_400_000;
const daysFrom = (days: number) => new Date(AS_OF.getTime() + days * DAY).toISOString();
const HEAVIER = variant(BASE, ['metric m1 weight 1', 'metric m1 weight 3']);

let store: Store;

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://' });
  await publishRules(store, { ruleset: 'default', source: BASE, expectedVersion: null });
  await publishRules(store, { ruleset: 'default', source: HEAVIER, expectedVersion: 1 });
  const obs = (account: string, a: number, b: number, days: number) => [
    { account, signal: 'a', value: a, at: daysFrom(days) },
    { account, signal: 'b', value: b, at: daysFrom(days) },
  ];
  await recordObservations(store, [
    ...obs('x', 80, 40, -1), // v1 60 good, v2 70 good
    ...obs('y', 40, 80, -1), // v1 60 good, v2 50 bad
    ...obs('w', 90, 10, -1), // v1 50 bad, v2 70 good
    ...obs('x', 40, 40, 20), // later: v2 40 bad
  ]);
  await recordOutcomes(store, [
    { account: 'x', outcome: 'renewed', at: daysFrom(90) },
    { account: 'y', outcome: 'expanded', at: daysFrom(90) },
    { account: 'w', outcome: 'churned', at: daysFrom(90) },
    { account: 'z', outcome: 'renewed', at: daysFrom(90) }, // never observed
  ]);
});

afterAll(async () => {
  await store?.close();
});

describe('ruleDiff', () => {
  it('diffs two stored versions and streams every account through both', async () => {
    // A page size of 2 makes the three accounts (and z) span two pages.
    const progress: Array<[number, number]> = [];
    const diff = await ruleDiff(store, 'default', 1, 2, {
      impact: true,
      asOf: AS_OF,
      pageSize: 2,
      onProgress: (done, total) => progress.push([done, total]),
    });
    // Reported every 1,000 accounts and once at the end: here only the end.
    expect(progress).toEqual([[4, 4]]);

    expect(diff.from.label).toBe('default@1');
    expect(diff.to.label).toBe('default@2');
    expect(diff.text).toContain('-    metric m1 weight 1 =');
    expect(diff.text).toContain('+    metric m1 weight 3 =');
    expect(diff.changes.map((c) => c.description)).toEqual([
      'g.m1 weight 1 -> 3',
      'g.m2 nominal weight 50% -> 25%',
    ]);
    const impact = diff.impact!;
    expect(impact.accounts).toBe(4);
    expect(impact.transitions.from).toEqual(['good', 'bad', 'insufficient_data']);
    expect(impact.transitions.counts).toEqual([
      [1, 1, 0],
      [1, 0, 0],
      [0, 0, 1],
    ]);
    expect(impact.topMovers.map((m) => [m.account, m.delta])).toEqual([
      ['w', 20],
      ['x', 10],
      ['y', -10],
    ]);
  });

  it('diffs a draft against the active version', async () => {
    const draft = variant(BASE, ['good from 60', 'good from 50']);
    const diff = await ruleDiff(
      store,
      'default',
      null,
      { draftSource: draft },
      {
        impact: true,
        asOf: AS_OF,
      },
    );
    expect(diff.from.version).toBe(1);
    expect(diff.to).toEqual({ version: null, hash: null, label: 'draft' });
    expect(diff.changes.map((c) => c.description)).toEqual(['bands.good from 60 -> 50']);
    expect(diff.impact!.bandChanged).toBe(1); // w: 50 is good now
  });

  it('refuses a draft with errors and says why', async () => {
    const broken = variant(BASE, ['metric m1 weight 1 = a', 'metric m1 weight 1 = nope']);
    await expect(ruleDiff(store, 'default', null, { draftSource: broken })).rejects.toBeInstanceOf(
      RuleErrors,
    );
  });
});

describe('validation', () => {
  it('scores each outcome at the horizon before it', async () => {
    const v1 = await validation(store, 'default', 1, 90);
    expect(v1.version).toBe(1);
    expect(v1.bands.map((b) => [b.band, b.accounts, b.renewalRate])).toEqual([
      ['good', 2, 1],
      ['bad', 1, 0],
    ]);
    expect(v1.insufficientData.accounts).toBe(1);
    expect(v1.auc).toBe(1); // renewals 60, 60 against a churn at 50

    // Under v2, w (churned) scores 70 like x: one tie, one loss → (0.5 + 0) / 2.
    const v2 = await validation(store, 'default', 2, 90);
    expect(v2.auc).toBe(0.25);
    expect(v2.bands.map((b) => [b.band, b.accounts])).toEqual([
      ['good', 2],
      ['bad', 1],
    ]);
  });

  it('finds no score when the horizon is before any observation', async () => {
    const report = await validation(store, 'default', 1, 120);
    expect(report.insufficientData.accounts).toBe(4);
    expect(report.auc).toBeNull();
  });
});

describe('compare and explainChange', () => {
  it('compares one stored account under two versions', async () => {
    const cmp = await compare(store, 'x', 'default', [1, 2], AS_OF);
    expect(cmp.versions.map((v) => [v.label, v.score, v.scoreDelta])).toEqual([
      ['v1', 60, 0],
      ['v2', 70, 10],
    ]);
  });

  it('splits a stored account move into rules and data', async () => {
    const r = await explainChange(
      store,
      'x',
      'default',
      { from: 1, to: 2 },
      AS_OF,
      new Date(daysFrom(30)),
    );
    // v1 at t1 60; v2 at t1 70; v2 at t2 (a = b = 40) 40.
    expect([r.rules.delta, r.data.delta, r.total.delta]).toEqual([10, -30, -20]);
    expect(r.points.bAtT2.label).toBe('v2');
  });

  it('says so when the account does not exist', async () => {
    await expect(compare(store, 'nobody', 'default', [1], AS_OF)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe('mergeHistories', () => {
  it('keeps each observation once, in time order', () => {
    const one = new Map([['a', { times: [1, 3], values: [10, 30] }]]);
    const two = new Map([
      ['a', { times: [2, 3], values: [20, 30] }],
      ['b', { times: [5], values: [true] }],
    ]);
    expect(mergeHistories([one, two])).toEqual(
      new Map([
        ['a', { times: [1, 2, 3], values: [10, 20, 30] }],
        ['b', { times: [5], values: [true] }],
      ]),
    );
  });
});
