import type { Range } from './ast.js';
import type { SourceLocation } from './result.js';

/** Turns a node's range into the location shown in explanations. */
export function toLocation(range: Range, file?: string): SourceLocation {
  const location: SourceLocation = {
    line: range.start.line,
    column: range.start.column,
    endLine: range.end.line,
    endColumn: range.end.column,
  };
  if (file !== undefined) location.file = file;
  return location;
}
