/**
 * The grammar of the `.health` rule language, as one Chevrotain parser.
 *
 * It builds a concrete syntax tree only; `build.ts` turns an error-free one
 * into the AST. Keeping semantic actions out of the grammar means error
 * recovery can leave holes in the tree without anything here tripping on
 * them. The parser instance is created once and reused: building it runs the
 * grammar analysis, which costs far more than parsing a file. For the same
 * reason each `OR`'s alternatives are built once, as a field beside its rule,
 * rather than on every call.
 */
import {
  CstParser,
  EOF,
  tokenMatcher,
  type CstNode,
  type IOrAlt,
  type IToken,
  type TokenType,
} from 'chevrotain';
import { error, type Diagnostic } from '../diagnostics.js';
import {
  AdditiveOp,
  allTokens,
  Arrow,
  At,
  Colon,
  Comma,
  ComparisonOp,
  DurationToken,
  Equals,
  Identifier,
  Keywords as Kw,
  LCurly,
  LParen,
  Minus,
  MultiplicativeOp,
  NumberToken,
  PercentToken,
  RCurly,
  RParen,
  StringToken,
  tokenRange,
} from '../lexer.js';
import { messages } from './messages.js';

/** The Chevrotain parser of `.health` files; use the shared `healthParser`. */
export class HealthParser extends CstParser {
  /**
   * Syntax errors the grammar itself accepts but the language does not
   * (a `metric` outside a group, `else` not last). Reset by `reset()`.
   */
  notes: Diagnostic[] = [];

  constructor() {
    super(allTokens, {
      recoveryEnabled: true,
      errorMessageProvider: messages,
    });
    this.performSelfAnalysis();
  }

  /**
   * Recovery may pretend a missing token was there (`healthy 80 green` reads
   * as `healthy from 80 green`), but not a keyword in place of a name: a name
   * where a keyword belongs is far more often a misspelling of it (`alert a
   * severe when …`), better skipped than read as the start of what follows.
   */
  override canTokenTypeBeInsertedInRecovery(type: TokenType): boolean {
    return !type.name.startsWith('Kw_') || this.LA(1).tokenType !== Identifier;
  }

  /** Clears the state of the previous parse. */
  override reset(): void {
    super.reset();
    this.notes = [];
  }

  // scorecard := "scorecard" STRING "{" declaration* "}"
  scorecard = this.RULE('scorecard', () => {
    this.CONSUME(Kw.scorecard, { LABEL: 'keyword' });
    this.CONSUME(StringToken, { LABEL: 'title' });
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.declaration, { LABEL: 'body' }));
    this.CONSUME(RCurly, { LABEL: 'close' });
  });

  // declaration := staleAfter | minCoverage | signal | group | bands
  //              | override | alert | test
  // A `metric` is parsed here too, only to say that it belongs in a group.
  private readonly declarationAlts: IOrAlt<unknown>[] = [
    { ALT: () => this.SUBRULE(this.staleAfter) },
    { ALT: () => this.SUBRULE(this.minCoverage) },
    { ALT: () => this.SUBRULE(this.signal) },
    { ALT: () => this.SUBRULE(this.group) },
    {
      ALT: () => {
        const metric = this.SUBRULE(this.metric);
        this.ACTION(() => this.noteMisplacedMetric(metric));
      },
    },
    { ALT: () => this.SUBRULE(this.bands) },
    { ALT: () => this.SUBRULE(this.override) },
    { ALT: () => this.SUBRULE(this.alert) },
    { ALT: () => this.SUBRULE(this.test) },
  ];

  declaration = this.RULE('declaration', () => {
    this.OR(this.declarationAlts);
  });

  // staleAfter := "stale_after" DURATION
  staleAfter = this.RULE('staleAfter', () => {
    this.CONSUME(Kw.stale_after, { LABEL: 'keyword' });
    this.CONSUME(DurationToken, { LABEL: 'duration' });
  });

  // minCoverage := "min_coverage" NUMBER
  minCoverage = this.RULE('minCoverage', () => {
    this.CONSUME(Kw.min_coverage, { LABEL: 'keyword' });
    this.SUBRULE(this.numberLiteral, { LABEL: 'value' });
  });

  // signal := "signal" NAME ":" ("number" | "boolean" | "text") ["max_age" DURATION]
  signal = this.RULE('signal', () => {
    this.CONSUME(Kw.signal, { LABEL: 'keyword' });
    this.CONSUME(Identifier, { LABEL: 'name' });
    this.CONSUME(Colon);
    this.SUBRULE(this.signalType, { LABEL: 'type' });
    this.OPTION(() => {
      this.CONSUME(Kw.max_age);
      this.CONSUME(DurationToken, { LABEL: 'maxAge' });
    });
  });

  private readonly signalTypeAlts: IOrAlt<unknown>[] = [
    { ALT: () => this.CONSUME(Kw.number, { LABEL: 'type' }) },
    { ALT: () => this.CONSUME(Kw.boolean, { LABEL: 'type' }) },
    { ALT: () => this.CONSUME(Kw.text, { LABEL: 'type' }) },
  ];

  signalType = this.RULE('signalType', () => {
    this.OR(this.signalTypeAlts);
  });

  // group := "group" NAME "weight" NUMBER "{" metric* "}"
  group = this.RULE('group', () => {
    this.CONSUME(Kw.group, { LABEL: 'keyword' });
    this.CONSUME(Identifier, { LABEL: 'name' });
    this.CONSUME(Kw.weight);
    this.SUBRULE(this.numberLiteral, { LABEL: 'weight' });
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.metric, { LABEL: 'metrics' }));
    this.CONSUME(RCurly, { LABEL: 'close' });
  });

  // metric := "metric" NAME "weight" NUMBER "=" expr scoring ["missing" "->" NUMBER]
  metric = this.RULE('metric', () => {
    this.CONSUME(Kw.metric, { LABEL: 'keyword' });
    this.CONSUME(Identifier, { LABEL: 'name' });
    this.CONSUME(Kw.weight);
    this.SUBRULE(this.numberLiteral, { LABEL: 'weight' });
    this.CONSUME(Equals);
    this.SUBRULE(this.expr);
    this.SUBRULE(this.scoring);
    this.OPTION(() => {
      this.CONSUME(Kw.missing);
      this.CONSUME(Arrow);
      this.SUBRULE2(this.numberLiteral, { LABEL: 'missing' });
    });
  });

  private readonly scoringAlts: IOrAlt<unknown>[] = [
    { ALT: () => this.SUBRULE(this.linear) },
    { ALT: () => this.SUBRULE(this.steps) },
    { ALT: () => this.SUBRULE(this.map) },
  ];

  scoring = this.RULE('scoring', () => {
    this.OR(this.scoringAlts);
  });

  // linear := "linear" "{" [point ("," point)* [","]] "}"
  // Lists in braces may be empty here: the checker says how many items each
  // needs (HR104, HR106), which reads better than a syntax error.
  linear = this.RULE('linear', () => {
    this.CONSUME(Kw.linear, { LABEL: 'keyword' });
    this.CONSUME(LCurly);
    this.OPTION(() => {
      this.SUBRULE(this.linearPoint, { LABEL: 'points' });
      this.MANY(() => {
        this.CONSUME(Comma);
        this.SUBRULE2(this.linearPoint, { LABEL: 'points' });
      });
      this.OPTION2(() => this.CONSUME2(Comma));
    });
    this.CONSUME(RCurly, { LABEL: 'close' });
  });

  // point := NUMBER "->" NUMBER
  linearPoint = this.RULE('linearPoint', () => {
    this.SUBRULE(this.numberLiteral, { LABEL: 'x' });
    this.CONSUME(Arrow);
    this.SUBRULE2(this.numberLiteral, { LABEL: 'y' });
  });

  // steps := "steps" "{" [stepItem ("," stepItem)* [","]] "}", `else` last
  steps = this.RULE('steps', () => {
    const items: CstNode[] = [];
    this.CONSUME(Kw.steps, { LABEL: 'keyword' });
    this.CONSUME(LCurly);
    this.OPTION(() => {
      items.push(this.SUBRULE(this.stepItem, { LABEL: 'items' }));
      this.MANY(() => {
        this.CONSUME(Comma);
        items.push(this.SUBRULE2(this.stepItem, { LABEL: 'items' }));
      });
      this.OPTION2(() => this.CONSUME2(Comma));
    });
    const close = this.CONSUME(RCurly, { LABEL: 'close' });
    this.ACTION(() => this.noteElsePlacement(items, close, 'steps', true));
  });

  // stepItem := OP literal "->" NUMBER | "else" "->" NUMBER
  private readonly stepItemAlts: IOrAlt<unknown>[] = [
    { ALT: () => this.SUBRULE(this.elseBranch) },
    {
      ALT: () => {
        this.CONSUME(ComparisonOp, { LABEL: 'op' });
        this.SUBRULE(this.literal, { LABEL: 'x' });
        this.CONSUME(Arrow);
        this.SUBRULE(this.numberLiteral, { LABEL: 'y' });
      },
    },
  ];

  stepItem = this.RULE('stepItem', () => {
    this.OR(this.stepItemAlts);
  });

  // map := "map" "{" [mapItem ("," mapItem)* [","]] "}", an `else` last
  map = this.RULE('map', () => {
    const items: CstNode[] = [];
    this.CONSUME(Kw.map, { LABEL: 'keyword' });
    this.CONSUME(LCurly);
    this.OPTION(() => {
      items.push(this.SUBRULE(this.mapItem, { LABEL: 'items' }));
      this.MANY(() => {
        this.CONSUME(Comma);
        items.push(this.SUBRULE2(this.mapItem, { LABEL: 'items' }));
      });
      this.OPTION2(() => this.CONSUME2(Comma));
    });
    const close = this.CONSUME(RCurly, { LABEL: 'close' });
    this.ACTION(() => this.noteElsePlacement(items, close, 'map', false));
  });

  // mapItem := literal "->" NUMBER | "else" "->" NUMBER
  private readonly mapItemAlts: IOrAlt<unknown>[] = [
    { ALT: () => this.SUBRULE(this.elseBranch) },
    {
      ALT: () => {
        this.SUBRULE(this.literal, { LABEL: 'key' });
        this.CONSUME(Arrow);
        this.SUBRULE(this.numberLiteral, { LABEL: 'y' });
      },
    },
  ];

  mapItem = this.RULE('mapItem', () => {
    this.OR(this.mapItemAlts);
  });

  // elseBranch := "else" "->" NUMBER
  elseBranch = this.RULE('elseBranch', () => {
    this.CONSUME(Kw.else, { LABEL: 'keyword' });
    this.CONSUME(Arrow);
    this.SUBRULE(this.numberLiteral, { LABEL: 'y' });
  });

  // bands := "bands" "{" (NAME "from" NUMBER COLOR [STRING])* "}"
  bands = this.RULE('bands', () => {
    this.CONSUME(Kw.bands, { LABEL: 'keyword' });
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.band, { LABEL: 'bands' }));
    this.CONSUME(RCurly, { LABEL: 'close' });
  });

  band = this.RULE('band', () => {
    this.CONSUME(Identifier, { LABEL: 'name' });
    this.CONSUME(Kw.from);
    this.SUBRULE(this.numberLiteral, { LABEL: 'from' });
    this.CONSUME2(Identifier, { LABEL: 'color' });
    this.OPTION(() => this.CONSUME(StringToken, { LABEL: 'action' }));
  });

  // override := ("cap" | "floor") NAME "when" expr [STRING]
  private readonly overrideAlts: IOrAlt<unknown>[] = [
    { ALT: () => this.CONSUME(Kw.cap, { LABEL: 'keyword' }) },
    { ALT: () => this.CONSUME(Kw.floor, { LABEL: 'keyword' }) },
  ];

  override = this.RULE('override', () => {
    this.OR(this.overrideAlts);
    this.CONSUME(Identifier, { LABEL: 'band' });
    this.CONSUME(Kw.when);
    this.SUBRULE(this.expr, { LABEL: 'when' });
    this.OPTION(() => this.CONSUME(StringToken, { LABEL: 'reason' }));
  });

  // alert := "alert" NAME ["low" | "medium" | "high"] "when" expr [STRING]
  private readonly alertAlts: IOrAlt<unknown>[] = [
    { ALT: () => this.CONSUME(Kw.low, { LABEL: 'severity' }) },
    { ALT: () => this.CONSUME(Kw.medium, { LABEL: 'severity' }) },
    { ALT: () => this.CONSUME(Kw.high, { LABEL: 'severity' }) },
  ];

  alert = this.RULE('alert', () => {
    this.CONSUME(Kw.alert, { LABEL: 'keyword' });
    this.CONSUME(Identifier, { LABEL: 'name' });
    this.OPTION(() => this.OR(this.alertAlts));
    this.CONSUME(Kw.when);
    this.SUBRULE(this.expr, { LABEL: 'when' });
    this.OPTION2(() => this.CONSUME(StringToken, { LABEL: 'message' }));
  });

  // test := "test" STRING "{" given expectation* "}"
  test = this.RULE('test', () => {
    this.CONSUME(Kw.test, { LABEL: 'keyword' });
    this.CONSUME(StringToken, { LABEL: 'name' });
    this.CONSUME(LCurly);
    this.SUBRULE(this.given);
    this.MANY(() => this.SUBRULE(this.expectation, { LABEL: 'expects' }));
    this.CONSUME(RCurly, { LABEL: 'close' });
  });

  // given := "given" "{" (NAME "=" literal ["@" "-" DURATION])* "}"
  given = this.RULE('given', () => {
    this.CONSUME(Kw.given, { LABEL: 'keyword' });
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.assign, { LABEL: 'assigns' }));
    this.CONSUME(RCurly, { LABEL: 'close' });
  });

  assign = this.RULE('assign', () => {
    this.CONSUME(Identifier, { LABEL: 'signal' });
    this.CONSUME(Equals);
    this.SUBRULE(this.literal, { LABEL: 'value' });
    this.OPTION(() => {
      this.CONSUME(At);
      this.CONSUME(Minus, { LABEL: 'minus' });
      this.CONSUME(DurationToken, { LABEL: 'ago' });
    });
  });

  // expectation := "expect" ( "band" NAME | "score" OP NUMBER
  //   | "status" "insufficient_data" | "alert" NAME | "no" "alert" NAME )
  private readonly expectationAlts: IOrAlt<unknown>[] = [
    {
      ALT: () => {
        this.CONSUME(Kw.band, { LABEL: 'band' });
        this.CONSUME(Identifier, { LABEL: 'name' });
      },
    },
    {
      ALT: () => {
        this.CONSUME(Kw.score, { LABEL: 'score' });
        this.CONSUME(ComparisonOp, { LABEL: 'op' });
        this.SUBRULE(this.numberLiteral, { LABEL: 'value' });
      },
    },
    {
      ALT: () => {
        this.CONSUME(Kw.status, { LABEL: 'status' });
        this.CONSUME(Kw.insufficient_data, { LABEL: 'last' });
      },
    },
    {
      ALT: () => {
        this.CONSUME(Kw.alert, { LABEL: 'alert' });
        this.CONSUME2(Identifier, { LABEL: 'name' });
      },
    },
    {
      ALT: () => {
        this.CONSUME(Kw.no, { LABEL: 'no' });
        this.CONSUME2(Kw.alert);
        this.CONSUME3(Identifier, { LABEL: 'name' });
      },
    },
  ];

  expectation = this.RULE('expectation', () => {
    this.CONSUME(Kw.expect, { LABEL: 'keyword' });
    this.OR(this.expectationAlts);
  });

  // literal := NUMBER | STRING | "true" | "false"
  private readonly literalAlts: IOrAlt<unknown>[] = [
    { ALT: () => this.SUBRULE(this.numberLiteral) },
    { ALT: () => this.CONSUME(StringToken, { LABEL: 'string' }) },
    { ALT: () => this.CONSUME(Kw.true, { LABEL: 'boolean' }) },
    { ALT: () => this.CONSUME(Kw.false, { LABEL: 'boolean' }) },
  ];

  literal = this.RULE('literal', () => {
    this.OR(this.literalAlts);
  });

  // numberLiteral := ["-"] (NUMBER | PERCENT); the minus is folded into it.
  private readonly numberLiteralAlts: IOrAlt<unknown>[] = [
    { ALT: () => this.CONSUME(NumberToken, { LABEL: 'number' }) },
    { ALT: () => this.CONSUME(PercentToken, { LABEL: 'number' }) },
  ];

  numberLiteral = this.RULE('numberLiteral', () => {
    this.OPTION(() => this.CONSUME(Minus, { LABEL: 'minus' }));
    this.OR(this.numberLiteralAlts);
  });

  // -------------------------------------------------------------------------
  // Expressions, one rule per precedence level, lowest first. Binary levels
  // collect `operands` and `ops` in order; the builder folds them leftwards.

  // expr := and ("or" and)*
  expr = this.RULE('expr', () => {
    this.SUBRULE(this.andExpr, { LABEL: 'operands' });
    this.MANY(() => {
      this.CONSUME(Kw.or, { LABEL: 'ops' });
      this.SUBRULE2(this.andExpr, { LABEL: 'operands' });
    });
  });

  // and := not ("and" not)*
  andExpr = this.RULE('andExpr', () => {
    this.SUBRULE(this.notExpr, { LABEL: 'operands' });
    this.MANY(() => {
      this.CONSUME(Kw.and, { LABEL: 'ops' });
      this.SUBRULE2(this.notExpr, { LABEL: 'operands' });
    });
  });

  // not := "not" not | comparison
  private readonly notExprAlts: IOrAlt<unknown>[] = [
    {
      ALT: () => {
        this.CONSUME(Kw.not, { LABEL: 'op' });
        this.SUBRULE(this.notExpr, { LABEL: 'operand' });
      },
    },
    { ALT: () => this.SUBRULE(this.comparison, { LABEL: 'inner' }) },
  ];

  notExpr = this.RULE('notExpr', () => {
    this.OR(this.notExprAlts);
  });

  // comparison := additive [OP additive]. Comparisons do not chain; a
  // second operator is read anyway, so that `a < b < c` gets its own message
  // instead of a confusing one about what may follow the expression.
  comparison = this.RULE('comparison', () => {
    const ops: IToken[] = [];
    this.SUBRULE(this.additive, { LABEL: 'operands' });
    this.MANY(() => {
      ops.push(this.CONSUME(ComparisonOp, { LABEL: 'ops' }));
      this.SUBRULE2(this.additive, { LABEL: 'operands' });
    });
    this.ACTION(() => this.noteChainedComparison(ops));
  });

  // additive := multiplicative (("+" | "-") multiplicative)*
  additive = this.RULE('additive', () => {
    this.SUBRULE(this.multiplicative, { LABEL: 'operands' });
    this.MANY(() => {
      this.CONSUME(AdditiveOp, { LABEL: 'ops' });
      this.SUBRULE2(this.multiplicative, { LABEL: 'operands' });
    });
  });

  // multiplicative := unary (("*" | "/") unary)*
  multiplicative = this.RULE('multiplicative', () => {
    this.SUBRULE(this.unary, { LABEL: 'operands' });
    this.MANY(() => {
      this.CONSUME(MultiplicativeOp, { LABEL: 'ops' });
      this.SUBRULE2(this.unary, { LABEL: 'operands' });
    });
  });

  // unary := "-" unary | primary
  private readonly unaryAlts: IOrAlt<unknown>[] = [
    {
      ALT: () => {
        this.CONSUME(Minus, { LABEL: 'op' });
        this.SUBRULE(this.unary, { LABEL: 'operand' });
      },
    },
    { ALT: () => this.SUBRULE(this.primary, { LABEL: 'inner' }) },
  ];

  unary = this.RULE('unary', () => {
    this.OR(this.unaryAlts);
  });

  // primary := NUMBER | PERCENT | STRING | "true" | "false" | DURATION
  //          | NAME "(" [expr ("," expr)*] ")" | NAME | "(" expr ")"
  private readonly primaryAlts: IOrAlt<unknown>[] = [
    { ALT: () => this.CONSUME(NumberToken, { LABEL: 'number' }) },
    { ALT: () => this.CONSUME(PercentToken, { LABEL: 'number' }) },
    { ALT: () => this.CONSUME(StringToken, { LABEL: 'string' }) },
    { ALT: () => this.CONSUME(Kw.true, { LABEL: 'boolean' }) },
    { ALT: () => this.CONSUME(Kw.false, { LABEL: 'boolean' }) },
    { ALT: () => this.CONSUME(DurationToken, { LABEL: 'duration' }) },
    {
      ALT: () => {
        this.CONSUME(Identifier, { LABEL: 'name' });
        this.OPTION(() => {
          this.CONSUME(LParen, { LABEL: 'call' });
          this.OPTION2(() => {
            this.SUBRULE(this.expr, { LABEL: 'args' });
            this.MANY(() => {
              this.CONSUME(Comma);
              this.SUBRULE2(this.expr, { LABEL: 'args' });
            });
          });
          this.CONSUME(RParen, { LABEL: 'close' });
        });
      },
    },
    {
      ALT: () => {
        this.CONSUME2(LParen, { LABEL: 'open' });
        this.SUBRULE3(this.expr, { LABEL: 'inner' });
        this.CONSUME2(RParen, { LABEL: 'close' });
      },
    },
  ];

  primary = this.RULE('primary', () => {
    this.OR(this.primaryAlts);
  });

  // -------------------------------------------------------------------------
  // Checks the grammar leaves to actions: they only record diagnostics, so
  // a tree left incomplete by error recovery cannot make them fail.

  private noteMisplacedMetric(metric: CstNode): void {
    const keyword = metric.children.keyword?.[0] as IToken | undefined;
    if (!keyword || keyword.isInsertedInRecovery) return;
    const message = 'a `metric` must be declared inside a `group { … }` block';
    this.notes.push(error('HR001', message, tokenRange(keyword)));
  }

  private noteChainedComparison(ops: IToken[]): void {
    const second = ops[1];
    if (!second || second.isInsertedInRecovery) return;
    const message =
      `comparisons cannot be chained: found a second \`${second.image}\`; ` +
      'join two comparisons with `and`';
    this.notes.push(error('HR001', message, tokenRange(second)));
  }

  // `else` is required and last in `steps`, optional but last in `map`.
  private noteElsePlacement(
    items: CstNode[],
    close: IToken,
    block: 'steps' | 'map',
    required: boolean,
  ): void {
    const elseAt = items.findIndex((item) => item.children.elseBranch !== undefined);
    if (elseAt === -1) {
      // A `}` that recovery made up has no place in the file to point at.
      if (!required || close.tokenType !== RCurly || close.isInsertedInRecovery) return;
      const message = `expected \`else -> N\` as the last step of \`${block}\` but found \`}\``;
      this.notes.push(error('HR001', message, tokenRange(close)));
      return;
    }
    const after = items[elseAt + 1];
    const first = after && firstToken(after);
    if (!first) return;
    const what = block === 'steps' ? 'step' : 'entry';
    const message =
      `expected \`else -> N\` as the last ${what} of \`${block}\` ` +
      `but found another ${what} after it`;
    this.notes.push(error('HR001', message, tokenRange(first)));
  }

  // -------------------------------------------------------------------------
  // Recovery. After an error Chevrotain skips ahead to a token that may
  // follow the rule that failed. Skipping a `{` but stopping at its `}` would
  // close the wrong block, and every later line would then be reported as a
  // consequence. These two replace Chevrotain's own methods of the same names
  // (not part of its typed API) so that a skipped block is skipped whole.

  /** The type of the first token, outside skipped blocks, that may follow. */
  findReSyncTokenType(): TokenType {
    const follow = (this as unknown as RecoveryInternals).flattenFollowSet();
    let depth = this.unclosedBraces();
    for (let k = 1; ; k++) {
      const token = this.LA(k);
      if (token.tokenType === EOF) return EOF;
      if (depth === 0) {
        const match = follow.find((type) => tokenMatcher(token, type));
        if (match) return match;
      }
      depth = nesting(token, depth);
    }
  }

  /** Skips to that token; returns the skipped ones, as Chevrotain does. */
  reSyncTo(type: TokenType): IToken[] {
    const skipped: IToken[] = [];
    let depth = this.unclosedBraces();
    let next = this.LA(1);
    while (next.tokenType !== EOF && (depth > 0 || !tokenMatcher(next, type))) {
      depth = nesting(next, depth);
      next = (this as unknown as RecoveryInternals).SKIP_TOKEN();
      skipped.push(next);
    }
    return skipped.slice(0, -1);
  }

  // A rule that failed inside its own `{ … }` (a missing comma in `linear`,
  // say) owns the `}` ahead: recovery skips past it rather than stopping there.
  private unclosedBraces(): number {
    const stack = (this as unknown as RecoveryInternals).CST_STACK;
    const node = stack[stack.length - 1];
    return node ? Math.max(0, braceBalance(node)) : 0;
  }
}

// The Chevrotain internals the recovery methods above build on.
interface RecoveryInternals {
  flattenFollowSet(): TokenType[];
  SKIP_TOKEN(): IToken;
  CST_STACK: CstNode[];
}

// Opened minus closed braces in a (possibly partial) syntax tree.
function braceBalance(node: CstNode): number {
  let balance = 0;
  for (const elements of Object.values(node.children)) {
    for (const element of elements) {
      if ('children' in element) balance += braceBalance(element);
      else if (element.tokenType === LCurly) balance++;
      else if (element.tokenType === RCurly) balance--;
    }
  }
  return balance;
}

// The brace depth after skipping `token`; a `}` at depth 0 closes nothing.
function nesting(token: IToken, depth: number): number {
  if (token.tokenType === LCurly) return depth + 1;
  if (token.tokenType === RCurly && depth > 0) return depth - 1;
  return depth;
}

// The earliest token under a node, or undefined for an empty recovered node.
function firstToken(node: CstNode): IToken | undefined {
  let first: IToken | undefined;
  for (const elements of Object.values(node.children)) {
    for (const element of elements) {
      const token = 'image' in element ? element : firstToken(element);
      if (token && !Number.isNaN(token.startOffset)) {
        if (!first || token.startOffset < first.startOffset) first = token;
      }
    }
  }
  return first;
}

/** The one parser instance, reused by every `parse` call. */
export const healthParser = new HealthParser();
