/**
 * Whole answers to read-only operations, so that a dashboard polled by many
 * people costs one execution per change of the data rather than one per
 * request.
 *
 * An entry is keyed by what decides the answer: the caller's role (fields
 * are authorised by role) and the request's query, operation name and
 * variables. It is tagged with the store's data generation read *before*
 * the operation ran, and served only while the generation is unchanged, so
 * any write the store commits (in this process or, on PostgreSQL, in
 * another) retires every entry at once. See `store/generation.ts` for how
 * quickly another process's writes are seen.
 *
 * Some answers change without a write: a health evaluated "now" (when no
 * stored run answers) and an override that expires. Entries therefore also
 * expire after `ttlMs`, which bounds how old such an answer can be.
 */

/** A response as sent: enough to send it again. */
export interface CachedResponse {
  /** The operation's name, for the request log. */
  operation: string | null;
  status: number;
  headers: [string, string][];
  body: string;
}

/** How the cache is sized. */
export interface ResponseCacheOptions {
  /** How long an entry may be served, at most (default 5 s). */
  ttlMs?: number;
  /** Total size of the bodies kept (default 64 MB); the oldest go first. */
  maxBytes?: number;
}

interface Entry {
  generation: number;
  until: number;
  response: CachedResponse;
}

/** The response cache of one server. */
export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private readonly ttlMs: number;
  private readonly maxBytes: number;

  constructor(options: ResponseCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 5_000;
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  }

  /**
   * The key of a parsed request body, or null when the body is not one
   * operation with its query text (a batch, a persisted-query hash).
   */
  static keyOf(role: string, body: unknown): string | null {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return null;
    const { query, operationName, variables } = body as Record<string, unknown>;
    if (typeof query !== 'string') return null;
    const name = typeof operationName === 'string' ? operationName : '';
    return `${role}\u0000${name}\u0000${JSON.stringify(variables ?? null)}\u0000${query}`;
  }

  /** The answer kept for `key`, if it was made at `generation` and is not too old. */
  get(key: string, generation: number, now = Date.now()): CachedResponse | null {
    const entry = this.entries.get(key);
    if (!entry) return null;
    if (entry.generation === generation && entry.until > now) return entry.response;
    this.drop(key, entry);
    return null;
  }

  /** Keeps an answer made from data read at `generation`. */
  set(key: string, generation: number, response: CachedResponse, now = Date.now()): void {
    const old = this.entries.get(key);
    if (old) this.drop(key, old);
    // An answer bigger than the whole budget is not worth evicting everything for.
    if (response.body.length > this.maxBytes) return;
    this.entries.set(key, { generation, until: now + this.ttlMs, response });
    this.bytes += response.body.length;
    // Maps iterate in insertion order: the first entries are the oldest.
    for (const [k, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(k, entry);
    }
  }

  /** How many answers are kept. */
  get size(): number {
    return this.entries.size;
  }

  private drop(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= entry.response.body.length;
  }
}
