/**
 * Helpers shared by the storage suites: a store per back end for a whole
 * file (PGlite takes seconds to start), emptied before each test, and a
 * tiny ruleset whose scores are easy to work out by hand.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, it } from 'vitest';
import type { Store } from '../../src/store/index.js';
import type { Backend } from './backends.js';

/**
 * Gives the calling `describe` block one store on `backend`: opened once
 * before the block's tests and handed to `opened`, emptied before each test,
 * disposed of after the block. Returns the `it` for the block's tests, which
 * skips them all when the back end is skipped.
 */
export function useStore(
  backend: Backend,
  opened: (store: Store) => void,
): ReturnType<typeof it.skipIf> {
  let store: Store;
  beforeAll(async () => {
    if (backend.skip !== null) return;
    store = await backend.open();
    opened(store);
  });
  afterAll(() => backend.dispose());
  beforeEach(async () => {
    if (backend.skip === null) await emptyStore(store);
  });
  return it.skipIf(backend.skip !== null);
}

/** Empties every table and restarts ids, so each test starts from nothing. */
export async function emptyStore(store: Store): Promise<void> {
  await store.sql.query(
    `truncate accounts, observations, outcomes, rulesets, rule_versions, activations,
       score_snapshots, overrides, alert_events, api_tokens restart identity cascade`,
  );
}

/**
 * Two equal metrics in one group: the score is the mean of `usage` (0..100
 * as is) and `nps` mapped from -100..100 onto 0..100. `usage` goes stale
 * after 30 days; `nps` never does.
 */
export const TINY_RULES = `scorecard "Tiny" {
  signal usage : number max_age 30d
  signal nps   : number
  group all weight 1 {
    metric usage weight 1 = usage linear { 0 -> 0, 100 -> 100 }
    metric nps   weight 1 = nps   linear { -100 -> 0, 100 -> 100 }
  }
  bands {
    good from 50 green
    poor from 0  red
  }
  alert low_usage high when usage < 20 "Usage is low"
}
`;

/** Writes `lines` to a new temporary file named `name` and returns its path. */
export function tempFile(name: string, lines: string[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'health-test-')), name);
  writeFileSync(path, lines.map((l) => `${l}\n`).join(''));
  return path;
}

/** One NDJSON observation line. */
export function obs(account: string, signal: string, value: unknown, at: string): string {
  return JSON.stringify({ account, signal, value, at });
}

/** A count query's single number. */
export async function count(store: Store, table: string, where = 'true'): Promise<number> {
  const [row] = await store.sql.query<{ n: number }>(
    `select count(*)::int as n from ${table} where ${where}`,
  );
  return row!.n;
}
