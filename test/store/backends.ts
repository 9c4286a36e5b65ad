/**
 * The storage suites run once per back end: embedded PGlite always, and the
 * PostgreSQL server when it answers. Each PostgreSQL suite gets a database of
 * its own, created for it and dropped after, so suites never see each other's
 * rows. When the server is unreachable the PostgreSQL runs are skipped with
 * the reason printed, unless HEALTH_TEST_PG=1 (CI), where that is a failure.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { openStore, type Store } from '../../src/store/index.js';

/** The server the PostgreSQL runs use; its `test` database is only used to create others. */
export const ADMIN_URL =
  process.env.HEALTH_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface Backend {
  name: 'pglite' | 'postgres';
  /** Why this back end is skipped, or null when it runs. */
  skip: string | null;
  /** Opens a fresh, migrated, empty store. */
  open(): Promise<Store>;
  /** Opens the database `open` created last once more (after closing `store`). */
  reopen(store: Store): Promise<Store>;
  /** Drops what `open` created. */
  dispose(): Promise<void>;
}

async function reachable(): Promise<string | null> {
  const sql = postgres(ADMIN_URL, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return null;
  } catch (err) {
    return `PostgreSQL at ${ADMIN_URL} is unreachable (${(err as Error).message})`;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => undefined);
  }
}

const pgProblem = await reachable();
if (pgProblem && process.env.HEALTH_TEST_PG === '1') {
  throw new Error(`HEALTH_TEST_PG=1 but ${pgProblem}`);
}
if (pgProblem) console.warn(`skipping the PostgreSQL back end: ${pgProblem}`);

/** The back ends, each with its own fresh databases. */
export function backends(): Backend[] {
  const created: string[] = [];
  const dirs: string[] = [];
  const opened: Store[] = [];
  const track = (store: Store) => (opened.push(store), store);
  return [
    {
      name: 'pglite',
      skip: null,
      async open() {
        dirs.push(mkdtempSync(join(tmpdir(), 'health-store-')));
        return track(await openStore({ dataDir: dirs.at(-1) }));
      },
      async reopen(store) {
        await store.close();
        return track(await openStore({ dataDir: dirs.at(-1) }));
      },
      async dispose() {
        await Promise.all(opened.splice(0).map((s) => s.close().catch(() => undefined)));
        for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
      },
    },
    {
      name: 'postgres',
      skip: pgProblem,
      async open() {
        const name = `health_test_${randomBytes(6).toString('hex')}`;
        const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
        await admin.unsafe(`create database ${name}`);
        await admin.end();
        created.push(name);
        return track(await openStore({ databaseUrl: urlOf(name) }));
      },
      async reopen(store) {
        await store.close();
        return track(await openStore({ databaseUrl: urlOf(created.at(-1)!) }));
      },
      async dispose() {
        await Promise.all(opened.splice(0).map((s) => s.close().catch(() => undefined)));
        const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
        for (const name of created.splice(0)) {
          await admin.unsafe(`drop database if exists ${name} with (force)`);
        }
        await admin.end();
      },
    },
  ];
}

function urlOf(database: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}
