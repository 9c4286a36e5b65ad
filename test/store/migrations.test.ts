import { afterAll, describe, expect, it } from 'vitest';
import { backends } from './backends.js';

describe.each(backends())('migrations on $name', (backend) => {
  afterAll(() => backend.dispose());

  it.skipIf(backend.skip !== null)('creates every table when the store opens', async () => {
    const store = await backend.open();
    const rows = await store.sql.query<{ table_name: string }>(
      `select table_name from information_schema.tables
       where table_schema = 'public' order by table_name`,
    );
    expect(rows.map((r) => r.table_name)).toEqual([
      'accounts',
      'activations',
      'alert_events',
      'api_tokens',
      'observations',
      'outcomes',
      'overrides',
      'rule_versions',
      'rulesets',
      'score_snapshots',
    ]);
  });

  it.skipIf(backend.skip !== null)('applies nothing twice when opened again', async () => {
    const first = await backend.open();
    await first.sql.query(`insert into accounts (id) values ('acme')`);
    const store = await backend.reopen(first);
    expect(await store.sql.query(`select id from accounts`)).toEqual([{ id: 'acme' }]);
    const applied = await store.sql.query<{ n: number }>(
      `select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    expect(applied).toEqual([{ n: 1 }]);
  });
});
