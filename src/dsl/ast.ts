/**
 * The syntax tree of a `.health` file.
 *
 * The parser builds it, the checker reads it, the formatter prints it and the
 * compiler turns it into an evaluator. Every node carries the range of source
 * text it came from, so diagnostics and explanations can point at the file.
 *
 * Declarations are kept in source order in `Scorecard.body`: the formatter
 * must reproduce that order, and caps, floors and bands are order-sensitive.
 */

/** A point in the source. `line` and `column` count from 1; `offset` from 0. */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

/** A span of source text; `end` points just past the last character. */
export interface Range {
  start: Position;
  end: Position;
}

interface NodeBase {
  range: Range;
}

/** A name as written, e.g. a signal, group, metric, band or alert name. */
export interface Identifier extends NodeBase {
  kind: 'Identifier';
  name: string;
}

/**
 * A number literal. `value` is what it means (`25%` is 0.25, `-3` is -3);
 * `text` is how it was written, so the formatter can keep `25%` as a percent.
 */
export interface NumberLiteral extends NodeBase {
  kind: 'Number';
  value: number;
  text: string;
  percent: boolean;
}

/** A string literal with its escapes resolved. */
export interface StringLiteral extends NodeBase {
  kind: 'String';
  value: string;
}

export interface BooleanLiteral extends NodeBase {
  kind: 'Boolean';
  value: boolean;
}

/** A duration such as `30d` or `12h`; `days` is the length in days (12h is 0.5). */
export interface DurationLiteral extends NodeBase {
  kind: 'Duration';
  days: number;
  text: string;
}

export type Literal = NumberLiteral | StringLiteral | BooleanLiteral;

// ---------------------------------------------------------------------------
// Expressions

/** A reference to a declared signal. Expressions never name metrics. */
export interface SignalRef extends NodeBase {
  kind: 'Ref';
  name: string;
}

export type UnaryOperator = '-' | 'not';

export interface UnaryExpr extends NodeBase {
  kind: 'Unary';
  op: UnaryOperator;
  operand: Expr;
}

export type ArithmeticOperator = '+' | '-' | '*' | '/';
export type ComparisonOperator = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type LogicalOperator = 'and' | 'or';
export type BinaryOperator = ArithmeticOperator | ComparisonOperator | LogicalOperator;

export interface BinaryExpr extends NodeBase {
  kind: 'Binary';
  op: BinaryOperator;
  left: Expr;
  right: Expr;
}

/**
 * A function call such as `change(active_users, 30d)`. The parser accepts any
 * name and any arguments; the checker reports unknown functions and wrong
 * arguments (HR108).
 */
export interface CallExpr extends NodeBase {
  kind: 'Call';
  callee: Identifier;
  args: Expr[];
}

/** Parentheses are kept so the formatter can print them back. */
export interface ParenExpr extends NodeBase {
  kind: 'Paren';
  expr: Expr;
}

export type Expr =
  | NumberLiteral
  | StringLiteral
  | BooleanLiteral
  | DurationLiteral
  | SignalRef
  | UnaryExpr
  | BinaryExpr
  | CallExpr
  | ParenExpr;

// ---------------------------------------------------------------------------
// Scoring curves

/** `x -> y` inside `linear { … }`. */
export interface LinearPoint extends NodeBase {
  x: NumberLiteral;
  y: NumberLiteral;
}

export interface LinearScoring extends NodeBase {
  kind: 'Linear';
  points: LinearPoint[];
}

/** `OP x -> y` inside `steps { … }`. */
export interface Step extends NodeBase {
  op: ComparisonOperator;
  x: NumberLiteral | StringLiteral | BooleanLiteral;
  y: NumberLiteral;
}

/** The closing `else -> y` of `steps` or `map`. */
export interface ElseBranch extends NodeBase {
  y: NumberLiteral;
}

export interface StepsScoring extends NodeBase {
  kind: 'Steps';
  steps: Step[];
  /** Required by the language; absent only after a syntax error. */
  otherwise?: ElseBranch;
}

/** `KEY -> y` inside `map { … }`. */
export interface MapEntry extends NodeBase {
  key: StringLiteral | BooleanLiteral | NumberLiteral;
  y: NumberLiteral;
}

export interface MapScoring extends NodeBase {
  kind: 'Map';
  entries: MapEntry[];
  otherwise?: ElseBranch;
}

export type Scoring = LinearScoring | StepsScoring | MapScoring;

// ---------------------------------------------------------------------------
// Declarations

export interface StaleAfterDecl extends NodeBase {
  kind: 'StaleAfter';
  duration: DurationLiteral;
}

export interface MinCoverageDecl extends NodeBase {
  kind: 'MinCoverage';
  value: NumberLiteral;
}

export type SignalType = 'number' | 'boolean' | 'text';

export interface SignalDecl extends NodeBase {
  kind: 'Signal';
  name: Identifier;
  type: SignalType;
  typeRange: Range;
  maxAge?: DurationLiteral;
}

export interface MetricDecl extends NodeBase {
  kind: 'Metric';
  name: Identifier;
  weight: NumberLiteral;
  expr: Expr;
  scoring: Scoring;
  /** `missing -> N`: the score given when the metric has no value. */
  missing?: NumberLiteral;
}

export interface GroupDecl extends NodeBase {
  kind: 'Group';
  name: Identifier;
  weight: NumberLiteral;
  metrics: MetricDecl[];
}

export const BAND_COLORS = ['green', 'yellow', 'orange', 'red', 'blue', 'gray'] as const;
export type BandColor = (typeof BAND_COLORS)[number];

export interface BandDecl extends NodeBase {
  name: Identifier;
  from: NumberLiteral;
  /** The color as written; the checker reports a color outside BAND_COLORS. */
  color: Identifier;
  action?: StringLiteral;
}

export interface BandsDecl extends NodeBase {
  kind: 'Bands';
  bands: BandDecl[];
}

/** `cap BAND when COND` or `floor BAND when COND`. */
export interface OverrideDecl extends NodeBase {
  kind: 'Override';
  type: 'cap' | 'floor';
  band: Identifier;
  when: Expr;
  reason?: StringLiteral;
}

export type Severity = 'low' | 'medium' | 'high';

export interface AlertDecl extends NodeBase {
  kind: 'Alert';
  name: Identifier;
  /** Absent when not written; the language's default is `medium`. */
  severity?: Severity;
  when: Expr;
  message?: StringLiteral;
}

/** `signal = literal [@ -DURATION]` inside a test's `given` block. */
export interface GivenAssign extends NodeBase {
  signal: Identifier;
  value: Literal;
  /** How long before the test's as-of the observation was made. */
  ago?: DurationLiteral;
}

export interface ExpectBand extends NodeBase {
  kind: 'ExpectBand';
  band: Identifier;
}

export interface ExpectScore extends NodeBase {
  kind: 'ExpectScore';
  op: ComparisonOperator;
  value: NumberLiteral;
}

export interface ExpectStatus extends NodeBase {
  kind: 'ExpectStatus';
  status: 'insufficient_data';
}

/** `expect alert NAME` (`negated: false`) or `expect no alert NAME`. */
export interface ExpectAlert extends NodeBase {
  kind: 'ExpectAlert';
  alert: Identifier;
  negated: boolean;
}

export type Expectation = ExpectBand | ExpectScore | ExpectStatus | ExpectAlert;

export interface TestDecl extends NodeBase {
  kind: 'Test';
  name: StringLiteral;
  given: GivenAssign[];
  givenRange: Range;
  expects: Expectation[];
}

export type Declaration =
  | StaleAfterDecl
  | MinCoverageDecl
  | SignalDecl
  | GroupDecl
  | BandsDecl
  | OverrideDecl
  | AlertDecl
  | TestDecl;

/** A `# …` comment; the formatter puts it back where it was. */
export interface Comment extends NodeBase {
  text: string;
}

/** The root: `scorecard "Title" { … }`. */
export interface Scorecard extends NodeBase {
  kind: 'Scorecard';
  title: StringLiteral;
  body: Declaration[];
  /** All comments of the file, in source order. */
  comments: Comment[];
}

// ---------------------------------------------------------------------------
// Accessors: declarations of one kind, in source order.

export function signalsOf(card: Scorecard): SignalDecl[] {
  return card.body.filter((d): d is SignalDecl => d.kind === 'Signal');
}

export function groupsOf(card: Scorecard): GroupDecl[] {
  return card.body.filter((d): d is GroupDecl => d.kind === 'Group');
}

/** Every metric of every group, in source order. */
export function metricsOf(card: Scorecard): MetricDecl[] {
  return groupsOf(card).flatMap((g) => g.metrics);
}

/** The first `bands` block; a second one is a duplicate the checker reports. */
export function bandsOf(card: Scorecard): BandDecl[] {
  const decl = card.body.find((d): d is BandsDecl => d.kind === 'Bands');
  return decl ? decl.bands : [];
}

export function overridesOf(card: Scorecard): OverrideDecl[] {
  return card.body.filter((d): d is OverrideDecl => d.kind === 'Override');
}

export function alertsOf(card: Scorecard): AlertDecl[] {
  return card.body.filter((d): d is AlertDecl => d.kind === 'Alert');
}

export function testsOf(card: Scorecard): TestDecl[] {
  return card.body.filter((d): d is TestDecl => d.kind === 'Test');
}

/** The first `stale_after` setting, if any (a repeated one is reported). */
export function staleAfterOf(card: Scorecard): DurationLiteral | undefined {
  const decl = card.body.find((d): d is StaleAfterDecl => d.kind === 'StaleAfter');
  return decl?.duration;
}

export function minCoverageOf(card: Scorecard): NumberLiteral | undefined {
  const decl = card.body.find((d): d is MinCoverageDecl => d.kind === 'MinCoverage');
  return decl?.value;
}
