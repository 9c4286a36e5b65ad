/**
 * The package's library entry: compile a scorecard and evaluate accounts
 * without a database.
 *
 * ```ts
 * const { diagnostics, scorecard } = compile(source, { file: 'default.health' });
 * const result = scorecard?.evaluate(observations, { asOf: '2026-12-01T00:00:00Z' });
 * ```
 */
export * from './dsl/index.js';
