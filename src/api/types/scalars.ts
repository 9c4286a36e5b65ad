/**
 * Scalars beyond GraphQL's own: instants and signal values.
 */
import { GraphQLError, GraphQLScalarType, Kind } from '../graphql.js';
import { DateTimeResolver } from 'graphql-scalars';
import type { SignalValue } from '../../dsl/result.js';

/** ISO 8601 instants (`2026-11-02T00:00:00Z`); resolvers receive `Date`. */
export const DateTime = DateTimeResolver;

function asSignalValue(value: unknown): SignalValue {
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw new GraphQLError(
    `SignalValue must be a finite number, a boolean or a string; received ${JSON.stringify(value)}`,
  );
}

/**
 * A signal's value: a number, a boolean or a string, as the signal declares.
 * On the wire it is the plain JSON value, so `40`, `true` and `"gold"` all fit.
 */
export const SignalValueScalar = new GraphQLScalarType<SignalValue, SignalValue>({
  name: 'SignalValue',
  description:
    'A signal value: a number, a boolean or a string, as the signal declares. ' +
    'Sent and received as the plain JSON value.',
  serialize: asSignalValue,
  parseValue: asSignalValue,
  parseLiteral(ast) {
    switch (ast.kind) {
      case Kind.INT:
      case Kind.FLOAT:
        return Number(ast.value);
      case Kind.BOOLEAN:
        return ast.value;
      case Kind.STRING:
        return ast.value;
      default:
        throw new GraphQLError('SignalValue must be a number, a boolean or a string literal.', {
          nodes: ast,
        });
    }
  },
});
