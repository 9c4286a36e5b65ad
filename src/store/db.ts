/**
 * Opening the store: PostgreSQL when a URL is given (or `DATABASE_URL` is
 * set), otherwise an embedded PGlite database in a folder. Either way the
 * migrations in `drizzle/` are applied before the store is handed out, so
 * every command that opens it runs against the current schema.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { silentLogger, type StoreLogger } from './logger.js';
import { schema } from './schema.js';

/** The drizzle database, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** A row as the driver returns it: column names as in SQL. */
export type Row = Record<string, unknown>;

/**
 * Plain SQL with `$1`-style parameters, for the bulk paths (ingestion,
 * history reads, snapshot writes) where one statement over arrays beats any
 * query builder. Arrays are passed as PostgreSQL arrays.
 */
export interface Sql {
  query<T = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
}

/** What a transaction body gets: both interfaces, on the same connection. */
export interface Tx {
  sql: Sql;
  db: Db;
}

export interface Store {
  readonly kind: 'pglite' | 'postgres';
  /** Where the data lives: a folder or a URL without its password. */
  readonly location: string;
  readonly db: Db;
  readonly sql: Sql;
  readonly logger: StoreLogger;
  /** Runs `body` in one transaction; it commits when `body` resolves. */
  transaction<T>(body: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** A `postgres://` URL. Default: `DATABASE_URL`. */
  databaseUrl?: string;
  /**
   * The embedded database's folder, or `memory://` for one that lives only
   * in this process. Default: `HEALTH_DATA_DIR`, else `.health-data`.
   */
  dataDir?: string;
  logger?: StoreLogger;
  /** Connections in the PostgreSQL pool (default 10). */
  maxConnections?: number;
}

/** Opens the store chosen by the options or the environment and migrates it. */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const logger = options.logger ?? silentLogger;
  const url = options.databaseUrl ?? (options.dataDir ? undefined : process.env.DATABASE_URL);
  const store = url
    ? await openPostgres(url, logger, options.maxConnections ?? 10)
    : await openPglite(options.dataDir ?? process.env.HEALTH_DATA_DIR ?? '.health-data', logger);
  logger.debug({ kind: store.kind, location: store.location }, 'store opened');
  return store;
}

/** The folder of SQL migrations, found from this module whether run from source or `dist`. */
export function migrationsFolder(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'drizzle');
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the drizzle/ migrations folder');
    dir = parent;
  }
}

async function openPglite(dataDir: string, logger: StoreLogger): Promise<Store> {
  const inMemory = dataDir === 'memory://' || dataDir === '';
  if (!inMemory) await mkdir(resolve(dataDir), { recursive: true });
  const client = inMemory ? new PGlite() : new PGlite(resolve(dataDir));
  const db = drizzlePglite({ client, schema });
  // PGlite is a single process-local connection: nothing else can migrate at the same time.
  await migratePglite(db, { migrationsFolder: migrationsFolder() });

  const sqlOf = (target: Pick<PGlite, 'query'>): Sql => ({
    async query<T>(text: string, params: readonly unknown[] = []) {
      return (await target.query<T>(text, params as unknown[])).rows;
    },
  });
  return {
    kind: 'pglite',
    location: inMemory ? 'memory://' : resolve(dataDir),
    db: db as unknown as Db,
    sql: sqlOf(client),
    logger,
    transaction: (body) =>
      client.transaction((t) =>
        body({
          sql: sqlOf(t),
          // drizzle wraps a PGlite transaction as a client the same way internally.
          db: drizzlePglite({ client: t as unknown as PGlite, schema }) as unknown as Db,
        }),
      ),
    close: () => client.close(),
  };
}

/** Any constant works as long as every process uses the same one. */
const MIGRATION_LOCK = 7_316_204;

async function openPostgres(url: string, logger: StoreLogger, max: number): Promise<Store> {
  const client = postgres(url, {
    max,
    onnotice: () => {},
    types: {
      // Return bigint ids and counts as numbers, as PGlite does; they stay far below 2^53.
      bigint: { to: 20, from: [20], serialize: (n: number) => String(n), parse: Number },
    },
  });
  const db = drizzlePostgres({ client, schema });

  // Two processes starting together must not both run the same migration:
  // hold an advisory lock on one reserved connection while migrating.
  const lock = await client.reserve();
  try {
    await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migratePostgres(db, { migrationsFolder: migrationsFolder() });
  } finally {
    await lock`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => undefined);
    lock.release();
  }

  const sqlOf = (target: postgres.Sql): Sql => ({
    async query<T>(text: string, params: readonly unknown[] = []) {
      const result = await target.unsafe(text, params.map(toWire) as never[]);
      return withDates(result) as T[];
    },
  });
  return {
    kind: 'postgres',
    location: redact(url),
    db: db as unknown as Db,
    sql: sqlOf(client),
    logger,
    transaction: async (body) =>
      (await client.begin((t) => {
        // drizzle reads the client's type parsers from `options`, which a
        // transaction handle lacks; they are the pool's, so lend them.
        const handle = t as unknown as postgres.Sql;
        if (!('options' in handle)) {
          Object.defineProperty(handle, 'options', { value: client.options });
        }
        return body({
          sql: sqlOf(handle),
          db: drizzlePostgres({ client: handle, schema }) as unknown as Db,
        });
      })) as Awaited<ReturnType<typeof body>>,
    close: () => client.end({ timeout: 5 }),
  };
}

/**
 * drizzle replaces postgres.js's date parsing and serialising with its own
 * (it turns them off on the client it is given), so plain queries on that
 * client would send a Date as `Date.toString()` and get times back as text.
 * Send ISO strings, and turn time columns back into Dates, as PGlite does.
 * (Arrays of times must be sent as `text[]` and cast in SQL, because drizzle
 * turns off the array serialiser too.)
 */
function toWire(param: unknown): unknown {
  if (param instanceof Date) return param.toISOString();
  if (Array.isArray(param) && param.some((p) => p instanceof Date)) {
    return param.map((p: unknown) => (p instanceof Date ? p.toISOString() : p));
  }
  return param;
}

const TIME_TYPES = new Set([1114, 1184]);

function withDates(result: postgres.RowList<postgres.Row[]>): postgres.Row[] {
  const times = (result.columns ?? []).filter((c) => TIME_TYPES.has(c.type)).map((c) => c.name);
  if (times.length === 0) return result;
  for (const row of result) {
    for (const name of times) {
      const v = row[name];
      if (typeof v === 'string') row[name] = parseTimestamp(v);
    }
  }
  return result;
}

/** PostgreSQL's text form (`2026-03-01 00:00:00+00`) as a Date; JS needs `T` and `+00:00`. */
function parseTimestamp(text: string): Date {
  const iso = text.replace(' ', 'T');
  return new Date(/[+-]\d\d$/.test(iso) ? `${iso}:00` : iso);
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres';
  }
}
