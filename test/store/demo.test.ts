import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/dsl/index.js';
import { loadDemo, mulberry32, simulateAccount } from '../../src/store/demo.js';
import type { Store } from '../../src/store/index.js';
import { backends } from './backends.js';
import { count, emptyStore } from './harness.js';

const RULES = readFileSync(new URL('../../rules/default.health', import.meta.url), 'utf8');
const END = new Date('2026-06-01T00:00:00Z');

describe('demo generator', () => {
  it('repeats the same numbers for the same seed', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(mulberry32(43)()).not.toBe(first[0]);
  });

  it('generates observations for every signal and nothing after the end', () => {
    const { signals } = compile(RULES).scorecard!;
    const { observations } = simulateAccount(3, signals, { seed: 5, end: END });
    expect(new Set(observations.map((o) => o.signal))).toEqual(new Set(signals.map((s) => s.name)));
    expect(observations.every((o) => Date.parse(o.at) <= END.getTime())).toBe(true);
  });
});

describe.each(backends().filter((b) => b.name === 'pglite'))('demo on $name', (backend) => {
  let store: Store;
  beforeAll(async () => {
    store = await backend.open();
  });
  afterAll(() => backend.dispose());

  it('loads the same data for the same seed', async () => {
    const run = async () => {
      await emptyStore(store);
      const summary = await loadDemo(store, {
        seed: 9,
        accounts: 12,
        end: END,
        rulesSource: RULES,
      });
      const [sum] = await store.sql.query<{ s: string }>(
        `select md5(string_agg(account || signal || value::text || at::text, ','
           order by account, signal, at, value)) as s from observations`,
      );
      return { summary, sum: sum!.s };
    };
    const first = await run();
    const second = await run();

    expect(second.sum).toBe(first.sum);
    expect(second.summary.checksum).toBe(first.summary.checksum);
    expect(second.summary.observations).toBe(first.summary.observations);
    expect(await count(store, 'accounts')).toBe(12);
    expect(await count(store, 'observations')).toBe(first.summary.observations);
    expect(await count(store, 'outcomes')).toBe(first.summary.outcomes);
    expect(await count(store, 'score_snapshots')).toBe(12);
    expect(await count(store, 'api_tokens', `role = 'admin'`)).toBe(1);
    expect(await store.sql.query(`select active_version from rulesets`)).toEqual([
      { active_version: 1 },
    ]);
  });

  it('gives a different data set for a different seed', async () => {
    await emptyStore(store);
    const a = await loadDemo(store, { seed: 1, accounts: 5, end: END, rulesSource: RULES });
    await emptyStore(store);
    const b = await loadDemo(store, { seed: 2, accounts: 5, end: END, rulesSource: RULES });
    expect(b.checksum).not.toBe(a.checksum);
  });
});
