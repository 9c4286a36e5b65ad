/**
 * Limits on what one query may ask for. A dashboard query is a few levels
 * deep and names each field once; a query far beyond that is a mistake or an
 * attempt to make the server do unbounded work, so it is refused before any
 * resolver runs, with the limit and the numbers in the error.
 */
import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from './graphql.js';

/** The numbers; each can be set per server (tests lower them). */
export interface QueryLimits {
  /** Deepest nesting of fields, counting the root field as 1. */
  maxDepth: number;
  /** Most aliased fields in one document. */
  maxAliases: number;
  /** Highest estimated cost; see `estimateCost`. */
  maxCost: number;
  /** The largest page a connection serves. */
  maxPageSize: number;
}

/**
 * Defaults sized for the documented queries: the account page with its full
 * explanation is depth 6, and 100 accounts with health and history costs
 * about 1,500.
 */
export const DEFAULT_LIMITS: QueryLimits = {
  maxDepth: 10,
  maxAliases: 30,
  maxCost: 10_000,
  maxPageSize: 100,
};

// Refusals use graphql-js's own code for an invalid document (Apollo sets it
// on every validation error anyway) and say which limit, so clients need to
// handle one code and can show the numbers.
function refusal(limit: string, max: number, actual: number, what: string): GraphQLError {
  return new GraphQLError(`Query refused: ${what} is ${actual}, the limit is ${max}.`, {
    extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit, max, actual, http: { status: 400 } },
  });
}

/** A validation rule refusing documents nested deeper than `max` fields. */
export function depthLimitRule(max: number): (context: ValidationContext) => ASTVisitor {
  return (context) => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    }
    return {
      OperationDefinition(operation) {
        const depth = selectionDepth(operation.selectionSet, fragments, new Set());
        if (depth > max) context.reportError(refusal('depth', max, depth, 'the query depth'));
        return false;
      },
    };
  };
}

// Fragments are followed so a deep query cannot hide behind them; a fragment
// already on the path is skipped (graphql-js reports the cycle itself).
function selectionDepth(
  set: SelectionSetNode | undefined,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  visiting: Set<string>,
): number {
  if (!set) return 0;
  let deepest = 0;
  for (const selection of set.selections) {
    let depth = 0;
    if (selection.kind === Kind.FIELD) {
      // Introspection's own meta fields do not count against the client.
      if (selection.name.value.startsWith('__')) continue;
      depth = selection.selectionSet
        ? 1 + selectionDepth(selection.selectionSet, fragments, visiting)
        : 1;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      depth = selectionDepth(selection.selectionSet, fragments, visiting);
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || visiting.has(name)) continue;
      visiting.add(name);
      depth = selectionDepth(fragment.selectionSet, fragments, visiting);
      visiting.delete(name);
    }
    deepest = Math.max(deepest, depth);
  }
  return deepest;
}

/**
 * A validation rule refusing documents with more than `max` aliases: aliases
 * are how one request asks for the same expensive field many times over.
 */
export function aliasLimitRule(max: number): (context: ValidationContext) => ASTVisitor {
  return (context) => {
    let aliases = 0;
    return {
      Field(node) {
        if (node.alias) aliases++;
      },
      Document: {
        leave() {
          if (aliases > max)
            context.reportError(refusal('aliases', max, aliases, 'the alias count'));
        },
      },
    };
  };
}

/**
 * Fields that may evaluate rules or scan many accounts: each costs more than
 * reading a stored value.
 */
const EXPENSIVE = new Set(['health', 'compareHealth', 'explainChange', 'ruleDiff', 'validation']);

/**
 * The estimated cost of an operation: every field costs 1 (expensive ones
 * 5) plus the cost of its children, times the page size when the field takes
 * `first`, since each item of the page resolves the children again. Variables
 * are needed to read `first`. Fragments are followed, once per spread.
 */
export function estimateCost(
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    else if (def.kind === Kind.OPERATION_DEFINITION) {
      if (!operationName || def.name?.value === operationName) operation ??= def;
    }
  }
  if (!operation) return 0;

  const pageSize = (field: FieldNode): number => {
    const arg = field.arguments?.find((a) => a.name.value === 'first');
    if (!arg) return 1;
    let value: unknown;
    if (arg.value.kind === Kind.INT) value = Number(arg.value.value);
    else if (arg.value.kind === Kind.VARIABLE) value = variables?.[arg.value.name.value];
    // A missing `first` uses the default page size (20), which is below the largest.
    return typeof value === 'number' && value > 1 ? value : 1;
  };

  const cost = (set: SelectionSetNode | undefined, visiting: Set<string>): number => {
    if (!set) return 0;
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        const own = EXPENSIVE.has(selection.name.value) ? 5 : 1;
        total += own + cost(selection.selectionSet, visiting) * pageSize(selection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        total += cost(selection.selectionSet, visiting);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || visiting.has(name)) continue;
        visiting.add(name);
        total += cost(fragment.selectionSet, visiting);
        visiting.delete(name);
      }
    }
    return total;
  };
  return cost(operation.selectionSet, new Set());
}

/** Throws the refusal when an operation's cost is above the limit. */
export function assertCostWithin(cost: number, max: number): void {
  if (cost > max) throw refusal('cost', max, cost, 'the estimated cost');
}
