import { describe, expect } from 'vitest';
import {
  listOutcomes,
  pageAccountIds,
  recordObservations,
  recordOutcomes,
  type Store,
} from '../../src/store/index.js';
import { backends } from './backends.js';
import { useStore } from './harness.js';

describe.each(backends())('account paging and outcomes on $name', (backend) => {
  let store: Store;
  const it_ = useStore(backend, (opened) => (store = opened));

  it_('pages account ids in id order after the last id seen', async () => {
    await recordObservations(
      store,
      ['dusk', 'acme', 'cove', 'bolt', 'echo'].map((account) => ({
        account,
        signal: 'usage',
        value: 1,
        at: '2026-01-01T00:00:00Z',
      })),
    );
    expect(await pageAccountIds(store, null, 2)).toEqual(['acme', 'bolt']);
    expect(await pageAccountIds(store, 'bolt', 2)).toEqual(['cove', 'dusk']);
    expect(await pageAccountIds(store, 'dusk', 2)).toEqual(['echo']);
    expect(await pageAccountIds(store, 'echo', 2)).toEqual([]);
  });

  it_('lists outcomes by date, then account, with their times as dates', async () => {
    await recordOutcomes(store, [
      { account: 'bolt', outcome: 'churned', at: '2026-03-01T00:00:00Z' },
      { account: 'acme', outcome: 'renewed', at: '2026-05-01T00:00:00Z' },
      { account: 'acme', outcome: 'expanded', at: '2026-03-01T00:00:00Z' },
    ]);
    expect(await listOutcomes(store)).toEqual([
      { account: 'acme', outcome: 'expanded', at: new Date('2026-03-01T00:00:00Z') },
      { account: 'bolt', outcome: 'churned', at: new Date('2026-03-01T00:00:00Z') },
      { account: 'acme', outcome: 'renewed', at: new Date('2026-05-01T00:00:00Z') },
    ]);
  });
});
