import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type * as ast from '../../src/dsl/ast.js';
import { formatScorecard } from '../../src/dsl/format.js';
import { format } from '../../src/dsl/index.js';
import { parse } from '../../src/dsl/parser.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

// Parses a source that must be free of syntax errors and formats it.
function fmt(source: string): string {
  const parsed = parse(source);
  expect(parsed.diagnostics).toEqual([]);
  return formatScorecard(parsed.scorecard!);
}

// Wraps declaration lines in a scorecard, the way most cases here need one.
const card = (...lines: string[]): string =>
  ['scorecard "T" {', ...lines.map((l) => (l === '' ? l : `  ${l}`)), '}', ''].join('\n');

describe('formatScorecard on whole files', () => {
  it('changes the SPEC example only in two alignments and the wrapped given block', () => {
    const expected = fixture('spec-example.health')
      .replace('onboarding_done   map', 'onboarding_done  map')
      .replace('days_to_value     steps', 'days_to_value    steps')
      .replace('> 0           "', '> 0            "')
      .replace('<= 2                       "', '<= 2                        "')
      .replace(
        /given \{ seats = 10 .*\n.*milestones_missed = 0 \}/,
        [
          'given {',
          '      seats = 10',
          '      active_users = 9',
          '      active_users = 8 @ -30d',
          '      onboarding_done = true',
          '      days_to_value = 5',
          '      nps = 60',
          '      csat = 5',
          '      milestones_missed = 0',
          '    }',
        ].join('\n'),
      );
    expect(expected).not.toBe(fixture('spec-example.health'));
    expect(fmt(fixture('spec-example.health'))).toBe(expected);
  });

  it('lays out the messy example exactly as its formatted fixture', () => {
    expect(fmt(fixture('messy.health'))).toBe(fixture('messy.formatted.health'));
  });

  it('leaves already formatted files unchanged', () => {
    const once = fmt(fixture('spec-example.health'));
    expect(fmt(once)).toBe(once);
    expect(fmt(fixture('messy.formatted.health'))).toBe(fixture('messy.formatted.health'));
  });

  it('is what format() in the language core returns', () => {
    expect(format(fixture('messy.health'))).toEqual({
      diagnostics: [],
      text: fixture('messy.formatted.health'),
    });
  });
});

describe('formatScorecard layout', () => {
  it('indents by two spaces and ends with exactly one newline', () => {
    expect(fmt('scorecard "T"{stale_after 30d}')).toBe('scorecard "T" {\n  stale_after 30d\n}\n');
  });

  it('prints an empty scorecard and an empty group with braces on one line', () => {
    expect(fmt('scorecard "T" {\n\n}')).toBe('scorecard "T" {}\n');
    expect(fmt('scorecard "T" { group g weight 1 {\n} }')).toBe(card('group g weight 1 {}'));
  });

  it('keeps declarations in source order and separates kinds with one blank line', () => {
    const source = card(
      'floor stable when a > 1',
      'cap at_risk when a < 0',
      'signal a : number',
      'min_coverage 40%',
      'stale_after 10d',
    );
    expect(fmt(source)).toBe(
      card(
        'floor stable when a > 1',
        'cap at_risk when a < 0',
        '',
        'signal a : number',
        '',
        'min_coverage 40%',
        'stale_after 10d',
      ),
    );
  });

  it('keeps one blank line where the author left several between declarations of a kind', () => {
    const source = card('signal a : number', '', '', '', 'signal b : number', 'signal c : text');
    expect(fmt(source)).toBe(card('signal a : number', '', 'signal b : number', 'signal c : text'));
  });

  it('drops blank lines at the start and end of a block', () => {
    const source = card('', '', 'signal a : number', '', '');
    expect(fmt(source)).toBe(card('signal a : number'));
  });

  it('surrounds every group with blank lines, even between two groups', () => {
    const source = card(
      'signal a : number',
      'group g weight 1 { metric m weight 1 = a linear { 0 -> 0, 1 -> 100 } }',
      'group h weight 2 { metric n weight 1 = a linear { 0 -> 0, 1 -> 100 } }',
    );
    expect(fmt(source)).toBe(
      card(
        'signal a : number',
        '',
        'group g weight 1 {',
        '  metric m weight 1 = a  linear { 0 -> 0, 1 -> 100 }',
        '}',
        '',
        'group h weight 2 {',
        '  metric n weight 1 = a  linear { 0 -> 0, 1 -> 100 }',
        '}',
      ),
    );
  });

  it('aligns the columns of a run of signals and leaves out an unused max_age column', () => {
    expect(fmt(card('signal a:number max_age 3d', 'signal long_name:boolean'))).toBe(
      card('signal a         : number   max_age 3d', 'signal long_name : boolean'),
    );
    expect(fmt(card('signal a:number', 'signal bb:text'))).toBe(
      card('signal a  : number', 'signal bb : text'),
    );
  });

  it('aligns signals separately when another kind of declaration splits the run', () => {
    const source = card('signal a : number', 'stale_after 1d', 'signal long_name : number');
    expect(fmt(source)).toBe(
      card('signal a : number', '', 'stale_after 1d', '', 'signal long_name : number'),
    );
  });

  it('prints a severity only where written and pads its column for alerts without one', () => {
    const source = card('alert a high when x > 1 "m"', 'alert longer when x < 1', 'alert c when x');
    expect(fmt(source)).toBe(
      card(
        'alert a      high when x > 1 "m"',
        'alert longer      when x < 1',
        'alert c           when x',
      ),
    );
  });

  it('has no severity column when no alert of the run writes one', () => {
    expect(fmt(card('alert a when x "m"', 'alert bb when y > 2 "n"'))).toBe(
      card('alert a  when x     "m"', 'alert bb when y > 2 "n"'),
    );
  });

  it('aligns bands by name, threshold and color, and keeps their order', () => {
    const source = card('bands { poor from 0 red good from 50 green "Keep going" }');
    expect(fmt(source)).toBe(
      card('bands {', '  poor from 0  red', '  good from 50 green "Keep going"', '}'),
    );
  });

  it('aligns the metrics of a group by name, weight and expression', () => {
    const source = card(
      'group g weight 1 {',
      'metric a weight 1 = x linear { 0 -> 0, 1 -> 100 }',
      'metric longer weight 10 = x / y map { true -> 100, false -> 0 } missing -> 5',
      '}',
    );
    expect(fmt(source)).toBe(
      card(
        'group g weight 1 {',
        '  metric a      weight 1  = x      linear { 0 -> 0, 1 -> 100 }',
        '  metric longer weight 10 = x / y  map { true -> 100, false -> 0 }  missing -> 5',
        '}',
      ),
    );
  });

  it('moves every curve of a group to its own line when one metric does not fit in 100', () => {
    const long =
      'linear { 1 -> 0, 2 -> 10, 3 -> 20, 4 -> 30, 5 -> 40, 6 -> 50, 7 -> 60, 8 -> 100 }';
    const source = card(
      'group g weight 1 {',
      'metric a weight 1 = x linear { 0 -> 0, 1 -> 100 }',
      `metric longer weight 10 = change(x, 30d) ${long} missing -> 5`,
      '}',
    );
    expect(fmt(source)).toBe(
      card(
        'group g weight 1 {',
        '  metric a weight 1 = x',
        '    linear { 0 -> 0, 1 -> 100 }',
        '  metric longer weight 10 = change(x, 30d)',
        `    ${long}`,
        '    missing -> 5',
        '}',
      ),
    );
  });

  it('keeps a metric on one line when it ends exactly at column 100', () => {
    // "    metric m weight 1 = " is 24 columns, two spaces, then the curve.
    const expr = 'a'.repeat(100 - 24 - 2 - 'map { true -> 1 }'.length);
    const line = `metric m weight 1 = ${expr}  map { true -> 1 }`;
    const formatted = fmt(card(`group g weight 1 { ${line} }`));
    expect(formatted).toBe(card('group g weight 1 {', `  ${line}`, '}'));
    expect(formatted.split('\n')[2]).toHaveLength(100);
  });

  it('prints curves inline with their else branch last', () => {
    const source = card(
      'group g weight 1 {',
      'metric a weight 1 = x steps {<=7->100,<=30->60,else->20,}',
      'metric b weight 1 = y map {"gold"->100,else->0}',
      'metric c weight 1 = z linear{-50%->0,0->60}',
      '}',
    );
    expect(fmt(source)).toBe(
      card(
        'group g weight 1 {',
        '  metric a weight 1 = x  steps { <= 7 -> 100, <= 30 -> 60, else -> 20 }',
        '  metric b weight 1 = y  map { "gold" -> 100, else -> 0 }',
        '  metric c weight 1 = z  linear { -50% -> 0, 0 -> 60 }',
        '}',
      ),
    );
  });

  it('puts a short given block on one line, two spaces between assignments', () => {
    const source = card('test "t" { given { a = 1 b = "x" @ - 30d c = true }', 'expect band ok }');
    expect(fmt(source)).toBe(
      card('test "t" {', '  given { a = 1  b = "x" @ -30d  c = true }', '  expect band ok', '}'),
    );
  });

  it('prints an empty given block as given {}', () => {
    expect(fmt(card('test "t" { given { } expect status insufficient_data }'))).toBe(
      card('test "t" {', '  given {}', '  expect status insufficient_data', '}'),
    );
  });

  it('prints every kind of expectation, one per line', () => {
    const source = card(
      'test "t" { given { a = 1 } expect band ok expect score >= 85.5',
      'expect status insufficient_data expect alert dip expect no alert dip }',
    );
    expect(fmt(source)).toBe(
      card(
        'test "t" {',
        '  given { a = 1 }',
        '  expect band ok',
        '  expect score >= 85.5',
        '  expect status insufficient_data',
        '  expect alert dip',
        '  expect no alert dip',
        '}',
      ),
    );
  });
});

describe('formatScorecard expressions and literals', () => {
  const cond = (when: string): string =>
    fmt(card(`cap c when ${when}`))
      .split('\n')[1]!
      .trim();

  it('puts single spaces around binary operators and after commas', () => {
    expect(cond('a+b*c>=2and(x/y)<3')).toBe('cap c when a + b * c >= 2 and (x / y) < 3');
    expect(cond('change( a ,30d )<-25%')).toBe('cap c when change(a, 30d) < -25%');
  });

  it('keeps parentheses exactly where they were written', () => {
    expect(cond('((a)) or (b and c)')).toBe('cap c when ((a)) or (b and c)');
    expect(cond('a - (b - c)')).toBe('cap c when a - (b - c)');
  });

  it('prints unary operators tightly, keeping two minus signs apart', () => {
    expect(cond('not  not  present(a)')).toBe('cap c when not not present(a)');
    expect(cond('- x < - - 3')).toBe('cap c when -x < - -3');
  });

  it('keeps numbers and durations as written', () => {
    expect(cond('a > 0.50 or b < 12h or c == 007')).toBe(
      'cap c when a > 0.50 or b < 12h or c == 007',
    );
  });

  it('re-escapes quotes and backslashes in strings', () => {
    expect(fmt(card('alert a when s == "say \\"hi\\" \\\\ bye"'))).toBe(
      card('alert a when s == "say \\"hi\\" \\\\ bye"'),
    );
  });

  it('prints a tree built by hand, restoring a minus its number text lost', () => {
    const at = { line: 1, column: 1, offset: 0 };
    const range = { start: at, end: at };
    const num = (value: number, text: string): ast.NumberLiteral => ({
      kind: 'Number',
      value,
      text,
      percent: false,
      range,
    });
    const tree: ast.Scorecard = {
      kind: 'Scorecard',
      range,
      title: { kind: 'String', value: 'a "b"', range },
      comments: [],
      body: [{ kind: 'MinCoverage', value: num(-0.5, '0.5'), range }],
    };
    expect(formatScorecard(tree)).toBe('scorecard "a \\"b\\"" {\n  min_coverage -0.5\n}\n');
  });
});

describe('formatScorecard comments', () => {
  it('keeps comments before the scorecard at the top with their blank lines', () => {
    expect(fmt('# one\n\n\n# two\nscorecard "T" {}')).toBe('# one\n\n# two\nscorecard "T" {}\n');
  });

  it('keeps an own-line comment before the declaration that follows it, at its indentation', () => {
    expect(fmt(card('signal a : number', '      # about b', 'signal b : number'))).toBe(
      card('signal a : number', '# about b', 'signal b : number'),
    );
  });

  it('keeps an end-of-line comment at the end of its formatted line after two spaces', () => {
    expect(fmt(card('signal a:number     # nightly   ', 'signal bb : text'))).toBe(
      card('signal a  : number  # nightly', 'signal bb : text'),
    );
  });

  it('puts a comment before a block first, behind the blank line that separates kinds', () => {
    const source = card('signal a : number', '# the groups', 'group g weight 1 {}');
    expect(fmt(source)).toBe(card('signal a : number', '', '# the groups', 'group g weight 1 {}'));
  });

  it('keeps comments after the last declaration of a block before its closing brace', () => {
    const source = card(
      'group g weight 1 {',
      'metric m weight 1 = a map { true -> 1 }',
      '# later',
      '}',
      '# end',
    );
    expect(fmt(source)).toBe(
      card(
        'group g weight 1 {',
        '  metric m weight 1 = a  map { true -> 1 }',
        '  # later',
        '}',
        '# end',
      ),
    );
  });

  it('keeps a comment on the line of an opening brace at the end of that line', () => {
    expect(fmt('scorecard "T" { # why\n  bands { # order matters\n a from 0 red } }')).toBe(
      'scorecard "T" {  # why\n  bands {  # order matters\n    a from 0 red\n  }\n}\n',
    );
  });

  it('keeps a comment after a closing brace at the end of that line', () => {
    expect(fmt(card('bands { a from 0 red }   # closing', 'cap a when x'))).toBe(
      card('bands {', '  a from 0 red', '}  # closing', '', 'cap a when x'),
    );
  });

  it('moves a comment from inside a curve spread over lines to the line before its metric', () => {
    const source = card(
      'group g weight 1 {',
      '  metric m weight 1 = a linear { 0 -> 0,  # start',
      '                                 1 -> 100 }  # end',
      '}',
    );
    expect(fmt(source)).toBe(
      card(
        'group g weight 1 {',
        '  # start',
        '  metric m weight 1 = a  linear { 0 -> 0, 1 -> 100 }  # end',
        '}',
      ),
    );
  });

  it('moves a comment from inside a declaration header to the line before the block', () => {
    expect(fmt(card('group # usage', '  g weight 1 {}'))).toBe(
      card('# usage', 'group g weight 1 {}'),
    );
  });

  it('opens a given block onto several lines when a comment sits inside it', () => {
    const source = card('test "t" { given { a = 1 # one', 'b = 2 } expect band x }');
    expect(fmt(source)).toBe(
      card(
        'test "t" {',
        '  given {',
        '    a = 1  # one',
        '    b = 2',
        '  }',
        '  expect band x',
        '}',
      ),
    );
  });

  it('keeps comments after the closing brace of the scorecard below it', () => {
    expect(fmt('scorecard "T" {} # done\n\n\n# trailer')).toBe(
      'scorecard "T" {}  # done\n\n# trailer\n',
    );
  });
});
