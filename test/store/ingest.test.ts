import { describe, expect } from 'vitest';
import {
  activeSignalTypes,
  ingestObservations,
  ingestOutcomes,
  publishRules,
  recordObservations,
  type Store,
} from '../../src/store/index.js';
import { readObservations, readOutcomes } from '../../src/store/records.js';
import { backends } from './backends.js';
import { count, obs, tempFile, TINY_RULES, useStore } from './harness.js';

const GOOD = [
  obs('acme', 'usage', 80, '2026-01-01T00:00:00Z'),
  obs('acme', 'nps', 20, '2026-01-01T00:00:00Z'),
  obs('bolt', 'usage', 10, '2026-01-02T00:00:00Z'),
];

describe.each(backends())('ingestion on $name', (backend) => {
  let store: Store;
  const it_ = useStore(backend, (opened) => (store = opened));

  it_('stores a file once however often it is ingested', async () => {
    const file = tempFile('obs.ndjson', GOOD);
    const first = await ingestObservations(store, readObservations(file));
    const second = await ingestObservations(store, readObservations(file));

    expect(first).toMatchObject({ stored: 3, duplicates: 0, newAccounts: 2, rejected: [] });
    expect(second).toMatchObject({ stored: 0, duplicates: 3, newAccounts: 0, rejected: [] });
    expect(await count(store, 'observations')).toBe(3);
    expect(await store.sql.query(`select id from accounts order by id`)).toEqual([
      { id: 'acme' },
      { id: 'bolt' },
    ]);
    expect(
      await store.sql.query(
        `select account, signal, value from observations order by account, signal`,
      ),
    ).toEqual([
      { account: 'acme', signal: 'nps', value: 20 },
      { account: 'acme', signal: 'usage', value: 80 },
      { account: 'bolt', signal: 'usage', value: 10 },
    ]);
  });

  it_(
    'keeps two different values at the same instant and drops a repeat within a file',
    async () => {
      const file = tempFile('obs.ndjson', [
        obs('acme', 'nps', 20, '2026-01-01T00:00:00Z'),
        obs('acme', 'nps', 30, '2026-01-01T00:00:00Z'),
        obs('acme', 'nps', 20, '2026-01-01T00:00:00Z'),
      ]);
      const summary = await ingestObservations(store, readObservations(file), { batchSize: 2 });
      expect(summary).toMatchObject({ accepted: 3, stored: 2, duplicates: 1 });
      expect(await count(store, 'observations')).toBe(2);
    },
  );

  it_('keeps the good lines and reports each bad one with its line number', async () => {
    await publishRules(store, { ruleset: 'default', source: TINY_RULES, expectedVersion: null });
    const file = tempFile('obs.ndjson', [
      GOOD[0]!,
      obs('acme', 'usage', 'lots', '2026-01-01T00:00:00Z'),
      GOOD[1]!,
      '{not json',
      obs('acme', 'mood', 3, '2026-01-01T00:00:00Z'),
    ]);
    const types = await activeSignalTypes(store);
    const summary = await ingestObservations(store, readObservations(file, { signalTypes: types }));

    expect(summary).toMatchObject({ policy: 'keep-good', committed: true, stored: 2 });
    expect(summary.rejected.map((r) => r.line)).toEqual([2, 4, 5]);
    expect(summary.rejected[0]!.reason).toContain('usage');
    expect(await count(store, 'observations')).toBe(2);
  });

  it_('refuses the whole file on one bad line when all-or-nothing', async () => {
    const file = tempFile('obs.ndjson', [...GOOD, '{"account":"acme"}']);
    const summary = await ingestObservations(store, readObservations(file), {
      policy: 'all-or-nothing',
      batchSize: 1,
    });
    expect(summary).toMatchObject({
      policy: 'all-or-nothing',
      committed: false,
      accepted: 3,
      stored: 0,
    });
    expect(summary.rejected.map((r) => r.line)).toEqual([4]);
    expect(await count(store, 'observations')).toBe(0);
    expect(await count(store, 'accounts')).toBe(0);
  });

  it_('commits everything when all-or-nothing finds no bad line', async () => {
    const file = tempFile('obs.ndjson', GOOD);
    const summary = await ingestObservations(store, readObservations(file), {
      policy: 'all-or-nothing',
      batchSize: 2,
    });
    expect(summary).toMatchObject({ committed: true, stored: 3 });
    expect(await count(store, 'observations')).toBe(3);
  });

  it_('stores outcomes idempotently from CSV', async () => {
    const file = tempFile('outcomes.csv', [
      'account,outcome,at',
      'acme,renewed,2026-03-01',
      'bolt,churned,2026-03-02',
      'bolt,vanished,2026-03-02',
    ]);
    const first = await ingestOutcomes(store, readOutcomes(file));
    const second = await ingestOutcomes(store, readOutcomes(file));
    expect(first).toMatchObject({ stored: 2, duplicates: 0 });
    expect(first.rejected.map((r) => r.line)).toEqual([4]);
    expect(second).toMatchObject({ stored: 0, duplicates: 2 });
    expect(await store.sql.query(`select account, outcome from outcomes order by account`)).toEqual(
      [
        { account: 'acme', outcome: 'renewed' },
        { account: 'bolt', outcome: 'churned' },
      ],
    );
  });

  it_('checks records sent as objects against the active rules', async () => {
    await publishRules(store, { ruleset: 'default', source: TINY_RULES, expectedVersion: null });
    const summary = await recordObservations(store, [
      { account: 'acme', signal: 'usage', value: 50, at: '2026-01-01T00:00:00Z' },
      { account: 'acme', signal: 'usage', value: true, at: '2026-01-01T00:00:00Z' },
      { account: 'acme', signal: 'nps', value: 5, at: 'yesterday' },
    ]);
    expect(summary.stored).toBe(1);
    expect(summary.rejected).toEqual([
      { line: 2, reason: 'signal "usage" is a number, found a boolean' },
      { line: 3, reason: '"at" is not a valid time: yesterday' },
    ]);
  });
});
