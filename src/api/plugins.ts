/**
 * Apollo plugins: the cost limit, which needs the request's variables, and
 * what the request log reads from inside Apollo.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { ApiContext } from './context.js';
import { assertCostWithin, estimateCost } from './limits.js';

/** Refuses operations whose estimated cost is above `maxCost`, before they run. */
export function costLimitPlugin(maxCost: number): ApolloServerPlugin<ApiContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          const cost = estimateCost(
            document,
            request.variables,
            request.operationName ?? undefined,
          );
          assertCostWithin(cost, maxCost);
        },
      };
    },
  };
}

/** What the request log needs from inside Apollo, keyed by the request's context. */
export interface RequestOutcome {
  operation: string | null;
  /** `query`, `mutation` or `subscription` once the operation is known; else null. */
  operationType: string | null;
  /** The first error's code, or null when there was none. */
  code: string | null;
  /** How many errors the response carries. */
  errors: number;
}

/**
 * Records each request's operation name and type and first error code in the
 * context's `outcome`, for the HTTP handler, which writes the request's one
 * log line once the response is sent. (Apollo copies the context object, so
 * the holder object is what both sides share.)
 */
export function outcomePlugin(): ApolloServerPlugin<ApiContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation }) {
          contextValue.outcome.operationType = operation?.operation ?? null;
        },
        async willSendResponse({ contextValue, response, operationName }) {
          const body = response.body;
          const errors = body.kind === 'single' ? body.singleResult.errors : undefined;
          const code = errors?.[0]?.extensions?.code;
          contextValue.outcome.operation = operationName ?? null;
          contextValue.outcome.code = typeof code === 'string' ? code : null;
          contextValue.outcome.errors = errors?.length ?? 0;
        },
      };
    },
  };
}
