/**
 * The store: accounts, observations and outcomes, the rule store, score
 * snapshots, overrides, alert events and API tokens, in PostgreSQL or in an
 * embedded PGlite database.
 *
 * Every function takes the `Store` returned by `openStore` first, so the API
 * and the CLI share one connection pool and one compiled-rules cache.
 */
export { openStore, migrationsFolder } from './db.js';
export type { Db, OpenStoreOptions, Row, Sql, Store, Tx } from './db.js';
export { ConflictError, InvalidInputError, NotFoundError, RuleErrors } from './errors.js';
export { silentLogger, type StoreLogger } from './logger.js';
export * from './rules.js';
export * from './ingest.js';
export { loadHistories, lookbackDays } from './history.js';
export * from './scores.js';
export * from './rescore.js';
export * from './accounts.js';
export * from './tokens.js';
export * as tables from './schema.js';
