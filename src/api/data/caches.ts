/**
 * Process-wide caches in front of the two reads every request makes: the
 * caller's token and the rule version. Both change rarely and are cheap to
 * re-read, but on the embedded database every statement queues behind the
 * others, so two fewer per request is a large share of a dashboard request.
 *
 * Both are forgotten whenever the store's data generation moves (see
 * `sync`), which covers writes made through this server and, on PostgreSQL,
 * by other processes through the store. They also expire after a few
 * seconds, for writes the generation cannot see (made outside the store).
 */
import {
  getScorecard,
  verifyToken,
  type LoadedScorecard,
  type Store,
  type TokenInfo,
} from '../../store/index.js';

/** How long an entry may be served without checking the database. */
export const CACHE_TTL_MS = 5_000;

/** The caches of one server. */
export class ApiCaches {
  private tokens = new Map<string, { info: TokenInfo | null; until: number }>();
  private active = new Map<string, { loaded: Promise<LoadedScorecard>; until: number }>();
  // Versions are immutable: a (ruleset, version) pair never needs re-reading.
  private versions = new Map<string, Promise<LoadedScorecard>>();
  private generation: number | null = null;

  constructor(
    private readonly store: Store,
    private readonly ttlMs = CACHE_TTL_MS,
  ) {}

  /** The token's record, or null when unknown or revoked. */
  async verify(token: string): Promise<TokenInfo | null> {
    const now = Date.now();
    const hit = this.tokens.get(token);
    if (hit && hit.until > now) return hit.info;
    const info = await verifyToken(this.store, token);
    // Unknown tokens are not remembered: guessing must not fill the map.
    if (info) {
      if (this.tokens.size > 10_000) this.tokens.clear();
      this.tokens.set(token, { info, until: now + this.ttlMs });
    }
    return info;
  }

  /** A version's evaluator; the active one when `version` is null. */
  scorecard(ruleset: string, version: number | null): Promise<LoadedScorecard> {
    const now = Date.now();
    if (version !== null) {
      const key = `${ruleset}\u0000${version}`;
      let loaded = this.versions.get(key);
      if (!loaded) {
        loaded = getScorecard(this.store, ruleset, version);
        this.versions.set(key, loaded);
        // A failed read (no such version yet) must not be remembered.
        loaded.catch(() => this.versions.delete(key));
      }
      return loaded;
    }
    const hit = this.active.get(ruleset);
    if (hit && hit.until > now) return hit.loaded;
    const loaded = getScorecard(this.store, ruleset, null);
    this.active.set(ruleset, { loaded, until: now + this.ttlMs });
    loaded.catch(() => this.active.delete(ruleset));
    return loaded;
  }

  /**
   * Called once per request with the store's data generation: when it has
   * moved, the active versions and the tokens are read again. (Versions by
   * number are immutable and stay.)
   */
  sync(generation: number): void {
    if (generation === this.generation) return;
    this.generation = generation;
    this.active.clear();
    this.tokens.clear();
  }

  /** Forgets the rule versions: after a publish or an activation. */
  clearRules(): void {
    this.active.clear();
    this.versions.clear();
  }

  /** Forgets the tokens: after a revocation. */
  clearTokens(): void {
    this.tokens.clear();
  }
}
