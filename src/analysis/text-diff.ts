/**
 * The unified text diff of two rule sources, as `diff -u` would print it,
 * so a reviewer sees the exact lines that changed next to the structural list.
 */
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';

/** The labels shown in the diff's `---` and `+++` header lines. */
export interface DiffNames {
  before: string;
  after: string;
}

/** Lines of unchanged context around each hunk, as `diff -u` prints by default. */
const CONTEXT_LINES = 3;

/**
 * A unified diff from `sourceA` to `sourceB`. Returns an empty string when the
 * texts are equal, so callers can test for "no textual change" directly.
 */
export function textDiff(sourceA: string, sourceB: string, names: DiffNames): string {
  if (sourceA === sourceB) return '';
  return createTwoFilesPatch(names.before, names.after, sourceA, sourceB, undefined, undefined, {
    context: CONTEXT_LINES,
    // `---`/`+++` headers only: the `===` rule line of the default adds nothing.
    headerOptions: FILE_HEADERS_ONLY,
  });
}
