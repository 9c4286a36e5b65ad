/**
 * Diagnostics: what the lexer, parser and checker report instead of throwing.
 *
 * Codes are part of the product contract: users' scripts match on them. Only
 * the edges of the program (CLI exit codes, GraphQL errors) turn diagnostics
 * into failures.
 */
import type { Range } from './ast.js';

export type DiagnosticSeverity = 'error' | 'warning';

/** Every code a `.health` file can be reported with, and what it means. */
export const DIAGNOSTIC_CODES = {
  HR001: 'syntax error',
  HR101: 'unknown name',
  HR102: 'duplicate name',
  HR103: 'type mismatch',
  HR104: 'linear x values not strictly increasing',
  HR105: 'score outside 0..100',
  HR106: 'bands malformed',
  HR107: 'weight not greater than 0',
  HR108: 'unknown function, wrong arguments or missing duration',
  HR201: 'more than 12 metrics',
  HR202: 'metric weight under 3% of the score',
  HR203: 'signal declared and never used',
  HR204: 'step that can never be reached',
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

export interface Diagnostic {
  code: DiagnosticCode;
  severity: DiagnosticSeverity;
  message: string;
  range: Range;
}

/** No file reports more than this many diagnostics; the rest are noise. */
export const MAX_DIAGNOSTICS = 100;

export function error(code: DiagnosticCode, message: string, range: Range): Diagnostic {
  return { code, severity: 'error', message, range };
}

export function warning(code: DiagnosticCode, message: string, range: Range): Diagnostic {
  return { code, severity: 'warning', message, range };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Sorts by position, then code, and keeps at most MAX_DIAGNOSTICS. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics]
    .sort(
      (a, b) =>
        a.range.start.offset - b.range.start.offset ||
        a.code.localeCompare(b.code) ||
        a.message.localeCompare(b.message),
    )
    .slice(0, MAX_DIAGNOSTICS);
}

/** `FILE:LINE:COL: error CODE: message`, the format of `health check`. */
export function formatDiagnostic(d: Diagnostic, file: string): string {
  const { line, column } = d.range.start;
  return `${file}:${line}:${column}: ${d.severity} ${d.code}: ${d.message}`;
}
