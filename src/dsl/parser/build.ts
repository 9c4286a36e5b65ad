/**
 * Turns the concrete syntax tree of an error-free parse into the AST.
 *
 * It is only ever called when the lexer and parser reported nothing, so every
 * child the grammar requires is present; a missing one is a bug here and is
 * thrown as such (`parse` turns it into a diagnostic rather than crashing).
 */
import type { CstElement, CstNode, IToken } from 'chevrotain';
import type * as ast from '../ast.js';
import { tokenEnd, tokenRange, tokenStart, unquote } from '../lexer.js';

type Children = Record<string, CstElement[] | undefined>;

/** Builds the Scorecard node; comments are attached by the caller. */
export function buildScorecard(node: CstNode, comments: ast.Comment[]): ast.Scorecard {
  const c = node.children as Children;
  return {
    kind: 'Scorecard',
    title: stringLiteral(token(c, 'title')),
    body: nodes(c, 'body').map(declaration),
    comments,
    range: span(token(c, 'keyword'), token(c, 'close')),
  };
}

// ---------------------------------------------------------------------------
// Declarations

function declaration(node: CstNode): ast.Declaration {
  const c = node.children as Children;
  if (c.staleAfter) return staleAfter(child(c, 'staleAfter'));
  if (c.minCoverage) return minCoverage(child(c, 'minCoverage'));
  if (c.signal) return signal(child(c, 'signal'));
  if (c.group) return group(child(c, 'group'));
  if (c.bands) return bands(child(c, 'bands'));
  if (c.override) return override(child(c, 'override'));
  if (c.alert) return alert(child(c, 'alert'));
  if (c.test) return test(child(c, 'test'));
  // A top-level metric was reported by the parser, so no tree is built.
  throw new Error(`unexpected declaration: ${Object.keys(c).join(', ')}`);
}

function staleAfter(node: CstNode): ast.StaleAfterDecl {
  const c = node.children as Children;
  const duration = durationLiteral(token(c, 'duration'));
  return { kind: 'StaleAfter', duration, range: span(token(c, 'keyword'), duration) };
}

function minCoverage(node: CstNode): ast.MinCoverageDecl {
  const c = node.children as Children;
  const value = numberLiteral(child(c, 'value'));
  return { kind: 'MinCoverage', value, range: span(token(c, 'keyword'), value) };
}

function signal(node: CstNode): ast.SignalDecl {
  const c = node.children as Children;
  const typeToken = token(child(c, 'type').children as Children, 'type');
  const decl: ast.SignalDecl = {
    kind: 'Signal',
    name: identifier(token(c, 'name')),
    type: typeToken.image as ast.SignalType,
    typeRange: tokenRange(typeToken),
    range: span(token(c, 'keyword'), typeToken),
  };
  const maxAge = optionalToken(c, 'maxAge');
  if (maxAge) {
    decl.maxAge = durationLiteral(maxAge);
    decl.range = span(decl, decl.maxAge);
  }
  return decl;
}

function group(node: CstNode): ast.GroupDecl {
  const c = node.children as Children;
  return {
    kind: 'Group',
    name: identifier(token(c, 'name')),
    weight: numberLiteral(child(c, 'weight')),
    metrics: nodes(c, 'metrics').map(metric),
    range: span(token(c, 'keyword'), token(c, 'close')),
  };
}

function metric(node: CstNode): ast.MetricDecl {
  const c = node.children as Children;
  const scored = scoring(child(c, 'scoring'));
  const decl: ast.MetricDecl = {
    kind: 'Metric',
    name: identifier(token(c, 'name')),
    weight: numberLiteral(child(c, 'weight')),
    expr: expr(child(c, 'expr')),
    scoring: scored,
    range: span(token(c, 'keyword'), scored),
  };
  const missing = optionalChild(c, 'missing');
  if (missing) {
    decl.missing = numberLiteral(missing);
    decl.range = span(decl, decl.missing);
  }
  return decl;
}

function bands(node: CstNode): ast.BandsDecl {
  const c = node.children as Children;
  return {
    kind: 'Bands',
    bands: nodes(c, 'bands').map(band),
    range: span(token(c, 'keyword'), token(c, 'close')),
  };
}

function band(node: CstNode): ast.BandDecl {
  const c = node.children as Children;
  const decl: ast.BandDecl = {
    name: identifier(token(c, 'name')),
    from: numberLiteral(child(c, 'from')),
    color: identifier(token(c, 'color')),
    range: span(token(c, 'name'), token(c, 'color')),
  };
  const action = optionalToken(c, 'action');
  if (action) {
    decl.action = stringLiteral(action);
    decl.range = span(decl, decl.action);
  }
  return decl;
}

function override(node: CstNode): ast.OverrideDecl {
  const c = node.children as Children;
  const keyword = token(c, 'keyword');
  const when = expr(child(c, 'when'));
  const decl: ast.OverrideDecl = {
    kind: 'Override',
    type: keyword.image as 'cap' | 'floor',
    band: identifier(token(c, 'band')),
    when,
    range: span(keyword, when),
  };
  const reason = optionalToken(c, 'reason');
  if (reason) {
    decl.reason = stringLiteral(reason);
    decl.range = span(decl, decl.reason);
  }
  return decl;
}

function alert(node: CstNode): ast.AlertDecl {
  const c = node.children as Children;
  const when = expr(child(c, 'when'));
  const decl: ast.AlertDecl = {
    kind: 'Alert',
    name: identifier(token(c, 'name')),
    when,
    range: span(token(c, 'keyword'), when),
  };
  const severity = optionalToken(c, 'severity');
  if (severity) decl.severity = severity.image as ast.Severity;
  const message = optionalToken(c, 'message');
  if (message) {
    decl.message = stringLiteral(message);
    decl.range = span(decl, decl.message);
  }
  return decl;
}

function test(node: CstNode): ast.TestDecl {
  const c = node.children as Children;
  const given = child(c, 'given').children as Children;
  return {
    kind: 'Test',
    name: stringLiteral(token(c, 'name')),
    given: nodes(given, 'assigns').map(assign),
    givenRange: span(token(given, 'keyword'), token(given, 'close')),
    expects: nodes(c, 'expects').map(expectation),
    range: span(token(c, 'keyword'), token(c, 'close')),
  };
}

function assign(node: CstNode): ast.GivenAssign {
  const c = node.children as Children;
  const value = literal(child(c, 'value'));
  const decl: ast.GivenAssign = {
    signal: identifier(token(c, 'signal')),
    value,
    range: span(token(c, 'signal'), value),
  };
  const ago = optionalToken(c, 'ago');
  if (ago) {
    // The range covers `-30d`: the minus is part of how the age is written.
    const duration = durationLiteral(ago);
    decl.ago = { ...duration, range: span(token(c, 'minus'), ago) };
    decl.range = span(decl, ago);
  }
  return decl;
}

function expectation(node: CstNode): ast.Expectation {
  const c = node.children as Children;
  const start = token(c, 'keyword');
  if (c.band) {
    const band = identifier(token(c, 'name'));
    return { kind: 'ExpectBand', band, range: span(start, band) };
  }
  if (c.score) {
    const value = numberLiteral(child(c, 'value'));
    const op = token(c, 'op').image as ast.ComparisonOperator;
    return { kind: 'ExpectScore', op, value, range: span(start, value) };
  }
  if (c.status) {
    return {
      kind: 'ExpectStatus',
      status: 'insufficient_data',
      range: span(start, token(c, 'last')),
    };
  }
  const name = identifier(token(c, 'name'));
  return {
    kind: 'ExpectAlert',
    alert: name,
    negated: c.no !== undefined,
    range: span(start, name),
  };
}

// ---------------------------------------------------------------------------
// Scoring

function scoring(node: CstNode): ast.Scoring {
  const c = node.children as Children;
  if (c.linear) return linear(child(c, 'linear'));
  if (c.steps) return steps(child(c, 'steps'));
  return map(child(c, 'map'));
}

function linear(node: CstNode): ast.LinearScoring {
  const c = node.children as Children;
  const points = nodes(c, 'points').map((point): ast.LinearPoint => {
    const p = point.children as Children;
    const x = numberLiteral(child(p, 'x'));
    const y = numberLiteral(child(p, 'y'));
    return { x, y, range: span(x, y) };
  });
  return { kind: 'Linear', points, range: span(token(c, 'keyword'), token(c, 'close')) };
}

function steps(node: CstNode): ast.StepsScoring {
  const c = node.children as Children;
  const scoring: ast.StepsScoring = {
    kind: 'Steps',
    steps: [],
    range: span(token(c, 'keyword'), token(c, 'close')),
  };
  for (const item of nodes(c, 'items')) {
    const i = item.children as Children;
    if (i.elseBranch) {
      scoring.otherwise = elseBranch(child(i, 'elseBranch'));
      continue;
    }
    const op = token(i, 'op');
    const y = numberLiteral(child(i, 'y'));
    scoring.steps.push({
      op: op.image as ast.ComparisonOperator,
      x: literal(child(i, 'x')),
      y,
      range: span(op, y),
    });
  }
  return scoring;
}

function map(node: CstNode): ast.MapScoring {
  const c = node.children as Children;
  const scoring: ast.MapScoring = {
    kind: 'Map',
    entries: [],
    range: span(token(c, 'keyword'), token(c, 'close')),
  };
  for (const item of nodes(c, 'items')) {
    const i = item.children as Children;
    if (i.elseBranch) {
      scoring.otherwise = elseBranch(child(i, 'elseBranch'));
      continue;
    }
    const key = literal(child(i, 'key'));
    const y = numberLiteral(child(i, 'y'));
    scoring.entries.push({ key, y, range: span(key, y) });
  }
  return scoring;
}

function elseBranch(node: CstNode): ast.ElseBranch {
  const c = node.children as Children;
  const y = numberLiteral(child(c, 'y'));
  return { y, range: span(token(c, 'keyword'), y) };
}

// ---------------------------------------------------------------------------
// Expressions

function expr(node: CstNode): ast.Expr {
  const c = node.children as Children;
  switch (node.name) {
    case 'expr':
    case 'andExpr':
    case 'comparison':
    case 'additive':
    case 'multiplicative':
      return foldLeft(c);
    case 'notExpr':
    case 'unary':
      if (c.inner) return expr(child(c, 'inner'));
      return unaryExpr(token(c, 'op'), expr(child(c, 'operand')));
    case 'primary':
      return primary(c);
    default:
      throw new Error(`unexpected expression node ${node.name}`);
  }
}

// `a op b op c` is `(a op b) op c`: every binary level is left-associative.
// Most levels hold a single operand; they are passed through without
// allocating, since every leaf of every expression goes through all of them.
function foldLeft(c: Children): ast.Expr {
  const operands = c.operands as CstNode[] | undefined;
  const ops = c.ops as IToken[] | undefined;
  let left = expr(operands?.[0] ?? missingChild('operands'));
  if (!ops) return left;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i] as IToken;
    const right = expr(operands?.[i + 1] ?? missingChild('operands'));
    const binary: ast.BinaryExpr = {
      kind: 'Binary',
      op: op.image as ast.BinaryOperator,
      left,
      right,
      range: span(left, right),
    };
    left = binary;
  }
  return left;
}

function unaryExpr(op: IToken, operand: ast.Expr): ast.UnaryExpr {
  return {
    kind: 'Unary',
    op: op.image as ast.UnaryOperator,
    operand,
    range: span(op, operand),
  };
}

function primary(c: Children): ast.Expr {
  if (c.number) return numberFromToken(token(c, 'number'));
  if (c.string) return stringLiteral(token(c, 'string'));
  if (c.boolean) return booleanLiteral(token(c, 'boolean'));
  if (c.duration) return durationLiteral(token(c, 'duration'));
  if (c.open) {
    return {
      kind: 'Paren',
      expr: expr(child(c, 'inner')),
      range: span(token(c, 'open'), token(c, 'close')),
    };
  }
  const name = token(c, 'name');
  if (!c.call) return { kind: 'Ref', name: name.image, range: tokenRange(name) };
  return {
    kind: 'Call',
    callee: identifier(name),
    args: nodes(c, 'args').map(expr),
    range: span(name, token(c, 'close')),
  };
}

// ---------------------------------------------------------------------------
// Literals

function literal(node: CstNode): ast.Literal {
  const c = node.children as Children;
  if (c.numberLiteral) return numberLiteral(child(c, 'numberLiteral'));
  if (c.string) return stringLiteral(token(c, 'string'));
  return booleanLiteral(token(c, 'boolean'));
}

// `["-"] NUMBER`: a leading minus becomes part of the literal.
function numberLiteral(node: CstNode): ast.NumberLiteral {
  const c = node.children as Children;
  const literal = numberFromToken(token(c, 'number'));
  const minus = optionalToken(c, 'minus');
  if (!minus) return literal;
  return {
    ...literal,
    value: literal.value === 0 ? 0 : -literal.value,
    text: `-${literal.text}`,
    range: span(minus, literal),
  };
}

function numberFromToken(t: IToken): ast.NumberLiteral {
  const percent = t.image.endsWith('%');
  const value = percent ? Number(t.image.slice(0, -1)) / 100 : Number(t.image);
  return { kind: 'Number', value, text: t.image, percent, range: tokenRange(t) };
}

function durationLiteral(t: IToken): ast.DurationLiteral {
  const amount = Number(t.image.slice(0, -1));
  const days = t.image.endsWith('h') ? amount / 24 : amount;
  return { kind: 'Duration', days, text: t.image, range: tokenRange(t) };
}

function stringLiteral(t: IToken): ast.StringLiteral {
  return { kind: 'String', value: unquote(t), range: tokenRange(t) };
}

function booleanLiteral(t: IToken): ast.BooleanLiteral {
  return { kind: 'Boolean', value: t.image === 'true', range: tokenRange(t) };
}

function identifier(t: IToken): ast.Identifier {
  return { kind: 'Identifier', name: t.image, range: tokenRange(t) };
}

// ---------------------------------------------------------------------------
// Tree access

type Spanned = IToken | { range: ast.Range };

// From the start of `first` to the end of `last`.
function span(first: Spanned, last: Spanned): ast.Range {
  const start = 'range' in first ? first.range.start : tokenStart(first);
  const end = 'range' in last ? last.range.end : tokenEnd(last);
  return { start, end };
}

function token(c: Children, key: string): IToken {
  return optionalToken(c, key) ?? missingChild(key);
}

function optionalToken(c: Children, key: string): IToken | undefined {
  const element = c[key]?.[0];
  return element && 'image' in element ? element : undefined;
}

function child(c: Children, key: string): CstNode {
  return optionalChild(c, key) ?? missingChild(key);
}

function optionalChild(c: Children, key: string): CstNode | undefined {
  const element = c[key]?.[0];
  return element && 'children' in element ? element : undefined;
}

function nodes(c: Children, key: string): CstNode[] {
  return (c[key] ?? []).filter((e): e is CstNode => 'children' in e);
}

function missingChild(key: string): never {
  throw new Error(`syntax tree lacks \`${key}\``);
}
