/**
 * The canonical formatter of `.health` files.
 *
 * There is one layout, so formatting twice changes nothing and two authors'
 * files read alike. It is meant to read like the example in the language's
 * documentation:
 * - two spaces per level; declarations stay in source order (caps, floors
 *   and bands depend on it);
 * - consecutive declarations of one kind stay together, and a blank line
 *   separates different kinds and surrounds every `group`, `bands` and `test`
 *   block; `stale_after` and `min_coverage` count as one kind, as do `cap`
 *   and `floor`. Where the author left blank lines between two lines of the
 *   same kind, one blank line is kept; none is kept at the start of a block;
 * - runs of `signal` and `alert` lines, the lines of a `bands` block and the
 *   metrics of a group are aligned in columns (comments and blank lines
 *   inside a run do not break its alignment);
 * - a group's metrics each fit on one line when every one of them does
 *   within 100 columns; otherwise each puts its curve, and its `missing`, on
 *   lines of their own below it, unaligned: a group reads as one table or as
 *   a list, never a mix;
 * - a test's `given` block fits on one line when it can and holds no
 *   comments; otherwise it has one assignment per line;
 * - other lines are never broken, even past 100 columns (the language's own
 *   example has a longer alert line). End-of-line comments do not count
 *   toward the width, so one after a line never changes how it is broken;
 * - numbers, durations and parentheses are kept as written; strings are
 *   re-escaped. Comments are kept as described in `format/comments.ts`.
 *
 * TODO: a curve or condition longer than a line stays on one line. A layout
 * with one curve branch per line would fix that, and would let comments
 * written inside a curve stay there instead of moving above the metric.
 */
import type * as ast from './ast.js';
import { alignRows, type Row } from './format/columns.js';
import { attachComments, type CommentMap, type Slot } from './format/comments.js';
import {
  printAssign,
  printExpectation,
  printExpr,
  printNumber,
  printScoring,
  printString,
} from './format/expr.js';
import { commentText, INDENT, Lines, MAX_WIDTH, printBlock, type Entry } from './format/lines.js';

/** Prints a scorecard in the canonical layout, with its comments, ending in a newline. */
export function formatScorecard(card: ast.Scorecard): string {
  // 1. Describe the layout: which lines and blocks there are, in order.
  const entries = bodyEntries(card);
  const root: Slot = {
    key: card,
    range: card.range,
    header: headerAfter(card.title.range),
    children: entries.map((e) => e.slot),
  };

  // 2. Give each comment its place in that layout.
  const comments = attachComments(root, card.comments);

  // 3. Print: comments above the scorecard, the scorecard, comments below.
  const out = new Lines();
  const top = comments.get(card);
  const scorecardLine = card.range.start.line;
  let prevLine: number | undefined;
  for (const c of top.leading) {
    if (prevLine !== undefined && c.range.start.line - prevLine > 1) out.blank();
    out.push(0, commentText(c));
    prevLine = c.range.end.line;
  }
  if (prevLine !== undefined && scorecardLine - prevLine > 1) out.blank();
  printBlock(out, 0, `scorecard ${printString(card.title)}`, root, entries, comments);
  if (top.trailing) out.appendComment(top.trailing);
  prevLine = card.range.end.line;
  for (const c of comments.after) {
    if (c.range.start.line - prevLine > 1) out.blank();
    out.push(0, commentText(c));
    prevLine = c.range.end.line;
  }
  return out.toString();
}

// The header of a block ends with its last token before `{`.
function headerAfter(range: ast.Range): { offset: number; line: number } {
  return { offset: range.end.offset, line: range.end.line };
}

// A slot for a node printed as one (or a few) lines, comments around it.
function leaf(node: { range: ast.Range }): Slot {
  return { key: node, range: node.range };
}

// ---------------------------------------------------------------------------
// Declarations

function bodyEntries(card: ast.Scorecard): Entry[] {
  const aligned = alignedRuns(card.body);
  return card.body.map((decl, i): Entry => {
    switch (decl.kind) {
      case 'StaleAfter':
        return line(decl, 'settings', `stale_after ${decl.duration.text}`);
      case 'MinCoverage':
        return line(decl, 'settings', `min_coverage ${printNumber(decl.value)}`);
      case 'Signal':
      case 'Alert':
        return line(decl, decl.kind, aligned.get(decl) ?? '');
      case 'Override':
        return line(decl, 'Override', overrideText(decl));
      case 'Group':
        return groupEntry(decl, `group ${i}`);
      case 'Bands':
        return bandsEntry(decl, `bands ${i}`);
      case 'Test':
        return testEntry(decl, `test ${i}`);
    }
  });
}

// An entry printed as a single line of text.
function line(node: { range: ast.Range }, run: string, text: string): Entry {
  return { slot: leaf(node), run, print: (out, level) => out.push(level, text) };
}

function overrideText(o: ast.OverrideDecl): string {
  const reason = o.reason ? ` ${printString(o.reason)}` : '';
  return `${o.type} ${o.band.name} when ${printExpr(o.when)}${reason}`;
}

// The text of every signal and alert line, aligned with the other lines of
// its run: the declarations of that kind that follow one another.
function alignedRuns(body: readonly ast.Declaration[]): Map<ast.Declaration, string> {
  const texts = new Map<ast.Declaration, string>();
  let i = 0;
  while (i < body.length) {
    const kind = body[i]!.kind;
    let j = i;
    while (j < body.length && body[j]!.kind === kind) j++;
    const run = body.slice(i, j);
    if (kind === 'Signal') {
      const lines = alignRows(
        run.map((d) => signalRow(d as ast.SignalDecl)),
        [' ', '  '],
      );
      run.forEach((d, k) => texts.set(d, lines[k]!));
    } else if (kind === 'Alert') {
      const lines = alignRows(
        run.map((d) => alertRow(d as ast.AlertDecl)),
        [' ', ' ', ' '],
      );
      run.forEach((d, k) => texts.set(d, lines[k]!));
    }
    i = j;
  }
  return texts;
}

// `signal NAME : TYPE [max_age D]`; the type column is followed by two
// spaces so `max_age` stands apart from the type.
function signalRow(s: ast.SignalDecl): Row {
  return [`signal ${s.name.name}`, `: ${s.type}`, s.maxAge && `max_age ${s.maxAge.text}`];
}

// `alert NAME [SEVERITY] when COND ["message"]`; the severity is printed
// only where the author wrote it: the default is part of the language.
function alertRow(a: ast.AlertDecl): Row {
  return [
    `alert ${a.name.name}`,
    a.severity,
    `when ${printExpr(a.when)}`,
    a.message && printString(a.message),
  ];
}

// ---------------------------------------------------------------------------
// Groups and metrics

function groupEntry(g: ast.GroupDecl, run: string): Entry {
  // The metrics print at level 2 inside a group at the top of the scorecard.
  const metricLevel = 2;
  const metrics = metricLayouts(g.metrics, MAX_WIDTH - metricLevel * INDENT);
  const entries = g.metrics.map((m, k): Entry => ({
    slot: leaf(m),
    run: 'metric',
    print: (out, level) => {
      const [first = '', ...rest] = metrics[k]!;
      out.push(level, first);
      for (const more of rest) out.push(level + 1, more);
    },
  }));
  const slot: Slot = {
    key: g,
    range: g.range,
    header: headerAfter(g.weight.range),
    children: entries.map((e) => e.slot),
  };
  const header = `group ${g.name.name} weight ${printNumber(g.weight)}`;
  return {
    slot,
    run,
    print: (out, level, comments) => printBlock(out, level, header, slot, entries, comments),
  };
}

/**
 * The lines of each metric of a group: one aligned line each when all fit
 * in `width`, else the declaration, the curve and `missing` on lines of
 * their own (the later ones one level deeper).
 */
function metricLayouts(metrics: readonly ast.MetricDecl[], width: number): string[][] {
  const rows = metrics.map((m): Row => {
    const missing = m.missing ? `  missing -> ${printNumber(m.missing)}` : '';
    return [
      `metric ${m.name.name}`,
      `weight ${printNumber(m.weight)}`,
      `= ${printExpr(m.expr)}`,
      printScoring(m.scoring) + missing,
    ];
  });
  const table = alignRows(rows, [' ', ' ', '  ']);
  if (table.every((l) => l.length <= width)) return table.map((l) => [l]);

  return metrics.map((m) => {
    const lines = [
      `metric ${m.name.name} weight ${printNumber(m.weight)} = ${printExpr(m.expr)}`,
      printScoring(m.scoring),
    ];
    if (m.missing) lines.push(`missing -> ${printNumber(m.missing)}`);
    return lines;
  });
}

// ---------------------------------------------------------------------------
// Bands

function bandsEntry(b: ast.BandsDecl, run: string): Entry {
  const rows = b.bands.map((band): Row => [
    band.name.name,
    `from ${printNumber(band.from)}`,
    band.color.name,
    band.action && printString(band.action),
  ]);
  const texts = alignRows(rows, [' ', ' ', ' ']);
  const entries = b.bands.map((band, k) => line(band, 'band', texts[k]!));
  const slot: Slot = {
    key: b,
    range: b.range,
    // The header is the keyword alone.
    header: { offset: b.range.start.offset + 'bands'.length, line: b.range.start.line },
    children: entries.map((e) => e.slot),
  };
  return {
    slot,
    run,
    print: (out, level, comments) => printBlock(out, level, 'bands', slot, entries, comments),
  };
}

// ---------------------------------------------------------------------------
// Tests

function testEntry(t: ast.TestDecl, run: string): Entry {
  const given = givenEntry(t);
  const expects = t.expects.map((x) => line(x, 'test', printExpectation(x)));
  const entries = [given, ...expects].sort(
    (a, b) => a.slot.range.start.offset - b.slot.range.start.offset,
  );
  const slot: Slot = {
    key: t,
    range: t.range,
    header: headerAfter(t.name.range),
    children: entries.map((e) => e.slot),
  };
  const header = `test ${printString(t.name)}`;
  return {
    slot,
    run,
    print: (out, level, comments) => printBlock(out, level, header, slot, entries, comments),
  };
}

// `given { a = 1  b = 2 @ -30d }` on one line when it fits and no comment
// needs a line inside it; otherwise a block with one assignment per line.
function givenEntry(t: ast.TestDecl): Entry {
  const assigns = t.given.map((a) => line(a, 'given', printAssign(a)));
  const slot: Slot = {
    // The test's `givenRange` object stands for the `given` block.
    key: t.givenRange,
    range: t.givenRange,
    header: { offset: t.givenRange.start.offset + 'given'.length, line: t.givenRange.start.line },
    children: assigns.map((e) => e.slot),
  };
  const print = (out: Lines, level: number, comments: CommentMap): void => {
    const oneLine =
      t.given.length === 0 ? 'given {}' : `given { ${t.given.map(printAssign).join('  ')} }`;
    if (oneLine.length + level * INDENT <= MAX_WIDTH && !hasInnerComments(slot, comments)) {
      out.push(level, oneLine);
    } else {
      printBlock(out, level, 'given', slot, assigns, comments);
    }
  };
  return { slot, run: 'test', print };
}

// Whether any comment belongs inside a block (not above or after it).
function hasInnerComments(block: Slot, comments: CommentMap): boolean {
  const own = comments.get(block.key);
  if (own.headerTrailing || own.dangling.length > 0) return true;
  return (block.children ?? []).some((child) => {
    const c = comments.get(child.key);
    return c.leading.length > 0 || c.trailing !== undefined;
  });
}
