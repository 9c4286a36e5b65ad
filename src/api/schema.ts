/**
 * The GraphQL schema, built by type-graphql from the resolver classes.
 * `schema/schema.graphql` is its printed form, emitted by
 * `src/api/emit-schema.ts` and compared with the build in the tests.
 */
import 'reflect-metadata';
import type { GraphQLSchema } from './graphql.js';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { authChecker } from './auth.js';
import { AccountResolver } from './resolvers/account.js';
import { AnalysisResolver, RuleDiffResolver, RuleImpactResolver } from './resolvers/analysis.js';
import { IngestResolver } from './resolvers/ingest.js';
import { OverrideResolver } from './resolvers/overrides.js';
import { CheckRulesResolver, RulesResolver, RuleVersionResolver } from './resolvers/rules.js';
import { SummaryResolver } from './resolvers/summary.js';
import { TokenResolver } from './resolvers/tokens.js';

/** Every resolver class; each brings its types along. */
export const RESOLVERS: NonEmptyArray<Function> = [
  AccountResolver,
  SummaryResolver,
  RulesResolver,
  RuleVersionResolver,
  CheckRulesResolver,
  AnalysisResolver,
  RuleDiffResolver,
  RuleImpactResolver,
  IngestResolver,
  OverrideResolver,
  TokenResolver,
];

let built: Promise<GraphQLSchema> | undefined;

/**
 * Builds the schema once per process: type-graphql keeps its metadata in a
 * global store, and the schema does not depend on the server's options.
 */
export function createSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: RESOLVERS,
    authChecker,
    // Inputs are checked by hand where it matters, with messages that say
    // what was expected; class-validator would add a second vocabulary.
    validate: false,
  }).then(describeRoots);
  return built;
}

// type-graphql has no decorator for the root types' own descriptions.
function describeRoots(schema: GraphQLSchema): GraphQLSchema {
  const query = schema.getQueryType();
  if (query) {
    query.description =
      'Reads: accounts with their health, the portfolio summary, rulesets, rule analysis ' +
      '(diffs, comparisons, validation) and tokens. ' +
      'Needs a viewer, editor or admin token.';
  }
  const mutation = schema.getMutationType();
  if (mutation) {
    mutation.description =
      'Writes: rules (editor), observations and outcomes (ingest), overrides (editor), ' +
      'tokens (admin).';
  }
  return schema;
}
