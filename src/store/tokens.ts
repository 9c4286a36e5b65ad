/**
 * API tokens. A token is shown once, when created; the store keeps only its
 * sha256, so a leaked database does not leak working tokens. Tokens are 32
 * random bytes, base64url, behind the prefix `hs_` so secret scanners and
 * people can recognise one.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import type { Store } from './db.js';
import { InvalidInputError, NotFoundError } from './errors.js';
import { apiTokens } from './schema.js';

/** The roles, each allowed what the ones before it are, plus more. */
export const ROLES = ['viewer', 'ingest', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Every token starts with this. */
export const TOKEN_PREFIX = 'hs_';

/** A token's record, never its secret. */
export interface TokenInfo {
  id: string;
  name: string | null;
  role: Role;
  createdAt: Date;
  revokedAt: Date | null;
}

/** sha256 of a token, hex: what the store keeps. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Creates a token; the returned `token` is the only time it is ever visible. */
export async function createToken(
  store: Store,
  input: { role: string; name?: string | null },
): Promise<TokenInfo & { token: string }> {
  if (!(ROLES as readonly string[]).includes(input.role)) {
    throw new InvalidInputError(
      `role must be one of ${ROLES.join(', ')}, found ${JSON.stringify(input.role)}`,
    );
  }
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  // Writes run in a transaction so the data generation moves after the commit.
  const [row] = await store.transaction(({ db }) =>
    db
      .insert(apiTokens)
      .values({
        id: randomUUID(),
        name: input.name ?? null,
        role: input.role,
        tokenHash: hashToken(token),
      })
      .returning(),
  );
  return { ...toInfo(row!), token };
}

/**
 * The token's record when it exists and is not revoked, else null. The hash
 * lookup is an index probe; the constant-time comparison after it is belt and
 * braces against timing differences in how the database compares strings.
 */
export async function verifyToken(store: Store, token: string): Promise<TokenInfo | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const hash = hashToken(token);
  const [row] = await store.db.select().from(apiTokens).where(eq(apiTokens.tokenHash, hash));
  if (!row || row.revokedAt !== null) return null;
  const same = timingSafeEqual(Buffer.from(row.tokenHash, 'hex'), Buffer.from(hash, 'hex'));
  return same ? toInfo(row) : null;
}

/** Every token, oldest first, revoked ones included. */
export async function listTokens(store: Store): Promise<TokenInfo[]> {
  const rows = await store.db.select().from(apiTokens).orderBy(asc(apiTokens.createdAt));
  return rows.map(toInfo);
}

/** Revokes a token by id; revoking twice keeps the first revocation time. */
export async function revokeToken(store: Store, id: string): Promise<TokenInfo> {
  const [row] = await store.db.select().from(apiTokens).where(eq(apiTokens.id, id));
  if (!row) throw new NotFoundError(`no token with id ${id}`);
  if (row.revokedAt !== null) return toInfo(row);
  const [updated] = await store.transaction(({ db }) =>
    db.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, id)).returning(),
  );
  return toInfo(updated!);
}

function toInfo(row: typeof apiTokens.$inferSelect): TokenInfo {
  return {
    id: row.id,
    name: row.name,
    role: row.role as Role,
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
  };
}
