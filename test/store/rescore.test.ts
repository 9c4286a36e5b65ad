import { describe, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  getScorecard,
  loadHistories,
  publishRules,
  recordObservations,
  rescore,
  scoreAccount,
  setOverride,
  snapshotHistory,
  type Store,
} from '../../src/store/index.js';
import { backends } from './backends.js';
import { count, TINY_RULES, useStore } from './harness.js';

const SPEC = readFileSync(new URL('../fixtures/spec-example.health', import.meta.url), 'utf8');
const AS_OF = new Date('2026-03-01T00:00:00Z');
const day = (offset: number) => new Date(AS_OF.getTime() + offset * 86_400_000).toISOString();

/**
 * acme: usage 80, nps 20 (→ 60): score 70, good.
 * bolt: usage 10, nps -60 (→ 20): score 15, poor, low_usage fires.
 * cove: usage stale (45 days old; the fresh one is after as-of), nps 0
 *       (→ 50): half the weight is real, which meets 50%: score 50, good.
 * dusk: its only observation is after as-of: insufficient data.
 */
const TINY_DATA = [
  { account: 'acme', signal: 'usage', value: 80, at: day(-1) },
  { account: 'acme', signal: 'nps', value: 20, at: day(-59) },
  { account: 'bolt', signal: 'usage', value: 10, at: day(-2) },
  { account: 'bolt', signal: 'nps', value: -60, at: day(-28) },
  { account: 'cove', signal: 'usage', value: 40, at: day(-45) },
  { account: 'cove', signal: 'usage', value: 90, at: day(1) },
  { account: 'cove', signal: 'nps', value: 0, at: day(-28) },
  { account: 'dusk', signal: 'usage', value: 5, at: day(4) },
];

describe.each(backends())('history and rescoring on $name', (backend) => {
  let store: Store;
  const it_ = useStore(backend, (opened) => (store = opened));

  it_('reads a window plus one anchor, and nothing after as-of', async () => {
    await publishRules(store, { ruleset: 'default', source: SPEC, expectedVersion: null });
    await recordObservations(
      store,
      [-40, -35, -20, -1, 1].map((d, i) => ({
        account: 'acme',
        signal: 'active_users',
        value: 10 + i,
        at: day(d),
      })),
    );
    await recordObservations(store, [
      { account: 'acme', signal: 'nps', value: 30, at: day(-100) },
      { account: 'acme', signal: 'nps', value: 40, at: day(-50) },
      { account: 'acme', signal: 'nps', value: 50, at: day(2) },
    ]);
    const { scorecard } = await getScorecard(store, 'default');
    const history = (await loadHistories(store.sql, scorecard, ['acme', 'none'], AS_OF))!;

    const users = history.get('acme')!.get('active_users')!;
    expect(users.times.map((t) => new Date(t).toISOString())).toEqual([
      day(-35),
      day(-20),
      day(-1),
    ]);
    expect(users.values).toEqual([11, 12, 13]);
    expect(history.get('acme')!.get('nps')).toEqual({
      times: [Date.parse(day(-50))],
      values: [40],
    });
    expect(history.get('none')!.size).toBe(0);
  });

  it_('stores one snapshot per account, version and as-of with exact scores', async () => {
    await publishRules(store, { ruleset: 'default', source: TINY_RULES, expectedVersion: null });
    await recordObservations(store, TINY_DATA);

    const summary = await rescore(store, { asOf: AS_OF, pageSize: 3 });
    expect(summary).toMatchObject({
      version: 1,
      accounts: 4,
      scored: 3,
      insufficientData: 1,
      bands: { good: 2, poor: 1 },
      alerts: 1,
    });
    await rescore(store, { asOf: AS_OF, pageSize: 2 });

    const rows = await store.sql.query(
      `select account, version, score, band, status, coverage from score_snapshots
       order by account`,
    );
    expect(rows).toEqual([
      { account: 'acme', version: 1, score: 70, band: 'good', status: 'scored', coverage: 1 },
      { account: 'bolt', version: 1, score: 15, band: 'poor', status: 'scored', coverage: 1 },
      { account: 'cove', version: 1, score: 50, band: 'good', status: 'scored', coverage: 0.5 },
      {
        account: 'dusk',
        version: 1,
        score: null,
        band: null,
        status: 'insufficient_data',
        coverage: 0,
      },
    ]);
    const cove = await snapshotHistory(store, { account: 'cove' });
    expect(cove).toHaveLength(1);
    expect(cove[0]!.result.metrics!.map((m) => [m.metric, m.status])).toEqual([
      ['usage', 'stale'],
      ['nps', 'ok'],
    ]);
  });

  it_('rescores only the accounts it is given, in pages', async () => {
    await publishRules(store, { ruleset: 'default', source: TINY_RULES, expectedVersion: null });
    await recordObservations(store, TINY_DATA);

    const summary = await rescore(store, {
      asOf: AS_OF,
      accounts: ['dusk', 'bolt', 'acme', 'bolt'],
      pageSize: 2,
    });
    expect(summary).toMatchObject({ accounts: 3, scored: 2, insufficientData: 1 });
    const rows = await store.sql.query(
      'select account, score from score_snapshots order by account',
    );
    expect(rows).toEqual([
      { account: 'acme', score: 70 },
      { account: 'bolt', score: 15 },
      { account: 'dusk', score: null },
    ]);
  });

  it_('records the alerts that fired, once per scoring', async () => {
    await publishRules(store, { ruleset: 'default', source: TINY_RULES, expectedVersion: null });
    await recordObservations(store, TINY_DATA);
    await rescore(store, { asOf: AS_OF });
    await rescore(store, { asOf: AS_OF });
    await rescore(store, { asOf: new Date(day(1)) });

    expect(
      await store.sql.query(
        `select account, alert, severity, message, as_of from alert_events order by as_of`,
      ),
    ).toEqual([
      {
        account: 'bolt',
        alert: 'low_usage',
        severity: 'high',
        message: 'Usage is low',
        as_of: AS_OF,
      },
      {
        account: 'bolt',
        alert: 'low_usage',
        severity: 'high',
        message: 'Usage is low',
        as_of: new Date(day(1)),
      },
    ]);
    expect(await count(store, 'score_snapshots')).toBe(8);
  });

  it_('applies a manual override in force at as-of', async () => {
    await publishRules(store, { ruleset: 'default', source: TINY_RULES, expectedVersion: null });
    await recordObservations(store, TINY_DATA);
    await setOverride(store, {
      account: 'acme',
      band: 'poor',
      reason: 'escalation',
      author: 'ana',
    });

    const now = await scoreAccount(store, { account: 'acme', asOf: new Date(Date.now() + 1000) });
    expect(now.result.band).toBe('poor');
    expect(now.result.overrides.map((o) => [o.kind, o.band, o.applied])).toEqual([
      ['manual', 'poor', true],
    ]);

    // The override was set after AS_OF, so a rescore as of then ignores it.
    await rescore(store, { asOf: AS_OF });
    expect(
      await store.sql.query(`select band from score_snapshots where account = 'acme'`),
    ).toEqual([{ band: 'good' }]);
  });
});
