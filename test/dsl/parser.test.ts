import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type * as ast from '../../src/dsl/ast.js';
import { MAX_DIAGNOSTICS } from '../../src/dsl/diagnostics.js';
import { parse } from '../../src/dsl/parser.js';

const fixture = readFileSync(new URL('../fixtures/spec-example.health', import.meta.url), 'utf8');

// ---------------------------------------------------------------------------
// Harness

/** Parses a source that must have no syntax errors and returns its tree. */
function parseOk(source: string): ast.Scorecard {
  const result = parse(source);
  expect(result.diagnostics).toEqual([]);
  expect(result.scorecard).toBeDefined();
  return result.scorecard as ast.Scorecard;
}

/** The syntax errors of a source as `LINE:COL message`, and checks none slipped through. */
function syntaxErrors(source: string): string[] {
  const result = parse(source);
  expect(result.scorecard).toBeUndefined();
  for (const d of result.diagnostics) {
    expect(d.code).toBe('HR001');
    expect(d.severity).toBe('error');
  }
  return result.diagnostics.map(
    (d) => `${d.range.start.line}:${d.range.start.column} ${d.message}`,
  );
}

/** Wraps declarations in a scorecard, so one-line cases stay short. */
function card(body: string): string {
  return `scorecard "t" {\n${body}\n}\n`;
}

/** The only declaration of a one-declaration scorecard. */
function only(body: string): ast.Declaration {
  const decls = parseOk(card(body)).body;
  expect(decls).toHaveLength(1);
  return decls[0] as ast.Declaration;
}

/** The expression of `alert a when EXPR`. */
function exprOf(source: string): ast.Expr {
  return (only(`alert a when ${source}`) as ast.AlertDecl).when;
}

/** An expression without ranges, as a compact S-expression. */
function show(e: ast.Expr): string {
  switch (e.kind) {
    case 'Number':
      return e.text;
    case 'String':
      return JSON.stringify(e.value);
    case 'Boolean':
      return String(e.value);
    case 'Duration':
      return e.text;
    case 'Ref':
      return e.name;
    case 'Unary':
      return `(${e.op} ${show(e.operand)})`;
    case 'Binary':
      return `(${e.op} ${show(e.left)} ${show(e.right)})`;
    case 'Call':
      return `${e.callee.name}[${e.args.map(show).join(' ')}]`;
    case 'Paren':
      return `{${show(e.expr)}}`;
  }
}

function num(n: ast.NumberLiteral): [number, string, boolean] {
  return [n.value, n.text, n.percent];
}

function where(range: ast.Range): string {
  const { start, end } = range;
  return `${start.line}:${start.column}(${start.offset})-${end.line}:${end.column}(${end.offset})`;
}

// ---------------------------------------------------------------------------
// The example of the product contract

describe('parse on the SPEC example', () => {
  const tree = parseOk(fixture);
  const groups = tree.body.filter((d): d is ast.GroupDecl => d.kind === 'Group');
  const metric = (name: string): ast.MetricDecl => {
    const found = groups.flatMap((g) => g.metrics).find((m) => m.name.name === name);
    if (!found) throw new Error(`no metric ${name}`);
    return found;
  };

  it('keeps the title and every declaration in source order', () => {
    expect(tree.title.value).toBe('Default B2B health');
    expect(tree.body.map((d) => d.kind)).toEqual([
      'StaleAfter',
      'MinCoverage',
      ...Array(7).fill('Signal'),
      ...Array(4).fill('Group'),
      'Bands',
      'Override',
      ...Array(3).fill('Alert'),
      'Test',
    ]);
  });

  it('reads stale_after as days and min_coverage as a percent', () => {
    const [stale, coverage] = tree.body as [ast.StaleAfterDecl, ast.MinCoverageDecl];
    expect([stale.duration.days, stale.duration.text]).toEqual([90, '90d']);
    expect(num(coverage.value)).toEqual([0.5, '50%', true]);
  });

  it('reads signals with their types and optional max_age', () => {
    const signals = tree.body.filter((d): d is ast.SignalDecl => d.kind === 'Signal');
    expect(signals.map((s) => [s.name.name, s.type, s.maxAge?.days])).toEqual([
      ['seats', 'number', undefined],
      ['active_users', 'number', 14],
      ['onboarding_done', 'boolean', undefined],
      ['days_to_value', 'number', undefined],
      ['nps', 'number', 180],
      ['csat', 'number', 90],
      ['milestones_missed', 'number', undefined],
    ]);
  });

  it('reads groups with their weights and metrics', () => {
    expect(
      groups.map((g) => [g.name.name, g.weight.value, g.metrics.map((m) => m.name.name)]),
    ).toEqual([
      ['onboarding', 20, ['setup', 'time_value']],
      ['usage', 40, ['activation', 'trend']],
      ['sentiment', 25, ['nps', 'csat']],
      ['outcomes', 15, ['milestones']],
    ]);
  });

  it('reads the steps of time_value with their else branch', () => {
    const m = metric('time_value');
    expect(m.weight.value).toBe(2);
    expect(show(m.expr)).toBe('days_to_value');
    const scoring = m.scoring as ast.StepsScoring;
    expect(scoring.kind).toBe('Steps');
    expect(scoring.steps.map((s) => [s.op, show(s.x), s.y.value])).toEqual([
      ['<=', '7', 100],
      ['<=', '30', 60],
    ]);
    expect(scoring.otherwise?.y.value).toBe(20);
    expect(m.missing).toBeUndefined();
  });

  it('reads a map with boolean keys', () => {
    const scoring = metric('setup').scoring as ast.MapScoring;
    expect(scoring.kind).toBe('Map');
    expect(scoring.entries.map((e) => [e.key.kind, e.key.value, e.y.value])).toEqual([
      ['Boolean', true, 100],
      ['Boolean', false, 0],
    ]);
    expect(scoring.otherwise).toBeUndefined();
  });

  it('reads the change() call, negative percent points and missing -> N of trend', () => {
    const m = metric('trend');
    expect(m.expr.kind).toBe('Call');
    const call = m.expr as ast.CallExpr;
    expect(call.callee.name).toBe('change');
    expect(call.args.map((a) => a.kind)).toEqual(['Ref', 'Duration']);
    expect((call.args[1] as ast.DurationLiteral).days).toBe(30);
    const points = (m.scoring as ast.LinearScoring).points;
    expect(points.map((p) => [...num(p.x), p.y.value])).toEqual([
      [-0.5, '-50%', true, 0],
      [0, '0', false, 60],
      [0.2, '20%', true, 100],
    ]);
    expect(m.missing && num(m.missing)).toEqual([50, '50', false]);
  });

  it('reads a division and a linear curve that starts below zero', () => {
    expect(show(metric('activation').expr)).toBe('(/ active_users seats)');
    const points = (metric('nps').scoring as ast.LinearScoring).points;
    expect(points.map((p) => [p.x.value, p.y.value])).toEqual([
      [-100, 0],
      [0, 50],
      [100, 100],
    ]);
  });

  it('reads the bands with colors and actions', () => {
    const bands = (tree.body.find((d) => d.kind === 'Bands') as ast.BandsDecl).bands;
    expect(bands.map((b) => [b.name.name, b.from.value, b.color.name, b.action?.value])).toEqual([
      ['healthy', 80, 'green', 'Shift the conversation toward expansion'],
      ['stable', 60, 'yellow', 'Find the friction; share best practices'],
      ['at_risk', 40, 'orange', "Recovery plan tied to the customer's goals"],
      ['critical', 0, 'red', 'Escalate internally and act now'],
    ]);
  });

  it('reads the cap with its condition and reason', () => {
    const cap = tree.body.find((d) => d.kind === 'Override') as ast.OverrideDecl;
    expect([cap.type, cap.band.name, show(cap.when), cap.reason?.value]).toEqual([
      'cap',
      'at_risk',
      '(< nps 0)',
      'Detractors are at most at risk',
    ]);
    expect(where(cap.range)).toBe('43:3(1458)-43:60(1515)');
  });

  it('reads alerts with severity, condition and message', () => {
    const alerts = tree.body.filter((d): d is ast.AlertDecl => d.kind === 'Alert');
    expect(alerts.map((a) => [a.name.name, a.severity, show(a.when), a.message?.value])).toEqual([
      [
        'usage_dip',
        'high',
        '(< change[active_users 30d] (- 25%))',
        'Usage fell by a quarter in 30 days',
      ],
      ['missed_milestone', 'medium', '(> milestones_missed 0)', 'A milestone was missed'],
      ['negative_feedback', 'high', '(<= csat 2)', 'Recent CSAT of 2 or less'],
    ]);
  });

  it('reads the test block, its given values with @ -30d, and its expectations', () => {
    const test = tree.body.find((d) => d.kind === 'Test') as ast.TestDecl;
    expect(test.name.value).toBe('an engaged promoter is healthy');
    expect(test.given.map((g) => [g.signal.name, g.value.value, g.ago?.days])).toEqual([
      ['seats', 10, undefined],
      ['active_users', 9, undefined],
      ['active_users', 8, 30],
      ['onboarding_done', true, undefined],
      ['days_to_value', 5, undefined],
      ['nps', 60, undefined],
      ['csat', 5, undefined],
      ['milestones_missed', 0, undefined],
    ]);
    expect(test.expects).toEqual([
      expect.objectContaining({
        kind: 'ExpectBand',
        band: expect.objectContaining({ name: 'healthy' }),
      }),
      expect.objectContaining({
        kind: 'ExpectScore',
        op: '>=',
        value: expect.objectContaining({ value: 85 }),
      }),
      expect.objectContaining({
        kind: 'ExpectAlert',
        negated: true,
        alert: expect.objectContaining({ name: 'usage_dip' }),
      }),
    ]);
  });

  it('gives nodes ranges from their first character to just past their last', () => {
    const test = tree.body.find((d) => d.kind === 'Test') as ast.TestDecl;
    const ago = test.given[2] as ast.GivenAssign;
    expect(where(tree.range)).toBe('2:1(34)-56:2(2107)');
    expect(where(metric('time_value').range)).toBe('16:5(520)-16:98(613)');
    expect(where(metric('trend').expr.range)).toBe('22:29(765)-22:54(790)');
    expect(where(ago.range)).toBe('50:43(1902)-50:66(1925)');
    expect(where((ago.ago as ast.DurationLiteral).range)).toBe('50:62(1921)-50:66(1925)');
    expect(where(test.givenRange)).toBe('50:5(1864)-51:75(2024)');
    // The trend metric ends with its `missing -> 50`, on a later line.
    expect(where(metric('trend').range)).toMatch(/^22:5\(\d+\)-24:20\(\d+\)$/);
  });

  it('collects the comment with its text and range', () => {
    expect(tree.comments.map((c) => [c.text, where(c.range)])).toEqual([
      ['# B2B health, reviewed quarterly.', '1:1(0)-1:34(33)'],
    ]);
  });
});

// ---------------------------------------------------------------------------
// Constructs the example does not show

describe('parse on single declarations', () => {
  it('leaves an alert severity undefined when it is not written', () => {
    const alert = only('alert quiet when x > 1') as ast.AlertDecl;
    expect(alert.severity).toBeUndefined();
    expect(alert.message).toBeUndefined();
    expect(where(alert.range)).toBe('2:1(16)-2:23(38)');
  });

  it('reads a floor without a reason', () => {
    const floor = only('floor stable when present(nps)') as ast.OverrideDecl;
    expect([floor.type, floor.band.name, show(floor.when), floor.reason]).toEqual([
      'floor',
      'stable',
      'present[nps]',
      undefined,
    ]);
  });

  it('folds a leading minus into weights, x values, y values and band thresholds', () => {
    const group = only('group g weight -2 { metric m weight - 1 = x linear { -3 -> -1 } }');
    const g = group as ast.GroupDecl;
    const m = g.metrics[0] as ast.MetricDecl;
    expect(num(g.weight)).toEqual([-2, '-2', false]);
    expect(num(m.weight)).toEqual([-1, '-1', false]);
    const point = (m.scoring as ast.LinearScoring).points[0] as ast.LinearPoint;
    expect([point.x.value, point.y.value]).toEqual([-3, -1]);
    expect(where(g.weight.range)).toBe('2:16(31)-2:18(33)');
    const bands = only('bands { low_band from -5 red }') as ast.BandsDecl;
    expect(num((bands.bands[0] as ast.BandDecl).from)).toEqual([-5, '-5', false]);
  });

  it('accepts a trailing comma and a string or number map key with an else', () => {
    const group = only(
      'group g weight 1 { metric m weight 1 = plan map { "pro" -> 100, 3 -> 5, else -> 0, } }',
    ) as ast.GroupDecl;
    const scoring = (group.metrics[0] as ast.MetricDecl).scoring as ast.MapScoring;
    expect(scoring.entries.map((e) => [e.key.kind, e.key.value, e.y.value])).toEqual([
      ['String', 'pro', 100],
      ['Number', 3, 5],
    ]);
    expect(scoring.otherwise?.y.value).toBe(0);
  });

  it('reads durations in hours as fractions of a day', () => {
    const signal = only('signal s : text max_age 12h') as ast.SignalDecl;
    expect([signal.type, signal.maxAge?.days, signal.maxAge?.text]).toEqual(['text', 0.5, '12h']);
    expect(where(signal.typeRange)).toBe('2:12(27)-2:16(31)');
  });

  it('reads every kind of expectation', () => {
    const test = only(`test "all" {
  given { flag = false  plan = "pro"  dip = -12.5% @ -2h }
  expect status insufficient_data
  expect alert dip_alert
  expect score < -1
}`) as ast.TestDecl;
    expect(test.given.map((g) => [g.value.kind, g.value.value, g.ago?.days])).toEqual([
      ['Boolean', false, undefined],
      ['String', 'pro', undefined],
      ['Number', -0.125, 2 / 24],
    ]);
    expect(test.expects.map((e) => e.kind)).toEqual(['ExpectStatus', 'ExpectAlert', 'ExpectScore']);
    expect((test.expects[1] as ast.ExpectAlert).negated).toBe(false);
    expect(num((test.expects[2] as ast.ExpectScore).value)).toEqual([-1, '-1', false]);
  });

  it('reads a string right after `when` as the condition, not as the message', () => {
    const alert = only('alert a when "msg"') as ast.AlertDecl;
    expect([alert.when.kind, alert.message]).toEqual(['String', undefined]);
  });

  it('resolves string escapes', () => {
    const cap = only('cap b when x "say \\"hi\\" \\\\ bye"') as ast.OverrideDecl;
    expect(cap.reason?.value).toBe('say "hi" \\ bye');
  });

  it('accepts an empty scorecard and empty lists, leaving counts to the checker', () => {
    expect(parseOk('scorecard "empty" {}').body).toEqual([]);
    const bands = only('bands { }') as ast.BandsDecl;
    expect(bands.bands).toEqual([]);
  });
});

describe('parse on expressions', () => {
  it.each([
    ['a or b and c', '(or a (and b c))'],
    ['a and b or c', '(or (and a b) c)'],
    ['not a and b', '(and (not a) b)'],
    ['not not a < 1', '(not (not (< a 1)))'],
    ['a + b * c - d / e', '(- (+ a (* b c)) (/ d e))'],
    ['a - b - c', '(- (- a b) c)'],
    ['-a * -(b + 1)', '(* (- a) (- {(+ b 1)}))'],
    ['a + 1 >= b * 2', '(>= (+ a 1) (* b 2))'],
    ['x == "on" or y != true', '(or (== x "on") (!= y true))'],
    ['count(s, 7d) > 0 and age(s) <= 30', '(and (> count[s 7d] 0) (<= age[s] 30))'],
    ['f() == 1', '(== f[] 1)'],
    ['avg(s, 12h) / max(s, 30d) < 50%', '(< (/ avg[s 12h] max[s 30d]) 50%)'],
  ])('reads `%s` as %s', (source, expected) => {
    expect(show(exprOf(source))).toBe(expected);
  });

  it('gives binary, unary and parenthesised expressions their full range', () => {
    // `alert a when ` is 13 characters, so the expression starts at column 14.
    const e = exprOf('-(a + b) * c') as ast.BinaryExpr;
    expect(where(e.range)).toBe('2:14(29)-2:26(41)');
    expect(where(e.left.range)).toBe('2:14(29)-2:22(37)');
    expect(where((e.left as ast.UnaryExpr).operand.range)).toBe('2:15(30)-2:22(37)');
  });
});

// ---------------------------------------------------------------------------
// Syntax errors

describe('parse on broken input', () => {
  it('names a misspelled declaration keyword', () => {
    expect(syntaxErrors(card('  metrc x'))).toEqual([
      '2:3 expected a declaration (signal, group, metric, bands, cap, floor, alert, test, ' +
        'stale_after, min_coverage) but found `metrc`',
    ]);
  });

  it('reports two separate mistakes at their own lines and columns', () => {
    const source = card(
      [
        'signal a = number',
        'signal b : number',
        'group g weight 1 {',
        '  metric m weight 1 = a linear { 0 = 1, 1 -> 100 }',
        '}',
      ].join('\n'),
    );
    expect(syntaxErrors(source)).toEqual([
      '2:10 expected `:` but found `=`',
      '5:36 expected `->` but found `=`',
    ]);
  });

  it('says a number was expected where a name is found', () => {
    expect(syntaxErrors(card('group g weight abc { }'))).toEqual([
      '2:16 expected a number but found `abc`',
    ]);
  });

  it('requires else as the last step', () => {
    expect(
      syntaxErrors(card('group g weight 1 { metric m weight 1 = x steps { < 1 -> 0 } }')),
    ).toEqual(['2:59 expected `else -> N` as the last step of `steps` but found `}`']);
    expect(
      syntaxErrors(
        card('group g weight 1 { metric m weight 1 = x steps { else -> 0, < 1 -> 5 } }'),
      ),
    ).toEqual([
      '2:61 expected `else -> N` as the last step of `steps` but found another step after it',
    ]);
  });

  it('requires a map else to come last', () => {
    expect(
      syntaxErrors(card('group g weight 1 { metric m weight 1 = x map { else -> 0, "a" -> 5 } }')),
    ).toEqual([
      '2:59 expected `else -> N` as the last entry of `map` but found another entry after it',
    ]);
  });

  it('says a metric belongs in a group', () => {
    expect(syntaxErrors(card('metric m weight 1 = x linear { 0 -> 0, 1 -> 100 }'))).toEqual([
      '2:1 a `metric` must be declared inside a `group { … }` block',
    ]);
  });

  it('reports end of file at the end of the source', () => {
    expect(syntaxErrors('scorecard "x" {\n  signal a : number\n')).toEqual([
      '3:1 expected `}` but found end of file',
    ]);
    expect(syntaxErrors('')).toEqual(['1:1 expected `scorecard` but found end of file']);
  });

  it('reports text after the scorecard', () => {
    expect(syntaxErrors('scorecard "x" { }\nextra')).toEqual([
      '2:1 expected end of file but found `extra`',
    ]);
  });

  it('reports unexpected characters and unterminated strings from the lexer', () => {
    expect(syntaxErrors(card('cap b when x $ 1'))).toEqual([
      '2:14 unexpected character `$`',
      '2:16 expected a declaration (signal, group, metric, bands, cap, floor, alert, test, ' +
        'stale_after, min_coverage) but found `1`',
    ]);
    expect(syntaxErrors(card('cap b when x "open\nsignal s : number'))).toEqual([
      '2:14 unterminated string',
    ]);
  });

  it('rejects escapes other than \\" and \\\\', () => {
    expect(syntaxErrors(card('cap b when x "a\\nb"'))).toEqual([
      '2:16 unknown escape `\\n` in string; only `\\"` and `\\\\` are allowed',
    ]);
  });

  it('names the choices of a signal type, a scoring and an expectation', () => {
    expect(syntaxErrors(card('signal s : numbr'))).toEqual([
      '2:12 expected a signal type (`number`, `boolean` or `text`) but found `numbr`',
    ]);
    expect(syntaxErrors(card('group g weight 1 { metric m weight 1 = x linea { } }'))).toEqual([
      '2:42 expected a scoring (`linear`, `steps` or `map`) but found `linea`',
    ]);
    expect(syntaxErrors(card('test "t" { given { } expect scor >= 1 }'))).toEqual([
      '2:29 expected `band`, `score`, `status`, `alert` or `no alert` but found `scor`',
    ]);
  });

  it('requires the minus of an @ -DURATION', () => {
    expect(syntaxErrors(card('test "t" { given { a = 1 @ 30d } }'))).toEqual([
      '2:28 expected `-` but found `30d`',
    ]);
  });

  it('reports a missing comma between linear points', () => {
    expect(
      syntaxErrors(card('group g weight 1 { metric m weight 1 = x linear { 0 -> 0 1 -> 100 } }')),
    ).toEqual(['2:58 expected `,` or `}` but found `1`']);
  });

  it('reports an unclosed steps block once, not also its missing else', () => {
    const source = card(
      'group g weight 1 {\n  metric m weight 1 = x steps { <= 7 -> 1\n  missing -> 5\n}',
    );
    expect(syntaxErrors(source)).toEqual(['4:3 expected `,` or `}` but found `missing`']);
  });

  it('says comparisons do not chain, once per chain', () => {
    expect(syntaxErrors(card('cap a when a < b < c < d "r"\nalert b when x'))).toEqual([
      '2:18 comparisons cannot be chained: found a second `<`; join two comparisons with `and`',
    ]);
  });

  it('says a keyword cannot be used as a name', () => {
    expect(syntaxErrors(card('signal score : number'))).toEqual([
      '2:8 expected a name but found `score`, which is a reserved word',
    ]);
  });

  it('says a duration was expected where a bare number is found', () => {
    expect(syntaxErrors(card('stale_after 30'))).toEqual([
      '2:13 expected a duration such as `30d` but found `30`',
    ]);
  });

  it('reports an expression that is missing', () => {
    expect(syntaxErrors(card('alert a high when'))).toEqual([
      '3:1 expected an expression but found `}`',
    ]);
  });

  // One mistake in an otherwise good file must give one error, not a cascade.
  it.each([
    ['group usage weight 40 {', 'group usage 40 {', '19:15 expected `weight` but found `40`'],
    [
      'weight 3 = active_users',
      'weight 3 active_users',
      '20:32 expected `=` but found `active_users`',
    ],
    ['missing -> 50', 'missing 50', '24:15 expected `->` but found `50`'],
    [
      'missed_milestone  medium when',
      'missed_milestone  severe when',
      '46:27 expected a severity (`low`, `medium` or `high`) or `when` but found `severe`',
    ],
    [
      'nps   linear { -100 -> 0, 0 -> 50, 100 -> 100 }',
      'nps',
      '29:5 expected a scoring (`linear`, `steps` or `map`) but found `metric`',
    ],
    [
      'expect score >= 85',
      'expect score 85',
      '53:18 expected a comparison (`<`, `<=`, `>`, `>=`, `==` or `!=`) but found `85`',
    ],
    ['healthy  from 80 green', 'healthy  80 green', '37:14 expected `from` but found `80`'],
    ['0.8 -> 100 }', '0.8 -> 100', '22:5 expected `,` or `}` but found `metric`'],
    ['30 days"', '30 days', '45:72 unterminated string'],
  ])('reports one error when `%s` becomes `%s`', (before, after, expected) => {
    expect(fixture).toContain(before);
    expect(syntaxErrors(fixture.replace(before, after))).toEqual([expected]);
  });

  it("forgets the previous file's errors, including the grammar's own notes", () => {
    expect(syntaxErrors(card('metric m weight 1 = x steps { }'))).toHaveLength(2);
    expect(parse(fixture).diagnostics).toEqual([]);
  });

  it(`keeps at most ${MAX_DIAGNOSTICS} diagnostics`, () => {
    const source = card(Array.from({ length: 300 }, () => 'signal $ : number').join('\n'));
    const diagnostics = parse(source).diagnostics;
    expect(diagnostics).toHaveLength(MAX_DIAGNOSTICS);
    expect(diagnostics[0]?.range.start).toEqual({ line: 2, column: 8, offset: 23 });
  });
});
