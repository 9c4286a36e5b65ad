import { describe, expect, it } from 'vitest';
import { endOfSource, tokenize, unquote } from '../../src/dsl/lexer.js';

/** Token types and images, as `Type:image`, for a source that must lex cleanly. */
function lex(source: string): string[] {
  const result = tokenize(source);
  expect(result.diagnostics).toEqual([]);
  return result.tokens.map((t) => `${t.tokenType.name}:${t.image}`);
}

/** The lexer's diagnostics as `LINE:COL-ENDCOL message`. */
function lexErrors(source: string): string[] {
  return tokenize(source).diagnostics.map((d) => {
    expect(d.code).toBe('HR001');
    return `${d.range.start.line}:${d.range.start.column}-${d.range.end.column} ${d.message}`;
  });
}

describe('tokenize', () => {
  it('reads keywords as keywords and longer words as identifiers', () => {
    expect(lex('not notes no nod signal signals max_age max min_coverage')).toEqual([
      'Kw_not:not',
      'Identifier:notes',
      'Kw_no:no',
      'Identifier:nod',
      'Kw_signal:signal',
      'Identifier:signals',
      'Kw_max_age:max_age',
      'Identifier:max',
      'Kw_min_coverage:min_coverage',
    ]);
  });

  it('keeps function and color names as identifiers', () => {
    expect(lex('change green _x9')).toEqual([
      'Identifier:change',
      'Identifier:green',
      'Identifier:_x9',
    ]);
  });

  it('tells durations, percents and numbers apart', () => {
    expect(lex('30d 12h 25% 12.5% 0.8 12 30days 7dh')).toEqual([
      'Duration:30d',
      'Duration:12h',
      'Percent:25%',
      'Percent:12.5%',
      'Number:0.8',
      'Number:12',
      'Number:30',
      'Identifier:days',
      'Number:7',
      'Identifier:dh',
    ]);
  });

  it('reads a minus before a number as its own token', () => {
    expect(lex('-3 -> -25%')).toEqual([
      'Minus:-',
      'Number:3',
      'Arrow:->',
      'Minus:-',
      'Percent:25%',
    ]);
  });

  it('prefers two-character operators to their one-character prefixes', () => {
    expect(lex('-> <= >= == != < > = + - * / @ : , { } ( )').map((t) => t.split(':')[0])).toEqual([
      'Arrow',
      'LessEq',
      'GreaterEq',
      'EqualEqual',
      'NotEqual',
      'Less',
      'Greater',
      'Equals',
      'Plus',
      'Minus',
      'Star',
      'Slash',
      'At',
      'Colon',
      'Comma',
      'LCurly',
      'RCurly',
      'LParen',
      'RParen',
    ]);
  });

  it('reads strings with escaped quotes and backslashes', () => {
    const [token] = tokenize('"a \\"b\\" \\\\ c"').tokens;
    expect(token?.tokenType.name).toBe('ClosedString');
    expect(token && unquote(token)).toBe('a "b" \\ c');
  });

  it('collects comments apart from the tokens, with their ranges', () => {
    const result = tokenize('# one\nsignal # two\r\n  # three');
    expect(result.tokens.map((t) => t.image)).toEqual(['signal']);
    expect(
      result.comments.map((c) => [c.text, c.range.start.line, c.range.start.column, c.range.end]),
    ).toEqual([
      ['# one', 1, 1, { line: 1, column: 6, offset: 5 }],
      ['# two', 2, 8, { line: 2, column: 13, offset: 18 }],
      ['# three', 3, 3, { line: 3, column: 10, offset: 29 }],
    ]);
  });

  it('gives tokens 1-based lines and columns and an end just past them', () => {
    const [, second] = tokenize('a\n  bc').tokens;
    expect(second?.startLine).toBe(2);
    expect(second?.startColumn).toBe(3);
    expect(second?.startOffset).toBe(4);
  });

  it('reports an unexpected character where it is', () => {
    expect(lexErrors('a $ b\n  !x')).toEqual([
      '1:3-4 unexpected character `$`',
      '2:3-4 unexpected character `!`',
    ]);
  });

  it('reports a run of unexpected characters once', () => {
    expect(lexErrors('a $$$ b')).toEqual(['1:3-6 unexpected characters `$$$`']);
  });

  it('reports an unterminated string at its start and keeps it as a string token', () => {
    const result = tokenize('x "open\ny');
    expect(lexErrors('x "open\ny')).toEqual(['1:3-8 unterminated string']);
    expect(result.tokens.map((t) => t.tokenType.name)).toEqual([
      'Identifier',
      'UnterminatedString',
      'Identifier',
    ]);
  });

  it('reports escapes other than \\" and \\\\ at the backslash', () => {
    expect(lexErrors('"a\\tb"')).toEqual([
      '1:3-5 unknown escape `\\t` in string; only `\\"` and `\\\\` are allowed',
    ]);
  });
});

describe('endOfSource', () => {
  it('points just past the last character, counting \\r\\n as one line break', () => {
    expect(endOfSource('')).toEqual({ line: 1, column: 1, offset: 0 });
    expect(endOfSource('ab\r\ncd')).toEqual({ line: 2, column: 3, offset: 6 });
    expect(endOfSource('ab\n')).toEqual({ line: 2, column: 1, offset: 3 });
  });
});
