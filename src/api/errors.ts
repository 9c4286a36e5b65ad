/**
 * The error vocabulary of the API. Every error a client can act on carries an
 * `extensions.code` from a fixed list; anything else is an internal error whose
 * details stay in the server log, found again by the request id.
 */
import { GraphQLError, type GraphQLFormattedError } from './graphql.js';
import { unwrapResolverError } from '@apollo/server/errors';
import type { StoreLogger } from '../store/logger.js';
import { currentRequest } from './request.js';

/** Codes a client can branch on. */
export type ErrorCode =
  'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'CONFLICT' | 'NOT_FOUND';

/** Codes Apollo and graphql-js attach themselves; they describe the request, not the server. */
const PASS_THROUGH = new Set<string>([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CONFLICT',
  'NOT_FOUND',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/** Builds an error with a code and optional extra extensions. */
export function apiError(
  code: ErrorCode,
  message: string,
  extensions: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

/** The argument was understood but is not acceptable. */
export function badInput(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return apiError('BAD_USER_INPUT', message, extensions);
}

/** The thing named does not exist. */
export function notFound(message: string): GraphQLError {
  return apiError('NOT_FOUND', message);
}

/**
 * The store's failures, recognised by their class name rather than with
 * `instanceof`, so a second copy of the store module (tests, the bench) still
 * maps. Each name has one code.
 */
const STORE_ERROR_CODES: Record<string, ErrorCode> = {
  ConflictError: 'CONFLICT',
  NotFoundError: 'NOT_FOUND',
  RuleErrors: 'BAD_USER_INPUT',
  InvalidInputError: 'BAD_USER_INPUT',
};

/**
 * Turns a store error into its GraphQL form, or returns null for anything
 * else. Rule errors keep their diagnostics; conflicts say which version was
 * expected and which was found.
 */
export function fromStoreError(err: unknown): GraphQLError | null {
  if (!(err instanceof Error)) return null;
  const code = STORE_ERROR_CODES[err.name];
  if (!code) return null;
  const fields = err as Error & { diagnostics?: unknown; expected?: unknown; actual?: unknown };
  const extensions: Record<string, unknown> = {};
  if (Array.isArray(fields.diagnostics)) extensions.diagnostics = fields.diagnostics;
  if (code === 'CONFLICT') {
    extensions.expectedVersion = fields.expected ?? null;
    extensions.actualVersion = fields.actual ?? null;
  }
  return apiError(code, err.message, extensions);
}

/**
 * Apollo's `formatError` hook. Errors with a known code pass; store errors
 * get their code; everything else is logged with the request id and replaced
 * by a message that names that id, so a user's report can be matched to the
 * log line without leaking internals.
 */
export function createErrorFormatter(
  logger: StoreLogger,
  options: { includeStack: boolean },
): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  return (formatted, error) => {
    const original = unwrapResolverError(error);
    const mapped = fromStoreError(original);
    if (mapped) return { ...formatted, message: mapped.message, extensions: mapped.extensions };
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PASS_THROUGH.has(code) && code !== 'INTERNAL_SERVER_ERROR') {
      if (options.includeStack) return formatted;
      return withoutStack(formatted);
    }

    // Unexpected: log the cause, show only the request id.
    const requestId = currentRequest()?.requestId ?? 'unknown';
    const cause = original instanceof Error ? original : new Error(String(original));
    logger.error(
      { requestId, err: cause.message, stack: cause.stack, path: formatted.path },
      'unexpected error',
    );
    const extensions: Record<string, unknown> = { code: 'INTERNAL_SERVER_ERROR', requestId };
    if (options.includeStack && cause.stack) extensions.stacktrace = cause.stack.split('\n');
    return {
      message: `Internal error; request id ${requestId}`,
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions,
    };
  };
}

function withoutStack(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (!formatted.extensions || !('stacktrace' in formatted.extensions)) return formatted;
  const { stacktrace: _dropped, ...extensions } = formatted.extensions;
  return { ...formatted, extensions };
}
