/**
 * The output buffer of the formatter and the one routine that lays out the
 * body of any block: its nodes, their comments and the blank lines between.
 */
import type { Comment } from '../ast.js';
import type { CommentMap, Slot } from './comments.js';

/** Columns per indentation level. */
export const INDENT = 2;

/** Lines longer than this are broken where the layout allows it. */
export const MAX_WIDTH = 100;

/** Lines of output, built top to bottom. */
export class Lines {
  private readonly lines: string[] = [];

  /** Adds a line at an indentation level. */
  push(level: number, text: string): void {
    this.lines.push(' '.repeat(level * INDENT) + text.trimEnd());
  }

  /** Adds an empty line unless the last line already is one (or there is none). */
  blank(): void {
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] !== '') this.lines.push('');
  }

  /** Puts a comment at the end of the last line, two spaces after its text. */
  appendComment(c: Comment): void {
    const last = this.lines.length - 1;
    if (last < 0) {
      this.lines.push(commentText(c));
    } else {
      this.lines[last] += `  ${commentText(c)}`;
    }
  }

  /** The whole text, with a final newline. */
  toString(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

/** A comment as printed: its text without trailing blanks. */
export function commentText(c: Comment): string {
  return c.text.trimEnd();
}

/** A line-level node (or a whole block) inside the body of a block. */
export interface Entry {
  slot: Slot;
  /**
   * Consecutive entries of the same `run` stay together; a blank line always
   * separates entries of different runs. Blocks get a run of their own.
   */
  run: string;
  /**
   * Prints the node itself at `level`; its own comments are printed around
   * it by `printBody`, but a block needs `comments` for its inner lines.
   */
  print(out: Lines, level: number, comments: CommentMap): void;
}

/**
 * Prints the body of a block: each entry preceded by its own-line comments
 * and followed by its end-of-line comment, then the block's comments after
 * its last entry. Blank lines are kept (at most one) where the source had
 * some between two lines, never at the start of a block, and always added
 * between entries of different runs.
 */
export function printBody(
  out: Lines,
  level: number,
  block: Slot,
  entries: readonly Entry[],
  comments: CommentMap,
): void {
  let prevLine: number | undefined;
  let prevRun: string | undefined;
  const gapBefore = (line: number, forced = false): void => {
    if (prevLine === undefined) return;
    if (forced || line - prevLine > 1) out.blank();
  };

  for (const entry of entries) {
    const { leading, trailing } = comments.get(entry.slot.key);
    const start = entry.slot.range.start;
    let forced = prevRun !== undefined && prevRun !== entry.run;

    // Comments written above the node keep their own blank lines.
    const above = leading.filter((c) => c.range.start.offset < start.offset);
    for (const c of above) {
      gapBefore(c.range.start.line, forced);
      out.push(level, commentText(c));
      prevLine = c.range.end.line;
      forced = false;
    }

    // Comments from inside the node go right above it, with no blank line
    // between: in the source they were part of it.
    gapBefore(start.line, forced);
    for (const c of leading) {
      if (c.range.start.offset >= start.offset) out.push(level, commentText(c));
    }
    entry.print(out, level, comments);
    if (trailing) out.appendComment(trailing);
    prevLine = entry.slot.range.end.line;
    prevRun = entry.run;
  }

  for (const c of comments.get(block.key).dangling) {
    gapBefore(c.range.start.line);
    out.push(level, commentText(c));
    prevLine = c.range.end.line;
  }
}

/**
 * Prints a block: `header {`, its body one level deeper, `}`. An empty block
 * without comments prints as `header {}`.
 */
export function printBlock(
  out: Lines,
  level: number,
  header: string,
  block: Slot,
  entries: readonly Entry[],
  comments: CommentMap,
): void {
  const attached = comments.get(block.key);
  if (entries.length === 0 && attached.dangling.length === 0 && !attached.headerTrailing) {
    out.push(level, `${header} {}`);
    return;
  }
  out.push(level, `${header} {`);
  if (attached.headerTrailing) out.appendComment(attached.headerTrailing);
  printBody(out, level + 1, block, entries, comments);
  out.push(level, '}');
}
