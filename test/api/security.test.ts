/**
 * Who may do what, what a refused request looks like, the query limits, and
 * the operational edges: masked errors, request logs, CSRF, production mode
 * and the health probe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import { recordingLogger, seed, startTestServer, type TestServer, type Tokens } from './harness.js';

let store: Store;
let tokens: Tokens;
let t: TestServer;
const log = recordingLogger();

beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://' });
  tokens = await seed(store);
  t = await startTestServer(store, {
    logger: log,
    limits: { maxDepth: 6, maxAliases: 3, maxCost: 500 },
  });
});
afterAll(async () => {
  await t?.server.close();
  await store.close();
});

/** A store whose SQL fails for statements containing `marker`. */
function failingStore(marker: string): Store {
  return {
    ...store,
    sql: {
      query: async (text: string, params?: readonly unknown[]) => {
        if (text.includes(marker)) throw new Error('connection reset by peer 10.0.0.7');
        return store.sql.query(text, params);
      },
    },
  } as Store;
}

describe('authentication', () => {
  it.each([
    [
      'no Authorization header',
      null,
      'Send "Authorization: Bearer TOKEN"; `health token create` makes one.',
    ],
    ['an unknown token', 'hs_not-a-real-token', 'The bearer token is invalid or revoked.'],
    [
      'a malformed header value',
      'x y z',
      'Send "Authorization: Bearer TOKEN"; `health token create` makes one.',
    ],
  ])('refuses a request with %s as UNAUTHENTICATED with status 401', async (_, token, message) => {
    const r = await t.gql('{ account(id: "acme") { id } }', {}, token);
    expect(r.status).toBe(401);
    expect(r.errors).toEqual([{ message, extensions: { code: 'UNAUTHENTICATED' } }]);
    expect(r.headers.get('www-authenticate')).toBe('Bearer');
  });
});

describe('roles', () => {
  const operations = {
    read: '{ account(id: "acme") { id } }',
    ingest: 'mutation { recordOutcomes(records: []) { stored } }',
    edit: 'mutation { checkRules(source: "scorecard") { ok } }',
    admin: '{ tokens { id } }',
  };
  const allowed: Record<keyof Tokens, (keyof typeof operations)[]> = {
    viewer: ['read'],
    ingest: ['ingest'],
    editor: ['read', 'edit'],
    admin: ['read', 'ingest', 'edit', 'admin'],
  };
  for (const role of Object.keys(allowed) as (keyof Tokens)[]) {
    for (const op of Object.keys(operations) as (keyof typeof operations)[]) {
      const may = allowed[role].includes(op);
      it(`${may ? 'lets' : 'forbids'} the ${role} role ${may ? '' : 'to '}${op}`, async () => {
        const r = await t.gql(operations[op], {}, tokens[role]);
        if (may) {
          expect(r.errors).toBeUndefined();
        } else {
          expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', role });
        }
      });
    }
  }

  it('names the field and the roles it needs when forbidding', async () => {
    const r = await t.gql('{ tokens { id } }', {}, tokens.editor);
    expect(r.errors?.[0]?.message).toBe(
      'The editor role may not use Query.tokens; it needs one of: admin.',
    );
  });
});

describe('limits', () => {
  it('refuses a query deeper than the depth limit, naming the limit and the numbers', async () => {
    const r = await t.gql(
      '{ accounts { edges { node { health { metrics { signals { signal } } } } } } }',
      {},
      tokens.viewer,
    );
    expect(r.status).toBe(400);
    expect(r.errors?.[0]).toMatchObject({
      message: 'Query refused: the query depth is 7, the limit is 6.',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'depth', max: 6, actual: 7 },
    });
  });

  it('counts depth through fragments', async () => {
    const r = await t.gql(
      `{ accounts { ...E } }
       fragment E on AccountConnection {
         edges { node { health { metrics { signals { signal } } } } } }`,
      {},
      tokens.viewer,
    );
    expect(r.errors?.[0]?.extensions).toMatchObject({ limit: 'depth', actual: 7 });
  });

  it('refuses more aliases than allowed', async () => {
    const r = await t.gql(
      `{ a: account(id: "acme") { id } b: account(id: "acme") { id } c: account(id: "acme") { id
        } d: account(id: "acme") { id } }`,
      {},
      tokens.viewer,
    );
    expect(r.errors?.[0]).toMatchObject({
      message: 'Query refused: the alias count is 4, the limit is 3.',
      extensions: { limit: 'aliases', max: 3, actual: 4 },
    });
  });

  it('refuses a query whose cost, with page sizes from variables, is too high', async () => {
    const query = `query($n: Int) { accounts(first: $n) { edges { node { health { score } } } } }`;
    const cheap = await t.gql(query, { n: 10 }, tokens.viewer);
    expect(cheap.errors).toBeUndefined();
    const r = await t.gql(query, { n: 100 }, tokens.viewer);
    expect(r.status).toBe(400);
    // accounts 1 + 100 × (edges 1 + node 1 + health 5 + score 1) = 801
    expect(r.errors?.[0]).toMatchObject({
      message: 'Query refused: the estimated cost is 801, the limit is 500.',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'cost', max: 500, actual: 801 },
    });
  });
});

describe('errors and operations', () => {
  it('masks unexpected errors behind the request id and logs the cause with it', async () => {
    const broken = await startTestServer(failingStore('score_snapshots'), {
      logger: log,
      production: true,
    });
    try {
      const res = await fetch(broken.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${tokens.viewer}`,
          'x-request-id': 'req-masked-1',
        },
        body: JSON.stringify({ query: '{ account(id: "acme") { health { score } } }' }),
      });
      const body = (await res.json()) as any;
      expect(body.errors[0]).toEqual({
        message: 'Internal error; request id req-masked-1',
        locations: [{ line: 1, column: 25 }],
        path: ['account', 'health'],
        extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-masked-1' },
      });
      const logged = log.lines.find(
        (l) => l.level === 'error' && l.obj.requestId === 'req-masked-1',
      );
      expect(logged?.obj.err).toBe('connection reset by peer 10.0.0.7');
    } finally {
      await broken.server.close();
    }
  });

  it('logs one line per request: operation, duration, status, request id', async () => {
    const res = await fetch(t.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${tokens.viewer}`,
        'x-request-id': 'req-log-1',
      },
      body: JSON.stringify({ query: 'query Dashboard { account(id: "acme") { id } }' }),
    });
    expect(res.headers.get('x-request-id')).toBe('req-log-1');
    await res.text();
    const lines = log.lines.filter((l) => l.obj.requestId === 'req-log-1');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.msg).toBe('graphql request');
    expect(lines[0]!.obj).toMatchObject({
      operation: 'Dashboard',
      status: 'ok',
      httpStatus: 200,
      role: 'viewer',
    });
    expect(typeof lines[0]!.obj.durationMs).toBe('number');
  });

  it('refuses a GET query without a preflight header as a CSRF risk', async () => {
    const res = await fetch(
      `${t.url}?query=${encodeURIComponent('{ account(id: "acme") { id } }')}`,
      {
        headers: { authorization: `Bearer ${tokens.viewer}` },
      },
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('CSRF');
  });

  it('hides introspection in production and allows it otherwise', async () => {
    const query = '{ __schema { queryType { name } } }';
    const dev = await t.gql(query, {}, tokens.viewer);
    expect(dev.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    const prod = await startTestServer(store, { production: true });
    try {
      const r = await prod.gql(query, {}, tokens.viewer);
      expect(r.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(r.errors?.[0]?.message).toContain('introspection');
    } finally {
      await prod.server.close();
    }
  });

  it('answers /healthz with 200 when the database is up and 503 when it is down', async () => {
    const up = await fetch(t.url.replace('/graphql', '/healthz'));
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({ ok: true, database: 'up' });
    const broken = await startTestServer(failingStore('select 1'));
    try {
      const down = await fetch(broken.url.replace('/graphql', '/healthz'));
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ ok: false, database: 'down' });
    } finally {
      await broken.server.close();
    }
  });

  it('finishes an in-flight request when closed, then refuses new connections', async () => {
    const own = await startTestServer(store);
    // Close only once the server has the request: a fixed delay raced the
    // request on a loaded machine. Our listener runs after the server's own,
    // which has counted the request as in flight, and the answer needs the
    // database, so it cannot have been sent yet.
    const arrived = new Promise((resolve) => own.server.http.once('request', resolve));
    const pending = own.gql('{ accounts(first: 5) { totalCount } }', {}, tokens.viewer);
    await arrived;
    const closing = own.server.close();
    const answer = await pending;
    await closing;
    expect(answer.data).toEqual({ accounts: { totalCount: 5 } });
    await expect(fetch(own.url)).rejects.toThrow();
  });
});
