import { describe, expect } from 'vitest';
import {
  createToken,
  hashToken,
  InvalidInputError,
  listTokens,
  revokeToken,
  verifyToken,
  type Store,
} from '../../src/store/index.js';
import { backends } from './backends.js';
import { useStore } from './harness.js';

describe.each(backends())('API tokens on $name', (backend) => {
  let store: Store;
  const it_ = useStore(backend, (opened) => (store = opened));

  it_('stores only the hash of a new token', async () => {
    const created = await createToken(store, { role: 'editor', name: 'ci' });
    expect(created.token).toMatch(/^hs_[A-Za-z0-9_-]{43}$/);
    const rows = await store.sql.query<{ token_hash: string; role: string; name: string }>(
      `select token_hash, role, name from api_tokens`,
    );
    expect(rows).toEqual([{ token_hash: hashToken(created.token), role: 'editor', name: 'ci' }]);
    expect(rows[0]!.token_hash).not.toContain(created.token.slice(3));
  });

  it_('verifies a live token and refuses a revoked or unknown one', async () => {
    const a = await createToken(store, { role: 'viewer' });
    const b = await createToken(store, { role: 'admin' });
    expect(await verifyToken(store, a.token)).toMatchObject({ id: a.id, role: 'viewer' });

    await revokeToken(store, a.id);
    expect(await verifyToken(store, a.token)).toBeNull();
    expect(await verifyToken(store, b.token)).toMatchObject({ id: b.id, role: 'admin' });
    expect(await verifyToken(store, `${b.token}x`)).toBeNull();
    expect((await listTokens(store)).map((t) => [t.role, t.revokedAt !== null])).toEqual([
      ['viewer', true],
      ['admin', false],
    ]);
  });

  it_('refuses an unknown role', async () => {
    await expect(createToken(store, { role: 'root' })).rejects.toBeInstanceOf(InvalidInputError);
  });
});
