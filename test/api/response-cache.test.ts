/**
 * The response cache on its own: what it keys on, when an entry stops being
 * served, and how its size is bounded.
 */
import { describe, expect, it } from 'vitest';
import { ResponseCache, type CachedResponse } from '../../src/api/data/response-cache.js';

const answer = (body: string): CachedResponse => ({
  operation: null,
  status: 200,
  headers: [['content-type', 'application/json']],
  body,
});

describe('ResponseCache', () => {
  it('keys on role, operation name, variables and query text', () => {
    const body = { query: '{ a }', operationName: 'A', variables: { x: 1 } };
    const key = ResponseCache.keyOf('viewer', body);
    expect(ResponseCache.keyOf('viewer', { ...body })).toBe(key);
    expect(ResponseCache.keyOf('admin', body)).not.toBe(key);
    expect(ResponseCache.keyOf('viewer', { ...body, operationName: 'B' })).not.toBe(key);
    expect(ResponseCache.keyOf('viewer', { ...body, variables: { x: 2 } })).not.toBe(key);
    expect(ResponseCache.keyOf('viewer', { ...body, query: '{ b }' })).not.toBe(key);
  });

  it('refuses to key a batch or a body without query text', () => {
    expect(ResponseCache.keyOf('viewer', [{ query: '{ a }' }])).toBeNull();
    expect(ResponseCache.keyOf('viewer', { extensions: { persistedQuery: {} } })).toBeNull();
    expect(ResponseCache.keyOf('viewer', '{ a }')).toBeNull();
  });

  it('serves an entry only at the generation it was made at and before it expires', () => {
    const cache = new ResponseCache({ ttlMs: 1_000 });
    cache.set('k', 7, answer('one'), 0);
    expect(cache.get('k', 7, 999)?.body).toBe('one');
    expect(cache.get('k', 7, 1_000)).toBeNull();

    cache.set('k', 7, answer('two'), 0);
    expect(cache.get('k', 8, 10)).toBeNull();
    // A miss drops the entry: an old generation never comes back.
    expect(cache.get('k', 7, 10)).toBeNull();
  });

  it('drops the oldest entries when the bodies exceed the byte budget', () => {
    const cache = new ResponseCache({ maxBytes: 10 });
    cache.set('a', 1, answer('1234'), 0);
    cache.set('b', 1, answer('5678'), 0);
    cache.set('c', 1, answer('90ab'), 0);
    expect([cache.get('a', 1, 1), cache.get('b', 1, 1)?.body, cache.get('c', 1, 1)?.body]).toEqual([
      null,
      '5678',
      '90ab',
    ]);
    cache.set('huge', 1, answer('x'.repeat(11)), 0);
    expect(cache.get('huge', 1, 1)).toBeNull();
    expect(cache.size).toBe(2);
  });
});
