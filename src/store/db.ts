/**
 * Opening the store: PostgreSQL when a URL is given (or `DATABASE_URL` is
 * set), otherwise an embedded PGlite database in a folder. Either way the
 * migrations in `drizzle/` are applied before the store is handed out, so
 * every command that opens it runs against the current schema.
 */
import { randomUUID } from 'node:crypto';
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
import { Generation, isWrite, logStatement } from './generation.js';
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

/** The store's connection to a database, with the helpers above. */
export interface Store {
  readonly kind: 'pglite' | 'postgres';
  /** Where the data lives: a folder or a URL without its password. */
  readonly location: string;
  readonly db: Db;
  readonly sql: Sql;
  readonly logger: StoreLogger;
  /** Runs `body` in one transaction; it commits when `body` resolves. */
  transaction<T>(body: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * A number that changes after every committed write, for caches in front
   * of the store: a value read before a read is still current afterwards
   * only if no write committed in between. See `generation.ts` for what
   * counts as a write and how other processes' writes are seen.
   */
  dataGeneration(): Promise<number>;
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
  // PGlite lives in this process and no other can open its folder, so a
  // counter here sees every write.
  const generation = new Generation(logger);
  const db = drizzlePglite({ client, schema, logger: generation.drizzleLogger(null) });
  // PGlite is a single process-local connection: nothing else can migrate at the same time.
  await migratePglite(db, { migrationsFolder: migrationsFolder() });
  generation.start();

  const sqlOf = (target: Pick<PGlite, 'query'>, tx: { dirty: boolean } | null): Sql => ({
    async query<T>(text: string, params: readonly unknown[] = []) {
      logStatement(logger, text, params.length);
      const rows = (await target.query<T>(text, params as unknown[])).rows;
      if (isWrite(text)) await generation.wrote(tx);
      return rows;
    },
  });
  return {
    kind: 'pglite',
    location: inMemory ? 'memory://' : resolve(dataDir),
    db: db as unknown as Db,
    sql: sqlOf(client, null),
    logger,
    transaction: (body) =>
      generation.inTransaction((tx) =>
        client.transaction((t) =>
          body({
            sql: sqlOf(t, tx),
            // drizzle wraps a PGlite transaction as a client the same way internally.
            db: drizzlePglite({
              client: t as unknown as PGlite,
              schema,
              logger: generation.drizzleLogger(tx),
            }) as unknown as Db,
          }),
        ),
      ),
    dataGeneration: () => Promise.resolve(generation.local),
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
  // Other processes (the CLI) write to the same database: tell them. The
  // payload names this store, so it can skip its own (already counted) writes.
  const self = randomUUID();
  const notify = async (target: postgres.Sql) => {
    logStatement(logger, NOTIFY_WRITE, 2);
    await target.unsafe(NOTIFY_WRITE, [WRITES_CHANNEL, self]);
  };
  const generation = new Generation(logger, () => notify(client));
  const db = drizzlePostgres({ client, schema, logger: generation.drizzleLogger(null) });
  let listening: Promise<void> | undefined;

  // Two processes starting together must not both run the same migration:
  // hold an advisory lock on one reserved connection while migrating.
  const lock = await client.reserve();
  try {
    logStatement(logger, 'select pg_advisory_lock($1)', 1);
    await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migratePostgres(db, { migrationsFolder: migrationsFolder() });
  } finally {
    logStatement(logger, 'select pg_advisory_unlock($1)', 1);
    await lock`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => undefined);
    lock.release();
  }
  generation.start();

  const sqlOf = (target: postgres.Sql, tx: { dirty: boolean } | null): Sql => ({
    async query<T>(text: string, params: readonly unknown[] = []) {
      logStatement(logger, text, params.length);
      const result = await target.unsafe(text, params.map(toWire) as never[]);
      if (isWrite(text)) await generation.wrote(tx);
      return withDates(result) as T[];
    },
  });
  return {
    kind: 'postgres',
    location: redact(url),
    db: db as unknown as Db,
    sql: sqlOf(client, null),
    logger,
    transaction: (body) =>
      generation.inTransaction(
        async (tx) =>
          (await client.begin(async (t) => {
            // drizzle reads the client's type parsers from `options`, which a
            // transaction handle lacks; they are the pool's, so lend them.
            const handle = t as unknown as postgres.Sql;
            if (!('options' in handle)) {
              Object.defineProperty(handle, 'options', { value: client.options });
            }
            const result = await body({
              sql: sqlOf(handle, tx),
              db: drizzlePostgres({
                client: handle,
                schema,
                logger: generation.drizzleLogger(tx),
              }) as unknown as Db,
            });
            // Sent inside the transaction: PostgreSQL delivers it at the commit.
            if (generation.notifies(tx)) await notify(handle);
            return result;
          })) as Awaited<ReturnType<typeof body>>,
      ),
    async dataGeneration() {
      // Listen from the first ask on: only a server asks, and the CLI's
      // short commands need no extra connection.
      if (!listening) {
        logStatement(logger, `listen ${WRITES_CHANNEL}`, 0);
        listening = client
          .listen(
            WRITES_CHANNEL,
            (from) => from !== self && generation.moved(),
            // Also on every reconnect: notifications sent meanwhile were lost.
            () => generation.moved(),
          )
          .then(() => undefined);
        // A failed start is tried again at the next ask.
        listening.catch(() => (listening = undefined));
      }
      await listening;
      return generation.local;
    },
    close: () => client.end({ timeout: 5 }),
  };
}

/** The channel on which every write to a PostgreSQL store is announced. */
const WRITES_CHANNEL = 'health_writes';
const NOTIFY_WRITE = 'select pg_notify($1, $2)';

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
