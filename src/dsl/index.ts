/**
 * The language core: parse, check, format and compile `.health` files.
 *
 * Everything here is pure: no I/O, no logging. Problems come back as
 * diagnostics; nothing throws on bad input.
 */
import type * as ast from './ast.js';
import { check } from './check/index.js';
import { hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics.js';
import { compileScorecard } from './evaluator/compile.js';
import { formatScorecard } from './format.js';
import { parse } from './parser.js';
import type { CompiledScorecard } from './scorecard.js';

export interface CompileOptions {
  /** The file name shown in source locations. */
  file?: string;
}

export interface CompileResult {
  /** Errors and warnings, sorted by position. */
  diagnostics: Diagnostic[];
  /** Present only when there are no errors. */
  scorecard?: CompiledScorecard;
}

/**
 * Compiles a scorecard's source text. The stages run in order and stop at
 * the first that reports an error: checking a tree that did not parse would
 * only report consequences of the syntax error, and compiling an unchecked
 * tree could build an evaluator that misbehaves.
 */
export function compile(source: string, options: CompileOptions = {}): CompileResult {
  // 1. Parse: syntax errors (HR001) only.
  const parsed = parse(source);
  if (!parsed.scorecard || hasErrors(parsed.diagnostics)) {
    return { diagnostics: sortDiagnostics(parsed.diagnostics) };
  }

  // 2. Check: names, types, curves, bands, weights, and the warnings.
  const diagnostics = sortDiagnostics([...parsed.diagnostics, ...check(parsed.scorecard)]);
  if (hasErrors(diagnostics)) return { diagnostics };

  // 3. Build the evaluator from the checked tree.
  const scorecard = compileScorecard(parsed.scorecard, { file: options.file });
  return { diagnostics, scorecard };
}

export interface FormatResult {
  diagnostics: Diagnostic[];
  /** The canonical text; absent when the source does not parse. */
  text?: string;
}

/** Formats a source text canonically, keeping its comments. */
export function format(source: string): FormatResult {
  const parsed = parse(source);
  if (!parsed.scorecard || hasErrors(parsed.diagnostics)) {
    return { diagnostics: sortDiagnostics(parsed.diagnostics) };
  }
  return { diagnostics: [], text: formatScorecard(parsed.scorecard) };
}

export { parse, check };
export type { ast, CompiledScorecard, Diagnostic };
export { formatDiagnostic, hasErrors, DIAGNOSTIC_CODES } from './diagnostics.js';
export { buildHistory } from './evaluator/history.js';
export type * from './result.js';
export type { MetricInfo, AlertInfo } from './scorecard.js';
