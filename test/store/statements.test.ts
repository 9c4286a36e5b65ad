/**
 * Every statement goes through the store's logger, and every committed write
 * moves the data generation, on both back ends. A second store opened on the
 * same PostgreSQL database stands in for another process (the CLI), whose
 * writes reach the first store as notifications.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  activateVersion,
  clearOverride,
  createToken,
  openStore,
  publishRules,
  recordObservations,
  rescore,
  revokeToken,
  setOverride,
  verifyToken,
  type Store,
  type StoreLogger,
} from '../../src/store/index.js';
import { ADMIN_URL, backends } from './backends.js';
import { TINY_RULES } from './harness.js';

/** A logger that keeps the `sql` lines it is given, by level. */
function capture(): StoreLogger & { statements: { level: string; sql: string }[] } {
  const statements: { level: string; sql: string }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => {
    const sql = (obj as { sql?: unknown }).sql;
    if (msg === 'sql' && typeof sql === 'string') statements.push({ level, sql });
  };
  return { statements, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

const pg = backends().find((b) => b.name === 'postgres')!;

/** Opens a fresh store with `logger` on a back end; `url` is set for PostgreSQL. */
async function open(kind: 'pglite' | 'postgres', logger: StoreLogger) {
  if (kind === 'pglite') return { store: await openStore({ dataDir: 'memory://', logger }) };
  const name = `health_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { store: await openStore({ databaseUrl: url.toString(), logger }), name, url: `${url}` };
}

describe.each([
  { name: 'pglite' as const, skip: null },
  { name: 'postgres' as const, skip: pg.skip },
])('statements and the data generation on $name', ({ name: kind, skip }) => {
  const logger = capture();
  let store: Store;
  let database: string | undefined;
  let url: string | undefined;
  const others: Store[] = [];
  beforeAll(async () => {
    if (skip !== null) return;
    ({ store, name: database, url } = await open(kind, logger));
  });
  afterAll(async () => {
    if (skip !== null) return;
    await Promise.all([store, ...others].map((s) => s.close()));
    if (database) {
      const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists ${database} with (force)`);
      await admin.end();
    }
  });
  const it_ = it.skipIf(skip !== null);

  it_('logs each raw and each drizzle statement once, at debug, without values', async () => {
    logger.statements.length = 0;
    const created = await createToken(store, { role: 'viewer', name: 'logged' });
    await verifyToken(store, created.token);
    await store.sql.query('select count(*) from accounts where id = $1', ['secret-id']);

    const lines = logger.statements.map((s) => `${s.level} ${s.sql.slice(0, 24)}`);
    expect(lines).toEqual([
      'debug begin',
      'debug insert into "api_tokens"',
      ...(kind === 'postgres' ? ['debug select pg_notify($1, $2)'] : []),
      'debug commit',
      'debug select "id", "name", "ro',
      'debug select count(*) from acc',
    ]);
    const logged = JSON.stringify(logger.statements);
    expect(logged).not.toContain('secret-id');
    expect(logged).not.toContain(created.token.slice(3));
  });

  it_('moves the generation after every kind of write and never after a read', async () => {
    const moves: Record<string, boolean> = {};
    const step = async (label: string, run: () => Promise<unknown>) => {
      const before = await store.dataGeneration();
      await run();
      moves[label] = (await store.dataGeneration()) !== before;
    };
    const at = '2026-01-10T00:00:00Z';
    await step('publish', () =>
      publishRules(store, { ruleset: 'default', source: TINY_RULES, expectedVersion: null }),
    );
    await step('publish again', () =>
      publishRules(store, {
        ruleset: 'default',
        source: `${TINY_RULES}\n# v2\n`,
        expectedVersion: 1,
      }),
    );
    await step('activate', () => activateVersion(store, { ruleset: 'default', version: 2 }));
    await step('observations', () =>
      recordObservations(store, [{ account: 'a', signal: 'usage', value: 50, at }]),
    );
    await step('rescore', () => rescore(store, { asOf: new Date('2026-01-11T00:00:00Z') }));
    await step('override', () =>
      setOverride(store, { account: 'a', band: 'good', reason: 'renewal call' }),
    );
    await step('clear override', () => clearOverride(store, { account: 'a' }));
    const token = await createToken(store, { role: 'viewer' });
    await step('revoke token', () => revokeToken(store, token.id));
    await step('raw update', () =>
      store.sql.query(`update accounts set name = 'A' where id = 'a'`),
    );
    await step('read', () => store.sql.query('select * from accounts'));
    await step('read through drizzle', () => verifyToken(store, token.token));

    expect(moves).toEqual({
      publish: true,
      'publish again': true,
      activate: true,
      observations: true,
      rescore: true,
      override: true,
      'clear override': true,
      'revoke token': true,
      'raw update': true,
      read: false,
      'read through drizzle': false,
    });
  });

  // Only PostgreSQL is shared with other processes; PGlite has no such test.
  if (kind === 'postgres')
    it_("sees another process's write in its own generation", async () => {
      const other = await openStore({ databaseUrl: url! });
      others.push(other);
      const before = await store.dataGeneration();
      await other.sql.query(`update accounts set segment = 'smb'`);
      // The notification travels on its own connection: wait for it, briefly.
      await vi.waitFor(async () => expect(await store.dataGeneration()).toBe(before + 1), {
        timeout: 2_000,
        interval: 5,
      });
      await other.transaction(({ sql }) => sql.query(`update accounts set segment = 'mid'`));
      await vi.waitFor(async () => expect(await store.dataGeneration()).toBe(before + 2), {
        timeout: 2_000,
        interval: 5,
      });
    });
});
