import { readFileSync } from 'node:fs';
import { describe, expect } from 'vitest';
import {
  activateVersion,
  ConflictError,
  getScorecard,
  listActivations,
  listVersions,
  publishRules,
  RuleErrors,
  type Store,
} from '../../src/store/index.js';
import { backends } from './backends.js';
import { count, TINY_RULES, useStore } from './harness.js';

const SPEC = readFileSync(new URL('../fixtures/spec-example.health', import.meta.url), 'utf8');

describe.each(backends())('rule store on $name', (backend) => {
  let store: Store;
  const it_ = useStore(backend, (opened) => (store = opened));

  it_('makes the first published version active and records the activation', async () => {
    const v1 = await publishRules(store, {
      ruleset: 'default',
      source: SPEC,
      expectedVersion: null,
      message: 'first',
      author: 'ana',
    });
    expect(v1).toMatchObject({ version: 1, parentVersion: null, active: true, author: 'ana' });
    expect(v1.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await store.sql.query(`select name, active_version from rulesets`)).toEqual([
      { name: 'default', active_version: 1 },
    ]);
    expect(await store.sql.query(`select ruleset, version, actor, kind from activations`)).toEqual([
      { ruleset: 'default', version: 1, actor: 'ana', kind: 'activate' },
    ]);
  });

  it_('keeps a later version inactive until activated, and records a rollback', async () => {
    await publishRules(store, { ruleset: 'default', source: SPEC, expectedVersion: null });
    const v2 = await publishRules(store, {
      ruleset: 'default',
      source: TINY_RULES,
      expectedVersion: 1,
      message: 'simpler',
    });
    expect(v2).toMatchObject({ version: 2, parentVersion: 1, active: false });

    expect(
      await activateVersion(store, { ruleset: 'default', version: 2, actor: 'bo' }),
    ).toMatchObject({ version: 2, kind: 'activate', actor: 'bo' });
    expect(
      await activateVersion(store, { ruleset: 'default', version: 1, actor: 'cy' }),
    ).toMatchObject({ version: 1, kind: 'rollback', actor: 'cy' });
    expect(await activateVersion(store, { ruleset: 'default', version: 1 })).toBeNull();

    expect((await listActivations(store, 'default')).map((a) => [a.version, a.kind])).toEqual([
      [1, 'activate'],
      [2, 'activate'],
      [1, 'rollback'],
    ]);
    expect((await listVersions(store, 'default')).map((v) => [v.version, v.active])).toEqual([
      [2, false],
      [1, true],
    ]);
  });

  it_('refuses a publish based on a stale version and writes nothing', async () => {
    await publishRules(store, { ruleset: 'default', source: SPEC, expectedVersion: null });
    await publishRules(store, { ruleset: 'default', source: TINY_RULES, expectedVersion: 1 });

    const stale = publishRules(store, { ruleset: 'default', source: SPEC, expectedVersion: 1 });
    await expect(stale).rejects.toBeInstanceOf(ConflictError);
    await expect(stale).rejects.toMatchObject({ expected: 1, actual: 2 });
    const fresh = publishRules(store, { ruleset: 'other', source: SPEC, expectedVersion: 3 });
    await expect(fresh).rejects.toMatchObject({ expected: 3, actual: null });

    expect(await count(store, 'rule_versions')).toBe(2);
    expect(await count(store, 'rulesets')).toBe(1);
    expect(await count(store, 'activations')).toBe(1);
  });

  it_('refuses rules with errors, carrying every diagnostic, and writes nothing', async () => {
    const broken = TINY_RULES.replace('weight 1 = usage', 'weight 0 = usage').replace(
      '= nps   linear',
      '= npx   linear',
    );
    const publish = publishRules(store, {
      ruleset: 'default',
      source: broken,
      expectedVersion: null,
    });
    await expect(publish).rejects.toBeInstanceOf(RuleErrors);
    const err = (await publish.catch((e: unknown) => e)) as RuleErrors;
    expect(err.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual([
      'HR107',
      'HR101',
    ]);
    expect(await count(store, 'rulesets')).toBe(0);
    expect(await count(store, 'rule_versions')).toBe(0);
  });

  it_('compiles a version once and reuses the evaluator', async () => {
    await publishRules(store, { ruleset: 'default', source: TINY_RULES, expectedVersion: null });
    const first = await getScorecard(store, 'default');
    const second = await getScorecard(store, 'default', 1);
    expect(second.scorecard).toBe(first.scorecard);
    expect(first.version).toMatchObject({ ruleset: 'default', version: 1, source: TINY_RULES });
  });

  // Only the server can race: PGlite has a single connection, so concurrent
  // publishes there run one after another and the test would prove nothing.
  if (backend.name === 'postgres') {
    it_('lets exactly one of ten concurrent publishes from the same version win', async () => {
      await publishRules(store, { ruleset: 'default', source: SPEC, expectedVersion: null });
      const racers = Array.from({ length: 10 }, (_, i) =>
        publishRules(store, {
          ruleset: 'default',
          source: `${TINY_RULES}# racer ${i}\n`,
          expectedVersion: 1,
        }),
      );
      const settled = await Promise.allSettled(racers);
      const won = settled.filter((s) => s.status === 'fulfilled');
      const lost = settled.filter((s) => s.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost.every((s) => s.reason instanceof ConflictError)).toBe(true);
      expect(await store.sql.query(`select version from rule_versions order by version`)).toEqual([
        { version: 1 },
        { version: 2 },
      ]);
      expect(await store.sql.query(`select active_version from rulesets`)).toEqual([
        { active_version: 1 },
      ]);
    });

    it_('lets exactly one of ten concurrent first publishes create the ruleset', async () => {
      const settled = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          publishRules(store, {
            ruleset: 'fresh',
            source: `${TINY_RULES}# racer ${i}\n`,
            expectedVersion: null,
          }),
        ),
      );
      expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
      expect(
        settled.every((s) => s.status === 'fulfilled' || s.reason instanceof ConflictError),
      ).toBe(true);
      expect(await count(store, 'rule_versions')).toBe(1);
      expect(await count(store, 'activations')).toBe(1);
    });
  }
});
