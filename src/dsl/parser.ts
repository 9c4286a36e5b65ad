/**
 * `parse`: the source text of a `.health` file in, its syntax tree and
 * syntax errors (HR001) out.
 *
 * The work is split three ways: `lexer.ts` makes tokens, `parser/grammar.ts`
 * recognises them (recovering from errors so that one file reports several),
 * and `parser/build.ts` turns an error-free parse into the AST.
 *
 * Where the language definition is silent, the parser decides as follows:
 * - A string escape other than `\"` and `\\` is an error, not a literal
 *   backslash, so `\n` written out of habit does not pass unnoticed.
 * - `given` ages need their minus (`@ -30d`): the observation is in the past.
 * - `linear`, `steps`, `map` and `bands` may be empty to the parser; how many
 *   items each needs is the checker's rule, with its own code.
 * - A `map`'s optional `else` must come last, like the `else` of `steps`.
 * - Comparisons do not chain: `a < b < c` is an error, not `(a < b) < c`.
 * - Numbers where a literal is expected take a sign (`weight -1`, `from -5`)
 *   so that the checker, not the parser, reports the value as out of range.
 */
import { EOF, type IRecognitionException } from 'chevrotain';
import type { Range, Scorecard } from './ast.js';
import { error, MAX_DIAGNOSTICS, type Diagnostic } from './diagnostics.js';
import { endOfSource, tokenize, tokenRange } from './lexer.js';
import { buildScorecard } from './parser/build.js';
import { healthParser } from './parser/grammar.js';

/** What `parse` returns. */
export interface ParseResult {
  /** Present only when the file has no syntax errors. */
  scorecard?: Scorecard;
  /** HR001 diagnostics, sorted by position, at most MAX_DIAGNOSTICS. */
  diagnostics: Diagnostic[];
}

/**
 * Parses a scorecard. Never throws: every problem, including a bug in the
 * parser itself, comes back as an HR001 diagnostic.
 */
export function parse(source: string): ParseResult {
  try {
    return parseOrThrow(source);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    const start = { line: 1, column: 1, offset: 0 };
    const range = { start, end: endOfSource(source) };
    return { diagnostics: [error('HR001', `the parser failed: ${reason}`, range)] };
  }
}

function parseOrThrow(source: string): ParseResult {
  // 1. Tokens. Lexical errors do not stop parsing: the parser reports its
  // own errors too, so a file shows all of its problems at once.
  const lexed = tokenize(source);

  // 2. The concrete syntax tree, with error recovery.
  healthParser.input = lexed.tokens;
  const cst = healthParser.scorecard();
  const eof = endOfSource(source);
  const parseErrors = healthParser.errors.map((e) => toDiagnostic(e, eof));

  // One mistake can trip several recovery attempts at the same token; the
  // first message there is the one that describes it. Lexical errors come
  // first, then the grammar's own notes, which are more specific than
  // Chevrotain's errors at the same token.
  const diagnostics = dedupe([...lexed.diagnostics, ...healthParser.notes, ...parseErrors]);
  if (diagnostics.length > 0) return { diagnostics: diagnostics.slice(0, MAX_DIAGNOSTICS) };

  // 3. The AST, only from a tree that recovery did not patch.
  return { scorecard: buildScorecard(cst, lexed.comments), diagnostics: [] };
}

function toDiagnostic(e: IRecognitionException, eof: Range['start']): Diagnostic {
  const token = e.token;
  const atEnd = token.tokenType === EOF || Number.isNaN(token.startOffset);
  const range = atEnd ? { start: eof, end: eof } : tokenRange(token);
  return error('HR001', e.message, range);
}

// Sorted by position; at most one diagnostic per start offset.
function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const sorted = [...diagnostics].sort((a, b) => a.range.start.offset - b.range.start.offset);
  return sorted.filter(
    (d, i) => i === 0 || d.range.start.offset !== sorted[i - 1]?.range.start.offset,
  );
}
