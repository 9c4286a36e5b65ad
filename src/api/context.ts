/**
 * What every resolver receives: the store, the caller, this request's
 * loaders and its clock.
 */
import type { Store, StoreLogger } from '../store/index.js';
import type { Caller } from './auth.js';
import type { ApiCaches } from './data/caches.js';
import type { QueryLimits } from './limits.js';
import type { Loaders } from './loaders.js';
import type { RequestOutcome } from './plugins.js';

/** The per-request context. */
export interface ApiContext {
  store: Store;
  /** Null only for requests that never reach a resolver; see `auth.ts`. */
  caller: Caller | null;
  loaders: Loaders;
  /** Process-wide token and rule caches; cleared by the mutations that change them. */
  caches: ApiCaches;
  logger: StoreLogger;
  requestId: string;
  /**
   * The request's "now", read once so every field of one response agrees on
   * it (a health computed for two accounts uses the same as-of).
   */
  now: Date;
  limits: QueryLimits;
  /** Filled in by Apollo's side for the request log. */
  outcome: RequestOutcome;
}

/** The ruleset used when a field's `ruleset` argument is left out. */
export const DEFAULT_RULESET = 'default';
