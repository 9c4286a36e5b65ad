/**
 * Statement logging and the data generation: every statement the store runs
 * passes through here on its way to the driver, whether it was written by
 * hand (`store.sql`) or built by drizzle (`store.db`).
 *
 * The data generation is a number that moves after every committed write, so
 * a cache in front of the store can tag what it keeps with the generation it
 * read *before* reading the data, and trust it while the generation stays put.
 * It moves only once the write is visible (after the statement, or after the
 * transaction's commit): a reader that sees the new number is sure to see the
 * new rows, and a reader that read the old number keeps an entry that the
 * next lookup will refuse. Moving it early would let a reader tag old rows
 * with the new number.
 *
 * What counts as a write is read from the statement's text (see `isWrite`).
 * Guessing wrong the safe way (a read taken for a write) only empties caches.
 *
 * PGlite lives in one process, so counting here is exact. On PostgreSQL other
 * processes (the CLI) write too: each write also sends a notification, inside
 * the writing transaction so it is delivered exactly when the rows become
 * visible, and a store that is asked for its generation listens for them.
 * Bounds: a notification arrives a moment after the commit (normally well
 * under a millisecond on one host), and a request in that moment may be
 * answered from a cache; writes made outside the store (`psql`) send none.
 * Caches that depend on the generation should also expire after a while.
 */
import type { Logger as DrizzleLogger } from 'drizzle-orm';
import type { StoreLogger } from './logger.js';

// Data-changing statements, wherever they stand (a CTE may hold an insert).
// DDL is included for the migrations' sake: it changes what reads return too.
const WRITE = new RegExp(
  String.raw`\b(insert\s+into|update\s+[\w."]+\s+set|delete\s+from|truncate|merge\s+into` +
    String.raw`|create|alter|drop)\b`,
  'i',
);

/** Whether a statement may change data, judged from its text. */
export function isWrite(sql: string): boolean {
  return WRITE.test(sql);
}

/**
 * Logs one statement at debug level: its text and how many parameters it
 * had. Parameter values are left out at every level: they hold token hashes
 * and whole pages of ingested data.
 */
export function logStatement(logger: StoreLogger, sql: string, params: number): void {
  logger.debug({ sql, params }, 'sql');
}

/** A transaction in progress: whether it has written anything yet. */
export interface TxState {
  dirty: boolean;
}

/**
 * The generation of one open store. `notify` tells other processes about a
 * write that committed on its own (PostgreSQL); in-process counting needs
 * nothing more.
 */
export class Generation {
  /** The moves seen by this process: its own writes and others' notifications. */
  local = 0;
  // Off while migrating: nobody is listening yet, and the statements are DDL.
  private live = false;

  constructor(
    private readonly logger: StoreLogger,
    private readonly notify: (() => Promise<void>) | null = null,
  ) {}

  /** Starts telling other processes about writes; call it once migrated. */
  start(): void {
    this.live = true;
  }

  /** A write committed somewhere: another process's notification, or a reconnect. */
  moved(): void {
    this.local++;
  }

  /**
   * Called after a write statement has run. Inside a transaction the move
   * waits for the commit; outside one, the statement has committed already.
   */
  async wrote(tx: TxState | null): Promise<void> {
    if (tx) {
      tx.dirty = true;
      return;
    }
    this.local++;
    if (this.live && this.notify) await this.notify();
  }

  /**
   * Runs a transaction (the driver issues `begin` and `commit`; they are
   * logged here) and moves the generation after the commit if it wrote.
   * `run` gets the state, so it can notify from inside the transaction.
   */
  async inTransaction<T>(run: (tx: TxState) => Promise<T>): Promise<T> {
    const tx: TxState = { dirty: false };
    logStatement(this.logger, 'begin', 0);
    let result: T;
    try {
      result = await run(tx);
    } catch (err) {
      logStatement(this.logger, 'rollback', 0);
      throw err;
    }
    logStatement(this.logger, 'commit', 0);
    if (tx.dirty) this.local++;
    return result;
  }

  /** Whether a transaction that wrote should notify before it commits. */
  notifies(tx: TxState): boolean {
    return tx.dirty && this.live;
  }

  /**
   * drizzle's hook, called before each query it sends. In a transaction a
   * write only marks it dirty. Outside one there is no hook after the
   * query, so the move happens before it: a reader in that short window may
   * tag old rows with the new number. The store's own writes all run in
   * transactions for that reason; this is the safety net for any that do not.
   */
  drizzleLogger(tx: TxState | null): DrizzleLogger {
    return {
      logQuery: (query, params) => {
        logStatement(this.logger, query, params.length);
        if (!isWrite(query)) return;
        if (tx) {
          tx.dirty = true;
          return;
        }
        this.local++;
        if (!this.live || !this.notify) return;
        this.notify().catch((err: unknown) =>
          this.logger.warn({ err: (err as Error).message }, 'write notification not sent'),
        );
      },
    };
  }
}
