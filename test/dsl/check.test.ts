import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/dsl/check/index.js';
import { editDistance, suggestName } from '../../src/dsl/check/suggest.js';
import { formatShare } from '../../src/dsl/check/rules/MetricsCarryWeightRule.js';
import { MAX_DIAGNOSTICS, type Diagnostic } from '../../src/dsl/diagnostics.js';
import { parse } from '../../src/dsl/parser.js';

/** Parses a source that must be free of syntax errors and checks it. */
function diagnosticsOf(source: string): Diagnostic[] {
  const parsed = parse(source);
  expect(parsed.diagnostics).toEqual([]);
  return check(parsed.scorecard!);
}

/** Asserts the exact list of diagnostics as `CODE LINE:COLUMN`, in reported order. */
function expectDiagnostics(source: string, expected: string[]): void {
  const found = diagnosticsOf(source).map(
    (d) => `${d.code} ${d.range.start.line}:${d.range.start.column}`,
  );
  expect(found).toEqual(expected);
}

/** The message of the only diagnostic of a source. */
function onlyMessage(source: string): string {
  const diagnostics = diagnosticsOf(source);
  expect(diagnostics).toHaveLength(1);
  return diagnostics[0]!.message;
}

/**
 * A scorecard whose declarations are `lines`, one per line from line 2 and
 * column 1. Two valid bands are added at the end unless the lines declare
 * their own, so positions in the lines do not depend on them.
 */
function card(lines: string[]): string {
  const bands = lines.some((l) => l.startsWith('bands'))
    ? []
    : ['bands {', '  good from 50 green', '  bad from 0 red', '}'];
  return ['scorecard "t" {', ...lines, ...bands, '}', ''].join('\n');
}

/** A valid group reading signal `a`, to make up the rest of a scorecard. */
const A_METRIC = 'group base weight 1 { metric base weight 1 = a linear { 0 -> 0, 1 -> 100 } }';

describe('check on valid files', () => {
  it('reports nothing for the SPEC example', () => {
    const source = readFileSync('test/fixtures/spec-example.health', 'utf8');
    expect(diagnosticsOf(source)).toEqual([]);
  });

  it('reports nothing for a minimal scorecard', () => {
    expectDiagnostics(card(['signal a : number', A_METRIC]), []);
  });
});

describe('HR101 unknown names', () => {
  it('reports an unknown signal in a metric and suggests the closest one', () => {
    const source = card([
      'signal active_users : number',
      'group g weight 1 {',
      '  metric m weight 1 = activ_users linear { 0 -> 0, 10 -> 100 }',
      '}',
    ]);
    expectDiagnostics(source, ['HR101 4:23']);
    expect(onlyMessage(source)).toBe('unknown signal `activ_users`; did you mean `active_users`?');
  });

  it('lists the declared signals when none is close', () => {
    const source = card(['signal a : number', A_METRIC, 'alert x when zzz > 1']);
    expectDiagnostics(source, ['HR101 4:14']);
    expect(onlyMessage(source)).toBe('unknown signal `zzz`; expected one of `a`');
  });

  it('says when an expression names a metric instead of a signal', () => {
    const source = card(['signal a : number', A_METRIC, 'alert x when base > 1']);
    expect(onlyMessage(source)).toBe(
      'unknown signal `base`; `base.base` is a metric, and expressions name signals, never metrics',
    );
  });

  it('reports unknown bands in caps, floors and expectations and unknown alerts', () => {
    const source = card([
      'signal a : number',
      A_METRIC,
      'cap god when a > 1',
      'floor nope when a > 1',
      'alert dip when a < 1',
      'test "x" { given { a = 1 } expect band goood expect alert dips expect no alert dip }',
    ]);
    expectDiagnostics(source, ['HR101 4:5', 'HR101 5:7', 'HR101 7:40', 'HR101 7:59']);
    const messages = diagnosticsOf(source).map((d) => d.message);
    expect(messages).toEqual([
      'unknown band `god`; did you mean `good`?',
      'unknown band `nope`; expected one of `good`, `bad`',
      'unknown band `goood`; did you mean `good`?',
      'unknown alert `dips`; did you mean `dip`?',
    ]);
  });

  it('reports an unknown signal given in a test', () => {
    expectDiagnostics(card(['signal a : number', A_METRIC, 'test "x" { given { b = 1 } }']), [
      'HR101 4:20',
    ]);
  });

  it('reports no type error that follows from an unknown name', () => {
    const source = card([
      'signal a : number',
      A_METRIC,
      'group g weight 1 {',
      '  metric m weight 1 = nope map { true -> 100, false -> 0 }',
      '  metric n weight 1 = nope + 1 linear { 0 -> 0, 1 -> 100 }',
      '}',
      'alert x when nope and a > 1',
    ]);
    expectDiagnostics(source, ['HR101 5:23', 'HR101 6:23', 'HR101 8:14']);
  });
});

describe('HR102 duplicate names', () => {
  it('reports the second signal and names the line of the first', () => {
    const source = card(['signal a : number', 'signal a : text', A_METRIC]);
    expectDiagnostics(source, ['HR102 3:8']);
    expect(onlyMessage(source)).toBe('duplicate signal `a`; first declared at line 2');
  });

  it('reports metric names repeated across groups, and repeated groups', () => {
    const source = card([
      'signal a : number',
      'group g weight 1 { metric m weight 1 = a linear { 0 -> 0, 1 -> 100 } }',
      'group g weight 1 { metric m weight 1 = a linear { 0 -> 0, 1 -> 100 } }',
    ]);
    expectDiagnostics(source, ['HR102 4:7', 'HR102 4:27']);
  });

  it('lets a metric share its signal name', () => {
    const source = card([
      'signal a : number',
      'group g weight 1 { metric a weight 1 = a linear { 0 -> 0, 1 -> 100 } }',
    ]);
    expectDiagnostics(source, []);
  });

  it('reports repeated bands, alerts, tests and map keys', () => {
    const source = card([
      'signal a : number',
      'signal f : boolean',
      A_METRIC,
      'group g weight 1 { metric m weight 1 = f map { true -> 1, true -> 2, false -> 0 } }',
      'bands {',
      '  good from 50 green',
      '  good from 0 red',
      '}',
      'alert x when f',
      'alert x when a > 1',
      'test "t" { given { a = 1 } }',
      'test "t" { given { a = 1 } }',
    ]);
    expectDiagnostics(source, ['HR102 5:59', 'HR102 8:3', 'HR102 11:7', 'HR102 13:6']);
    expect(diagnosticsOf(source)[0]!.message).toBe('duplicate map key true; first given at line 5');
  });

  it('reports a second bands block, stale_after and min_coverage given twice', () => {
    const source = card([
      'stale_after 30d',
      'min_coverage 50%',
      'signal a : number',
      A_METRIC,
      'bands { good from 50 green  bad from 0 red }',
      'bands { fine from 0 green  ok from 0 red }',
      'stale_after 60d',
      'min_coverage 40%',
    ]);
    expectDiagnostics(source, ['HR102 7:1', 'HR102 8:1', 'HR102 9:1']);
    expect(diagnosticsOf(source).map((d) => d.message)).toEqual([
      'a second `bands` block; the first is at line 6',
      '`stale_after` is given twice; the first is at line 2',
      '`min_coverage` is given twice; the first is at line 3',
    ]);
  });

  it('reports a signal given twice at the same moment of a test, not at different ones', () => {
    const source = card([
      'signal a : number',
      A_METRIC,
      'test "t" { given { a = 1  a = 2 @ -30d  a = 3 @ -30d } }',
    ]);
    expectDiagnostics(source, ['HR102 4:41']);
  });
});

describe('HR103 type mismatches', () => {
  const signals = ['signal n : number', 'signal f : boolean', 'signal s : text'];
  const uses = 'alert use when n > 0 and f and s == "x"';
  const withSignals = (lines: string[]): string => card([...signals, uses, ...lines]);

  it('reports linear and steps over a boolean and map over a number', () => {
    const source = withSignals([
      'group g weight 1 {',
      '  metric a weight 1 = f linear { 0 -> 0, 1 -> 100 }',
      '  metric b weight 1 = s steps { <= 1 -> 0, else -> 100 }',
      '  metric c weight 1 = n map { true -> 100 }',
      '}',
    ]);
    expectDiagnostics(source, ['HR103 7:25', 'HR103 8:25', 'HR103 9:25']);
    expect(diagnosticsOf(source)[0]!.message).toBe(
      '`linear` needs a number; the expression of metric `a` is a boolean (use `map` to score it)',
    );
  });

  it('reports map keys and step values of the wrong type', () => {
    const source = withSignals([
      'group g weight 1 {',
      '  metric a weight 1 = s map { "pro" -> 100, true -> 0 }',
      '  metric b weight 1 = f map { true -> 100, "no" -> 0 }',
      '  metric c weight 1 = n steps { == "x" -> 100, else -> 0 }',
      '}',
    ]);
    expectDiagnostics(source, ['HR103 7:45', 'HR103 8:44', 'HR103 9:36']);
    expect(diagnosticsOf(source).map((d) => d.message)).toEqual([
      'a map key over text must be a string; found a boolean',
      'a map key over a boolean must be `true` or `false`; found text',
      'a step compares the value with a number; found text',
    ]);
  });

  it('reports operators applied to the wrong types', () => {
    const source = withSignals([
      'alert a when f + 1 > 2',
      'alert b when n and f',
      'alert c when not n',
      'alert d when s == 3',
      'alert e when s < "b"',
    ]);
    expectDiagnostics(source, [
      'HR103 6:14',
      'HR103 7:14',
      'HR103 8:18',
      'HR103 9:19',
      'HR103 10:14',
    ]);
    expect(diagnosticsOf(source).map((d) => d.message)).toEqual([
      '`+` needs numbers; found a boolean as the left operand',
      '`and` needs booleans; found a number as the left operand',
      '`not` needs booleans; found a number as its operand',
      '`==` compares two values of one type; found text on the left and a number on the right',
      '`<` needs numbers; found text as the left operand; text can only be compared with ' +
        '`==` or `!=`',
    ]);
  });

  it('reports a when condition that is not a boolean', () => {
    const source = withSignals(['cap bad when n * 2']);
    expectDiagnostics(source, ['HR103 6:14']);
    expect(onlyMessage(source)).toBe(
      'the `when` condition of a cap must be a boolean; found a number',
    );
  });

  it('reports a function that computes on a signal that is not a number', () => {
    const source = withSignals(['alert a when avg(f, 30d) > 1 and count(s, 30d) > 1']);
    expectDiagnostics(source, ['HR103 6:18']);
    expect(onlyMessage(source)).toBe('`avg` needs a number signal; `f` is a boolean');
  });

  it('reports a test value of the wrong type for its signal', () => {
    const source = withSignals(['test "t" { given { n = "high"  f = true  s = 3 } }']);
    expectDiagnostics(source, ['HR103 6:24', 'HR103 6:46']);
    expect(diagnosticsOf(source)[0]!.message).toBe(
      "signal `n` is a number; found text in the test's given value",
    );
  });
});

describe('HR104 linear points', () => {
  it('reports x values that do not strictly increase, and a single point', () => {
    const source = card([
      'signal a : number',
      'group g weight 1 {',
      '  metric m weight 1 = a linear { 0.8 -> 100, 0.1 -> 0 }',
      '  metric n weight 1 = a linear { 0 -> 0, 0 -> 100 }',
      '  metric o weight 1 = a linear { 0 -> 0 }',
      '}',
    ]);
    expectDiagnostics(source, ['HR104 4:46', 'HR104 5:42', 'HR104 6:25']);
    expect(diagnosticsOf(source).map((d) => d.message)).toEqual([
      '`linear` x values must strictly increase; found 0.1 after 0.8',
      '`linear` x values must strictly increase; found 0 after 0',
      '`linear` needs at least two points; found 1',
    ]);
  });
});

describe('HR105 scores out of range', () => {
  it('reports every score outside 0..100', () => {
    const source = card([
      'signal a : number',
      'signal f : boolean',
      'group g weight 1 {',
      '  metric m weight 1 = a linear { 0 -> 0, 1 -> 120 } missing -> 150',
      '  metric n weight 1 = a steps { <= 1 -> -5, else -> 101 }',
      '  metric o weight 1 = f map { true -> 100, else -> 200 }',
      '}',
      'test "t" { given { a = 1 } expect score >= 120 }',
    ]);
    expectDiagnostics(source, [
      'HR105 5:47',
      'HR105 5:64',
      'HR105 6:41',
      'HR105 6:53',
      'HR105 7:52',
      'HR105 9:44',
    ]);
    expect(diagnosticsOf(source)[1]!.message).toBe(
      'the `missing` score must be within 0..100; found 150',
    );
  });

  it('reports min_coverage outside 0%..100%, and hints at a percent', () => {
    expectDiagnostics(card(['min_coverage 150%', 'signal a : number', A_METRIC]), ['HR105 2:14']);
    const source = card(['min_coverage 50', 'signal a : number', A_METRIC]);
    expect(onlyMessage(source)).toBe(
      '`min_coverage` must be between 0% and 100%; found 50 (write a percent such as `50%`)',
    );
  });
});

describe('HR106 bands', () => {
  it('reports a scorecard without bands at its title', () => {
    const source = 'scorecard "t" {\n  signal a : number\n  ' + A_METRIC + '\n}\n';
    expectDiagnostics(source, ['HR106 1:11']);
  });

  it('reports fewer than two bands', () => {
    expectDiagnostics(card(['signal a : number', A_METRIC, 'bands { all from 0 green }']), [
      'HR106 4:1',
    ]);
  });

  it('reports order, a top above 100, a lowest band not at 0 and an unknown color', () => {
    const source = card([
      'signal a : number',
      A_METRIC,
      'bands {',
      '  top from 120 green',
      '  mid from 40 gren',
      '  lower from 60 red',
      '  last from 10 purple',
      '}',
    ]);
    expectDiagnostics(source, [
      'HR106 5:12',
      'HR106 6:15',
      'HR106 7:14',
      'HR106 8:13',
      'HR106 8:16',
    ]);
    expect(diagnosticsOf(source).map((d) => d.message)).toEqual([
      'a band cannot start above 100; `top` starts from 120',
      'unknown band color `gren`; did you mean `green`?',
      'bands must be listed from the highest `from` down; `lower` starts from 60, ' +
        'expected below the 40 of `mid`',
      'the last band must start from 0; `last` starts from 10',
      'unknown band color `purple`; expected one of green, yellow, orange, red, blue, gray',
    ]);
  });
});

describe('HR107 weights', () => {
  it('reports group and metric weights that are not above 0', () => {
    const source = card([
      'signal a : number',
      'group g weight 0 { metric m weight -1 = a linear { 0 -> 0, 1 -> 100 } }',
    ]);
    expectDiagnostics(source, ['HR107 3:16', 'HR107 3:36']);
    expect(diagnosticsOf(source)[1]!.message).toBe(
      'the weight of metric `m` must be greater than 0; found -1',
    );
  });
});

describe('HR108 function calls', () => {
  const lines = (condition: string): string =>
    card(['signal a : number', A_METRIC, `alert x when ${condition}`]);

  it('reports an unknown function and suggests the closest one', () => {
    const source = lines('chnage(a, 30d) > 0');
    expectDiagnostics(source, ['HR108 4:14']);
    expect(onlyMessage(source)).toBe('unknown function `chnage`; did you mean `change`?');
  });

  it('reports a missing duration', () => {
    const source = lines('change(a) > 0');
    expectDiagnostics(source, ['HR108 4:14']);
    expect(onlyMessage(source)).toBe(
      '`change` needs a duration as its second argument, as in `change(signal, 30d)`; ' +
        'found 1 argument',
    );
  });

  it('reports too many arguments at the first extra one', () => {
    expectDiagnostics(lines('age(a, 30d) > 0'), ['HR108 4:21']);
  });

  it('reports a first argument that is not a signal and a window that is not a duration', () => {
    const source = lines('avg(a * 2, 30d) > 0 or sum(a, 30) > 1 or present((a))');
    expectDiagnostics(source, ['HR108 4:18', 'HR108 4:44']);
    expect(diagnosticsOf(source).map((d) => d.message)).toEqual([
      'the first argument of `avg` must be a signal name; found an expression',
      'the second argument of `sum` must be a duration such as `30d`; found the number `30`',
    ]);
  });

  it('reports a duration used as a plain value, and no type error after it', () => {
    const source = lines('a > 30d');
    expectDiagnostics(source, ['HR108 4:18']);
  });
});

describe('HR201 metric count', () => {
  const metrics = (count: number): string[] =>
    Array.from(
      { length: count },
      (_, i) => `  metric m${i} weight 1 = a linear { 0 -> 0, 1 -> 100 }`,
    );

  it('warns once, at the 13th metric', () => {
    const source = card(['signal a : number', 'group g weight 1 {', ...metrics(14), '}']);
    expectDiagnostics(source, ['HR201 16:10']);
    expect(onlyMessage(source)).toBe(
      '14 metrics, more than 12; each carries too little of the score to act on, ' +
        'so merge or drop some',
    );
  });

  it('allows twelve', () => {
    expectDiagnostics(card(['signal a : number', 'group g weight 1 {', ...metrics(12), '}']), []);
  });
});

describe('HR202 light metrics', () => {
  it('warns at a metric under 3% of the score and says its share', () => {
    const source = card([
      'signal a : number',
      'group g weight 1 {',
      '  metric big weight 39 = a linear { 0 -> 0, 1 -> 100 }',
      '  metric tiny weight 1 = a linear { 0 -> 0, 1 -> 100 }',
      '}',
      'group h weight 3 { metric other weight 1 = a linear { 0 -> 0, 1 -> 100 } }',
    ]);
    expectDiagnostics(source, ['HR202 5:10']);
    expect(onlyMessage(source)).toBe(
      'metric `g.tiny` carries 0.6% of the score, under 3%; raise its weight or drop it',
    );
  });

  it('shows shares near 3% and near 0% with enough decimals', () => {
    expect(formatShare(0.02996)).toBe('2.996%');
    expect(formatShare(0.0004)).toBe('0.04%');
    expect(formatShare(0.025)).toBe('2.5%');
  });
});

describe('HR203 unused signals', () => {
  it('warns at a signal that only a test gives a value to', () => {
    const source = card([
      'signal a : number',
      'signal b : number',
      A_METRIC,
      'test "t" { given { a = 1  b = 2 } }',
    ]);
    expectDiagnostics(source, ['HR203 3:8']);
    expect(onlyMessage(source)).toBe(
      'signal `b` is declared but no metric, cap, floor or alert reads it',
    );
  });

  it('counts signals read by caps, floors and alerts and inside function calls', () => {
    const source = card([
      'signal a : number',
      'signal b : number',
      'signal c : number',
      'signal d : boolean',
      A_METRIC,
      'cap bad when b > 1',
      'floor good when change(c, 30d) > 0',
      'alert x when present(d)',
    ]);
    expectDiagnostics(source, []);
  });
});

describe('HR204 unreachable steps', () => {
  const steps = (body: string): string =>
    card(['signal a : number', `group g weight 1 { metric m weight 1 = a steps { ${body} } }`]);

  it('warns at a step that an earlier, wider step covers, and names that step', () => {
    const source = steps('<= 30 -> 60, <= 7 -> 100, else -> 20');
    expectDiagnostics(source, ['HR204 3:63']);
    expect(onlyMessage(source)).toBe(
      'step `<= 7 -> 100` can never be reached: `<= 30 -> 60` already matches every value it would',
    );
  });

  it('accepts narrower steps before wider ones', () => {
    expectDiagnostics(steps('<= 7 -> 100, <= 30 -> 60, else -> 20'), []);
    expectDiagnostics(steps('== 0 -> 100, <= 1 -> 50, else -> 0'), []);
  });

  it('warns at an equality already covered', () => {
    expectDiagnostics(steps('<= 1 -> 50, == 0 -> 100, else -> 0'), ['HR204 3:62']);
  });

  it('warns when several steps together cover a later one', () => {
    const source = steps('< 5 -> 0, > 5 -> 100, == 5 -> 50, != 3 -> 10, else -> 0');
    expectDiagnostics(source, ['HR204 3:84', 'HR204 3:96']);
    expect(diagnosticsOf(source)[0]!.message).toBe(
      'step `!= 3 -> 10` can never be reached: ' +
        'the steps before it already match every value it would',
    );
  });

  it('warns at an else that the steps leave nothing for', () => {
    const source = steps('< 5 -> 0, >= 5 -> 100, else -> 50');
    expectDiagnostics(source, ['HR204 3:73']);
    expect(onlyMessage(source)).toBe(
      '`else` can never be reached: the steps above match every number',
    );
  });

  it('warns at a map else after both true and false', () => {
    const source = card([
      'signal f : boolean',
      'group g weight 1 { metric m weight 1 = f map { true -> 100, false -> 0, else -> 50 } }',
      'group h weight 1 { metric n weight 1 = f map { true -> 100, else -> 0 } }',
    ]);
    expectDiagnostics(source, ['HR204 3:73']);
  });
});

describe('HR204 against brute force', () => {
  const OPS = ['<', '<=', '>', '>=', '==', '!='] as const;
  const holds = (op: (typeof OPS)[number], v: number, x: number): boolean =>
    ({ '<': v < x, '<=': v <= x, '>': v > x, '>=': v >= x, '==': v === x, '!=': v !== x })[op];
  // Integer thresholds in 0..10: every piece of the number line they cut has
  // a member among the half-integers from -1 to 11.
  const values = Array.from({ length: 25 }, (_, i) => -1 + i / 2);

  it('warns at exactly the steps and else that no number reaches', () => {
    const step = fc.record({ op: fc.constantFrom(...OPS), x: fc.integer({ min: 0, max: 10 }) });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 5 }), (steps) => {
        const branches = [...steps.map((s) => `${s.op} ${s.x} -> 50`), 'else -> 0'];
        const prefix = 'group g weight 1 { metric m weight 1 = a steps { ';
        const source = card(['signal a : number', `${prefix}${branches.join(', ')} } }`]);
        const warned = diagnosticsOf(source)
          .filter((d) => d.code === 'HR204')
          .map((d) => d.range.start.column);

        const taken = new Set<number>();
        for (const v of values) {
          const first = steps.findIndex((s) => holds(s.op, v, s.x));
          taken.add(first === -1 ? steps.length : first);
        }
        const columns: number[] = [];
        let column = prefix.length + 1;
        branches.forEach((branch, i) => {
          if (!taken.has(i)) columns.push(column);
          column += branch.length + 2;
        });
        expect(warned).toEqual(columns);
      }),
      { numRuns: 200 },
    );
  });
});

describe('check as a whole', () => {
  it('reports every problem of a file, sorted by position', () => {
    const source = card([
      'signal a : number',
      'group g weight 0 { metric m weight 1 = b linear { 1 -> 0, 0 -> 100 } }',
      'alert x when a > 30d',
    ]);
    expectDiagnostics(source, ['HR107 3:16', 'HR101 3:40', 'HR104 3:59', 'HR108 4:18']);
  });

  it('caps the number of diagnostics', () => {
    const alerts = Array.from({ length: MAX_DIAGNOSTICS + 20 }, (_, i) => `alert x${i} when q${i}`);
    const diagnostics = diagnosticsOf(card(['signal a : number', A_METRIC, ...alerts]));
    expect(diagnostics).toHaveLength(MAX_DIAGNOSTICS);
    expect(diagnostics.every((d) => d.code === 'HR101')).toBe(true);
    expect(diagnostics[MAX_DIAGNOSTICS - 1]!.range.start.line).toBe(MAX_DIAGNOSTICS + 3);
  });
});

describe('suggestions', () => {
  it('counts a swap of neighbouring letters as one edit', () => {
    expect(editDistance('actvie', 'active')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('suggests only names within a third of the length', () => {
    expect(suggestName('active_user', ['seats', 'active_users'])).toBe('active_users');
    expect(suggestName('nps', ['csat'])).toBeUndefined();
    expect(suggestName('NPS', ['csat', 'nps'])).toBe('nps');
    expect(suggestName('a', ['b'])).toBeUndefined();
  });
});
