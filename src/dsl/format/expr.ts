/**
 * Printing the inline parts of a scorecard: literals, expressions and
 * scoring curves. Each prints on one line; the layout of lines, columns and
 * comments is the job of `format.ts`.
 */
import type * as ast from '../ast.js';

/** A string literal, quoted, with `"` and `\` escaped so it reads back as the same value. */
export function printString(s: ast.StringLiteral): string {
  return `"${s.value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * A number as written (`25%`, `0.8`, `-3`), so a percent stays a percent and
 * `0.50` keeps its author's precision.
 */
export function printNumber(n: ast.NumberLiteral): string {
  // A negative value whose text lost its minus (a tree built by hand, or a
  // parser that folds the unary minus into the value only) must keep it.
  if (n.value < 0 && !n.text.startsWith('-')) return `-${n.text}`;
  return n.text;
}

/** A number, string or boolean literal. */
export function printLiteral(lit: ast.Literal): string {
  switch (lit.kind) {
    case 'Number':
      return printNumber(lit);
    case 'String':
      return printString(lit);
    case 'Boolean':
      return String(lit.value);
  }
}

/**
 * An expression with single spaces around binary operators. Parentheses are
 * printed exactly where the tree has `Paren` nodes: the parser keeps them, so
 * the printed text parses back to the same tree.
 */
export function printExpr(e: ast.Expr): string {
  switch (e.kind) {
    case 'Number':
    case 'String':
    case 'Boolean':
      return printLiteral(e);
    case 'Duration':
      return e.text;
    case 'Ref':
      return e.name;
    case 'Unary': {
      const operand = printExpr(e.operand);
      if (e.op === 'not') return `not ${operand}`;
      // `- -3`, not `--3`: two minus signs stay two tokens either way, but
      // the space keeps them from reading as a typo.
      return operand.startsWith('-') ? `- ${operand}` : `-${operand}`;
    }
    case 'Binary':
      return `${printExpr(e.left)} ${e.op} ${printExpr(e.right)}`;
    case 'Call':
      return `${e.callee.name}(${e.args.map(printExpr).join(', ')})`;
    case 'Paren':
      return `(${printExpr(e.expr)})`;
  }
}

/**
 * A scoring curve on one line: `linear { 0.1 -> 0, 0.8 -> 100 }`,
 * `steps { <= 7 -> 100, else -> 20 }`, `map { true -> 100, false -> 0 }`.
 */
export function printScoring(s: ast.Scoring): string {
  let keyword: string;
  let branches: string[];
  switch (s.kind) {
    case 'Linear':
      keyword = 'linear';
      branches = s.points.map((p) => `${printNumber(p.x)} -> ${printNumber(p.y)}`);
      break;
    case 'Steps':
      keyword = 'steps';
      branches = s.steps.map((st) => `${st.op} ${printLiteral(st.x)} -> ${printNumber(st.y)}`);
      break;
    case 'Map':
      keyword = 'map';
      branches = s.entries.map((en) => `${printLiteral(en.key)} -> ${printNumber(en.y)}`);
      break;
  }
  if (s.kind !== 'Linear' && s.otherwise) branches.push(`else -> ${printNumber(s.otherwise.y)}`);
  return branches.length === 0 ? `${keyword} {}` : `${keyword} { ${branches.join(', ')} }`;
}

/** One `given` assignment: `signal = literal [@ -DURATION]`. */
export function printAssign(a: ast.GivenAssign): string {
  const base = `${a.signal.name} = ${printLiteral(a.value)}`;
  return a.ago ? `${base} @ -${a.ago.text.replace(/^-/, '')}` : base;
}

/** One expectation of a test block. */
export function printExpectation(x: ast.Expectation): string {
  switch (x.kind) {
    case 'ExpectBand':
      return `expect band ${x.band.name}`;
    case 'ExpectScore':
      return `expect score ${x.op} ${printNumber(x.value)}`;
    case 'ExpectStatus':
      return `expect status ${x.status}`;
    case 'ExpectAlert':
      return `expect ${x.negated ? 'no ' : ''}alert ${x.alert.name}`;
  }
}
