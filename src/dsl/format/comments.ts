/**
 * Attaching comments to the lines they belong to.
 *
 * The parser hands over every comment of the file with its range, apart from
 * the tree. To print them back, each comment is attached, by comparing its
 * range with node ranges, to one line-level node of a "slot tree" that
 * mirrors the formatted layout:
 * - on its own line before a node: `leading` of that node;
 * - at the end of the line where a node ends: `trailing` of that node;
 * - at the end of a block's opening line (after `{`): `headerTrailing`;
 * - after the last node of a block, on its own line: `dangling`, printed
 *   just before the block's closing `}`;
 * - inside a node that prints on one line (for example inside a scoring
 *   curve spread over several lines, or between a metric's expression and
 *   its curve): `leading` of that node, so it moves to the line before it.
 *   A one-line node has no place inside it for a comment to stay.
 */
import type { Comment, Range } from '../ast.js';

/** A line-level node, or a block (`header` set) whose children are slots too. */
export interface Slot {
  /** The identity the printer looks the comments up by. */
  key: object;
  range: Range;
  /** For blocks: where the header before `{` ends (its last token's end). */
  header?: { offset: number; line: number };
  children?: Slot[];
}

/** The comments attached to one slot. */
export interface Attached {
  leading: Comment[];
  trailing?: Comment;
  headerTrailing?: Comment;
  dangling: Comment[];
}

/** The result of attaching: per slot, plus what follows the whole file. */
export interface CommentMap {
  get(key: object): Attached;
  /** Comments on their own lines after the scorecard's closing `}`. */
  after: Comment[];
}

const NONE: Attached = Object.freeze({ leading: [], dangling: [] }) as Attached;

/**
 * Attaches every comment to a slot of the tree rooted at `root` (the
 * scorecard). Comments before the root are its `leading` comments; one on
 * the line of its closing `}` is its `trailing`; later ones are `after`.
 */
export function attachComments(root: Slot, comments: readonly Comment[]): CommentMap {
  const map = new Map<object, Attached>();
  const entry = (key: object): Attached => {
    let a = map.get(key);
    if (!a) map.set(key, (a = { leading: [], dangling: [] }));
    return a;
  };
  const after: Comment[] = [];

  for (const c of [...comments].sort((a, b) => a.range.start.offset - b.range.start.offset)) {
    const at = c.range.start.offset;
    if (at < root.range.start.offset) {
      entry(root.key).leading.push(c);
    } else if (at >= root.range.end.offset) {
      const rootAttached = entry(root.key);
      if (c.range.start.line === root.range.end.line && !rootAttached.trailing) {
        rootAttached.trailing = c;
      } else {
        after.push(c);
      }
    } else {
      placeInBlock(root, c, entry);
    }
  }

  return { get: (key) => map.get(key) ?? NONE, after };
}

// Places a comment that lies within `block`'s range.
function placeInBlock(block: Slot, c: Comment, entry: (key: object) => Attached): void {
  const at = c.range.start.offset;
  const header = block.header ?? { offset: block.range.start.offset, line: block.range.start.line };

  // Inside the header (`group # why\n usage weight 1 {`): before the block.
  if (at < header.offset) {
    entry(block.key).leading.push(c);
    return;
  }

  const children = block.children ?? [];
  const inside = children.find((s) => s.range.start.offset <= at && at < s.range.end.offset);
  if (inside) {
    if (inside.header) placeInBlock(inside, c, entry);
    else entry(inside.key).leading.push(c);
    return;
  }

  // Between children: the end of the previous line, or before the next node.
  const prev = children.filter((s) => s.range.end.offset <= at).pop();
  const next = children.find((s) => s.range.start.offset > at);
  const prevLine = prev ? prev.range.end.line : header.line;
  if (c.range.start.line === prevLine) {
    const target = prev ? entry(prev.key) : entry(block.key);
    if (prev && !target.trailing) {
      target.trailing = c;
      return;
    }
    if (!prev && !target.headerTrailing) {
      target.headerTrailing = c;
      return;
    }
  }
  if (next) entry(next.key).leading.push(c);
  else entry(block.key).dangling.push(c);
}
