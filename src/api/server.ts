/**
 * The HTTP server: `/healthz` for probes, everything else to Apollo.
 *
 * A plain `node:http` server rather than Apollo's standalone one, because
 * the probe route, the bearer-token check before GraphQL runs, the request id
 * and graceful shutdown all need the raw request.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from './graphql.js';
import { silentLogger, type Store, type StoreLogger } from '../store/index.js';
import { ApiCaches } from './data/caches.js';
import { ResponseCache, type ResponseCacheOptions } from './data/response-cache.js';
import { bearerToken, type Caller } from './auth.js';
import type { ApiContext } from './context.js';
import { createErrorFormatter } from './errors.js';
import { aliasLimitRule, DEFAULT_LIMITS, depthLimitRule, type QueryLimits } from './limits.js';
import { createLoaders } from './loaders.js';
import { costLimitPlugin, outcomePlugin } from './plugins.js';
import { requestIdFrom, runInRequest } from './request.js';
import { createSchema } from './schema.js';
import type { Role } from './types/enums.js';

/** How to run the server. */
export interface ApiServerOptions {
  store: Store;
  /** Request and error logs; default: nothing. */
  logger?: StoreLogger;
  /** 0 picks a free port (tests). Default 4000. */
  port?: number;
  /** Default: all interfaces. */
  host?: string;
  /** Production hides introspection, stack traces and the landing page. */
  production?: boolean;
  limits?: Partial<QueryLimits>;
  /** A schema to serve instead of the type-graphql one (the bench's plain build). */
  schema?: GraphQLSchema;
  /** Largest request body accepted, in bytes (default 5 MB: 5,000 observations fit). */
  maxBodyBytes?: number;
  /**
   * Whole answers to queries, kept until the data changes (see
   * `data/response-cache.ts`); `false` turns it off. Default: on.
   */
  responseCache?: ResponseCacheOptions | false;
}

/** A running server. */
export interface ApiServer {
  /** e.g. `http://127.0.0.1:4000/graphql`. */
  url: string;
  port: number;
  http: Server;
  /**
   * Stops accepting connections, lets in-flight requests finish (up to
   * `graceMs`, default 10 s) and stops Apollo. Does not close the store.
   */
  close(graceMs?: number): Promise<void>;
}

/** Starts the API on `options.port`. */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const logger = options.logger ?? silentLogger;
  const limits: QueryLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const production = options.production ?? process.env.NODE_ENV === 'production';
  const maxBody = options.maxBodyBytes ?? 5 * 1024 * 1024;
  const schema = options.schema ?? (await createSchema());
  const caches = new ApiCaches(options.store);
  const answers =
    options.responseCache === false ? null : new ResponseCache(options.responseCache ?? {});

  // 1. Apollo, with the limits, error masking and CSRF prevention.
  const apollo = new ApolloServer<ApiContext>({
    schema,
    introspection: !production,
    includeStacktraceInErrorResponses: !production,
    csrfPrevention: true,
    formatError: createErrorFormatter(logger, { includeStack: !production }),
    validationRules: [depthLimitRule(limits.maxDepth), aliasLimitRule(limits.maxAliases)],
    plugins: [
      costLimitPlugin(limits.maxCost),
      outcomePlugin(),
      ...(production ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
    // Apollo's own logger would print to the console; route it to ours.
    logger: {
      debug: (msg: string) => logger.debug({}, msg),
      info: (msg: string) => logger.info({}, msg),
      warn: (msg: string) => logger.warn({}, msg),
      error: (msg: string) => logger.error({}, msg),
    },
  });
  await apollo.start();

  // 2. The HTTP server; in-flight requests are counted for shutdown.
  let inFlight = 0;
  let closing = false;
  const idle: Array<() => void> = [];
  const http = createServer((req, res) => {
    inFlight++;
    res.on('close', () => {
      inFlight--;
      if (inFlight === 0) idle.splice(0).forEach((done) => done());
    });
    if (closing) res.setHeader('connection', 'close');
    handle(req, res).catch((err: unknown) => {
      logger.error({ err: (err as Error).message, stack: (err as Error).stack }, 'http handler');
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal error' }] });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = requestIdFrom(req.headers['x-request-id']);
    const startedAt = performance.now();
    res.setHeader('x-request-id', requestId);
    const url = new URL(req.url ?? '/', 'http://localhost');

    // Probes: no token, no GraphQL.
    if (url.pathname === '/healthz') {
      const up = await ping(options.store);
      sendJson(res, up ? 200 : 503, { ok: up, database: up ? 'up' : 'down' });
      return;
    }
    if (url.pathname !== '/graphql' && url.pathname !== '/') {
      sendJson(res, 404, { errors: [{ message: `No route ${url.pathname}; use /graphql.` }] });
      return;
    }

    let cache: 'hit' | 'miss' | undefined;
    const log = (status: number, outcome: string, operation: string | null, role: Role | null) =>
      logger.info(
        {
          requestId,
          operation,
          durationMs: Math.round((performance.now() - startedAt) * 10) / 10,
          status: outcome,
          httpStatus: status,
          role,
          ...(cache ? { cache } : {}),
        },
        'graphql request',
      );

    // The data generation before anything is read: caches keyed on it are
    // only trusted for what was read after this point.
    const generation = await options.store.dataGeneration();
    caches.sync(generation);

    // The landing page (a browser GET without a query) needs no token.
    const landing = req.method === 'GET' && !url.searchParams.has('query') && !production;

    // Authenticate before anything else runs.
    let caller: Caller | null = null;
    if (!landing) {
      const token = bearerToken(req.headers.authorization);
      const found = token ? await caches.verify(token) : null;
      if (!found) {
        const message = token
          ? 'The bearer token is invalid or revoked.'
          : 'Send "Authorization: Bearer TOKEN"; `health token create` makes one.';
        res.setHeader('www-authenticate', 'Bearer');
        sendJson(res, 401, { errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }] });
        log(401, 'UNAUTHENTICATED', null, null);
        return;
      }
      caller = { tokenId: found.id, role: found.role as Role, name: found.name ?? null };
    }

    const body = await readBody(req, maxBody);
    if (body.tooLarge) {
      sendJson(res, 413, {
        errors: [
          {
            message: `The request body is over ${maxBody} bytes.`,
            extensions: { code: 'BAD_REQUEST' },
          },
        ],
      });
      log(413, 'BAD_REQUEST', null, caller?.role ?? null);
      return;
    }

    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const httpGraphQLRequest: HTTPGraphQLRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      headers,
      search: url.search,
      body: parseBody(body.text, headers.get('content-type')),
    };

    // A query answered before, with no write since: send that answer again.
    // Only JSON POSTs, which pass Apollo's CSRF check by construction.
    const key =
      answers && caller && httpGraphQLRequest.method === 'POST'
        ? ResponseCache.keyOf(caller.role, httpGraphQLRequest.body)
        : null;
    const kept = key ? answers!.get(key, generation) : null;
    if (kept) {
      cache = 'hit';
      res.statusCode = kept.status;
      for (const [name, value] of kept.headers) res.setHeader(name, value);
      res.end(kept.body);
      log(kept.status, 'ok', kept.operation, caller!.role);
      return;
    }
    if (key) cache = 'miss';
    const context: ApiContext = {
      store: options.store,
      caller,
      loaders: createLoaders(options.store, caches),
      caches,
      logger,
      requestId,
      now: new Date(),
      limits,
      outcome: { operation: null, operationType: null, code: null, errors: 0 },
    };

    const response = await runInRequest({ requestId, startedAt }, () =>
      apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest, context: async () => context }),
    );
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    const outcome = context.outcome;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      // Keep only clean answers to queries: a mutation must run every time,
      // and an error may be passing (a timeout, a refused cost).
      if (key && outcome.operationType === 'query' && outcome.errors === 0) {
        if (res.statusCode === 200) {
          answers!.set(key, generation, {
            operation: outcome.operation,
            status: 200,
            headers: [...response.headers],
            body: response.body.string,
          });
        }
      }
    } else {
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    }
    log(res.statusCode, outcome.code ?? 'ok', outcome.operation, caller?.role ?? null);
  }

  // 3. Listen.
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 4000, options.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const address = http.address() as AddressInfo;
  const shownHost =
    !options.host || options.host === '0.0.0.0' || options.host === '::'
      ? 'localhost'
      : options.host;

  return {
    url: `http://${shownHost}:${address.port}/graphql`,
    port: address.port,
    http,
    async close(graceMs = 10_000) {
      // Stop accepting, drop idle keep-alive sockets, wait for the rest.
      closing = true;
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeIdleConnections();
      if (inFlight > 0) {
        const drained = new Promise<void>((resolve) => idle.push(resolve));
        const timeout = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
        await Promise.race([drained, timeout]);
      }
      http.closeAllConnections();
      await closed;
      await apollo.stop();
    },
  };
}

async function ping(store: Store): Promise<boolean> {
  try {
    await store.sql.query('select 1');
    return true;
  } catch {
    return false;
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

async function readBody(
  req: IncomingMessage,
  max: number,
): Promise<{ text: string; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) return { text: '', tooLarge: true };
    chunks.push(chunk as Buffer);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), tooLarge: false };
}

// Apollo expects a parsed JSON body; anything else goes through as text so
// Apollo can refuse it with its own message.
function parseBody(text: string, contentType: string | undefined): unknown {
  if (text === '') return undefined;
  if (contentType?.toLowerCase().startsWith('application/json')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}
