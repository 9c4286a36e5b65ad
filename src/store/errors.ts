/**
 * The store's failures that callers are expected to handle: the CLI turns
 * them into exit codes, the API into GraphQL error codes.
 */
import type { Diagnostic } from '../dsl/index.js';

/** A write based on stale state (e.g. publishing over a newer version); nothing was written. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
  constructor(
    message: string,
    /** The state the caller expected, and the state found. */
    readonly expected: number | null,
    readonly actual: number | null,
  ) {
    super(message);
  }
}

/** A rule source with errors; carries every diagnostic, warnings included. */
export class RuleErrors extends Error {
  override readonly name = 'RuleErrors';
  constructor(
    message: string,
    readonly diagnostics: Diagnostic[],
  ) {
    super(message);
  }
}

/** A ruleset, version, account or token that does not exist. */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

/** A request the store refuses as malformed (an unknown band, a bad role, …). */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
}
