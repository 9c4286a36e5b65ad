/**
 * The lexer of the `.health` rule language: characters in, tokens out.
 *
 * Read top to bottom: the token definitions, the ordered token list, the one
 * lexer built from it, and `tokenize`, which turns the lexer's output into
 * tokens, comments and HR001 diagnostics. Nothing here throws on bad input.
 */
import { createToken, Lexer, type IToken, type TokenType } from 'chevrotain';
import type { Comment, Position, Range } from './ast.js';
import { error, type Diagnostic } from './diagnostics.js';

// ---------------------------------------------------------------------------
// Layout and comments

/** Spaces, tabs and newlines separate tokens and mean nothing else. */
export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\f\r\n]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});

/** `#` to the end of the line; kept aside so the formatter can put it back. */
export const CommentToken = createToken({
  name: 'Comment',
  pattern: /#[^\r\n]*/,
  group: 'comments',
});

// ---------------------------------------------------------------------------
// Names and keywords

/** Any name: signals, groups, metrics, bands, alerts, colors and functions. */
export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  label: 'a name',
});

/**
 * Every reserved word of the language, as written. Function names (`change`,
 * `avg`, …) and colors are deliberately not here: they are plain identifiers
 * that the checker validates, so a typo gets a "did you mean" instead of a
 * syntax error.
 */
export const KEYWORDS = [
  'scorecard',
  'stale_after',
  'min_coverage',
  'signal',
  'number',
  'boolean',
  'text',
  'max_age',
  'group',
  'weight',
  'metric',
  'missing',
  'linear',
  'steps',
  'map',
  'else',
  'bands',
  'from',
  'cap',
  'floor',
  'when',
  'alert',
  'low',
  'medium',
  'high',
  'test',
  'given',
  'expect',
  'band',
  'score',
  'status',
  'insufficient_data',
  'no',
  'and',
  'or',
  'not',
  'true',
  'false',
] as const;

/** A reserved word of the language. */
export type Keyword = (typeof KEYWORDS)[number];

/**
 * One token type per keyword. `longer_alt` hands a longer match back to
 * Identifier, so `notes` or `bandwidth` stay names.
 */
export const Keywords = Object.fromEntries(
  KEYWORDS.map((word) => [
    word,
    createToken({
      name: `Kw_${word}`,
      pattern: word,
      longer_alt: Identifier,
      label: `\`${word}\``,
    }),
  ]),
) as Record<Keyword, TokenType>;

// ---------------------------------------------------------------------------
// Literals

/** `30d` or `12h`; a letter or digit right after it makes it something else. */
export const DurationToken = createToken({
  name: 'Duration',
  pattern: /[0-9]+[dh](?![A-Za-z0-9_])/,
  start_chars_hint: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  label: 'a duration such as `30d`',
});

/** `25%`, the number 0.25. */
export const PercentToken = createToken({
  name: 'Percent',
  pattern: /[0-9]+(?:\.[0-9]+)?%/,
  label: 'a number',
});

/** `12` or `0.8`. A leading minus is a separate token. */
export const NumberToken = createToken({
  name: 'Number',
  pattern: /[0-9]+(?:\.[0-9]+)?/,
  label: 'a number',
});

// A category: it matches no text itself; the parser consumes it to accept any
// of the tokens that name it among their `categories`.
function category(name: string, label: string): TokenType {
  return createToken({ name, pattern: Lexer.NA, label });
}

/**
 * Any string, closed or not: the parser consumes this category, so an
 * unterminated string is reported once (by `tokenize`) and parsing goes on as
 * if it had been closed at the end of the line.
 */
export const StringToken = category('String', 'a string');

/** A double-quoted string on one line; escapes are checked by `tokenize`. */
export const ClosedString = createToken({
  name: 'ClosedString',
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*"/,
  categories: [StringToken],
  label: 'a string',
});

/** A string that reaches the end of its line without a closing quote. */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*\\?/,
  categories: [StringToken],
  label: 'a string',
});

// ---------------------------------------------------------------------------
// Operators and punctuation

// An operator or punctuation token, labelled with its text for messages.
function punct(name: string, text: string, categories: TokenType[] = []): TokenType {
  return createToken({ name, pattern: text, label: `\`${text}\``, categories });
}

/** Every comparison operator; steps and `expect score` take any of them. */
export const ComparisonOp = category(
  'ComparisonOp',
  'a comparison (`<`, `<=`, `>`, `>=`, `==` or `!=`)',
);

/** The binary operators of the lowest arithmetic precedence. */
export const AdditiveOp = category('AdditiveOp', '`+` or `-`');

/** The binary operators of the highest arithmetic precedence. */
export const MultiplicativeOp = category('MultiplicativeOp', '`*` or `/`');

/** `->`: from a value to its score, and in `missing ->`. */
export const Arrow = punct('Arrow', '->');
/** `<=`, a comparison. */
export const LessEq = punct('LessEq', '<=', [ComparisonOp]);
/** `>=`, a comparison. */
export const GreaterEq = punct('GreaterEq', '>=', [ComparisonOp]);
/** `==`, a comparison. */
export const EqualEqual = punct('EqualEqual', '==', [ComparisonOp]);
/** `!=`, a comparison. */
export const NotEqual = punct('NotEqual', '!=', [ComparisonOp]);
/** `<`, a comparison. */
export const Less = punct('Less', '<', [ComparisonOp]);
/** `>`, a comparison. */
export const Greater = punct('Greater', '>', [ComparisonOp]);
/** `=`: a metric's expression, and a value in `given`. */
export const Equals = punct('Equals', '=');
/** `+`, addition. */
export const Plus = punct('Plus', '+', [AdditiveOp]);
/** `-`: subtraction, negation, and the sign of a number literal. */
export const Minus = punct('Minus', '-', [AdditiveOp]);
/** `*`, multiplication. */
export const Star = punct('Star', '*', [MultiplicativeOp]);
/** `/`, division. */
export const Slash = punct('Slash', '/', [MultiplicativeOp]);
/** `@`: when a `given` value was observed (`@ -30d`). */
export const At = punct('At', '@');
/** `:` between a signal's name and its type. */
export const Colon = punct('Colon', ':');
/** `,` between list items and function arguments. */
export const Comma = punct('Comma', ',');
/** `{` opens a block. */
export const LCurly = punct('LCurly', '{');
/** `}` closes a block. */
export const RCurly = punct('RCurly', '}');
/** `(` opens a call's arguments or a parenthesised expression. */
export const LParen = punct('LParen', '(');
/** `)` closes them. */
export const RParen = punct('RParen', ')');

// ---------------------------------------------------------------------------
// The token list

/**
 * Every token, in the order the lexer tries them; the first match wins, so
 * order matters:
 * - keywords come before Identifier (their `longer_alt` returns longer words
 *   to it), longest first, so `not` is never read as `no` followed by `t`;
 * - Duration and Percent come before Number, which would take their digits;
 * - a closed string comes before an unterminated one, which is its prefix;
 * - two-character operators come before their one-character prefixes
 *   (`->` before `-`, `<=` before `<`, `==` before `=`).
 * The categories are listed too so the parser knows them; they match nothing.
 */
export const allTokens: TokenType[] = [
  WhiteSpace,
  CommentToken,
  ...[...KEYWORDS].sort((a, b) => b.length - a.length).map((word) => Keywords[word]),
  Identifier,
  DurationToken,
  PercentToken,
  NumberToken,
  StringToken,
  ClosedString,
  UnterminatedString,
  ComparisonOp,
  AdditiveOp,
  MultiplicativeOp,
  Arrow,
  LessEq,
  GreaterEq,
  EqualEqual,
  NotEqual,
  Less,
  Greater,
  Equals,
  Plus,
  Minus,
  Star,
  Slash,
  At,
  Colon,
  Comma,
  LCurly,
  RCurly,
  LParen,
  RParen,
];

/** The one lexer, built once: building it analyses every pattern. */
const healthLexer = new Lexer(allTokens, {
  ensureOptimizations: true,
  positionTracking: 'full',
});

// ---------------------------------------------------------------------------
// The API

/** What `tokenize` returns: tokens for the parser, comments for the formatter. */
export interface TokenizeResult {
  tokens: IToken[];
  comments: Comment[];
  /** HR001 for unexpected characters, unterminated strings and bad escapes. */
  diagnostics: Diagnostic[];
}

/** Splits a source text into tokens. Never throws; problems become HR001. */
export function tokenize(source: string): TokenizeResult {
  const lexed = healthLexer.tokenize(source);
  const diagnostics: Diagnostic[] = [];

  // 1. Characters no token accepts. Chevrotain reports each run once.
  for (const e of lexed.errors) {
    const text = source.slice(e.offset, e.offset + e.length);
    const start = { line: e.line ?? 1, column: e.column ?? 1, offset: e.offset };
    const range = { start, end: advance(start, text) };
    const what = text.length === 1 ? 'character' : 'characters';
    diagnostics.push(error('HR001', `unexpected ${what} \`${text}\``, range));
  }

  // 2. Strings: the lexer accepts any escape and an open end so that the
  // parser sees one string token; here each problem is reported where it is.
  for (const token of lexed.tokens) {
    if (token.tokenType === UnterminatedString) {
      diagnostics.push(error('HR001', 'unterminated string', tokenRange(token)));
    }
    if (token.tokenType === ClosedString || token.tokenType === UnterminatedString) {
      checkEscapes(token, diagnostics);
    }
  }

  // 3. Comments, in source order.
  const comments = (lexed.groups.comments ?? []).map((t) => ({
    text: t.image,
    range: tokenRange(t),
  }));

  return { tokens: lexed.tokens, comments, diagnostics };
}

/** The range a token covers; `end` is just past its last character. */
export function tokenRange(token: IToken): Range {
  return { start: tokenStart(token), end: tokenEnd(token) };
}

/** The position of a token's first character. */
export function tokenStart(token: IToken): Position {
  return { line: token.startLine ?? 1, column: token.startColumn ?? 1, offset: token.startOffset };
}

/** The position just past a token's last character (tokens never span lines). */
export function tokenEnd(token: IToken): Position {
  return {
    line: token.endLine ?? 1,
    column: (token.endColumn ?? 0) + 1,
    offset: (token.endOffset ?? token.startOffset) + 1,
  };
}

/** The position just past the last character of `source`: where EOF is. */
export function endOfSource(source: string): Position {
  return advance({ line: 1, column: 1, offset: 0 }, source);
}

/**
 * A string token's value: the quotes removed and `\"`, `\\` resolved. An
 * unknown escape keeps the escaped character (`tokenize` reported it).
 */
export function unquote(token: IToken): string {
  const closed = token.tokenType === ClosedString;
  const body = token.image.slice(1, closed ? -1 : undefined);
  return body.includes('\\') ? body.replace(/\\(.?)/g, '$1') : body;
}

// Only `\"` and `\\` mean something; anything else is most likely a
// `\n` or `\t` written out of habit, which the language does not have.
function checkEscapes(token: IToken, diagnostics: Diagnostic[]): void {
  const image = token.image;
  for (let i = image.indexOf('\\'); i !== -1; i = image.indexOf('\\', i + 2)) {
    const escaped = image[i + 1];
    if (escaped === '"' || escaped === '\\') continue;
    if (escaped === undefined) continue; // an unterminated string, already reported
    const start = {
      line: token.startLine ?? 1,
      column: (token.startColumn ?? 1) + i,
      offset: token.startOffset + i,
    };
    const range = { start, end: { ...start, column: start.column + 2, offset: start.offset + 2 } };
    const message =
      `unknown escape \`\\${escaped}\` in string; ` + 'only `\\"` and `\\\\` are allowed';
    diagnostics.push(error('HR001', message, range));
  }
}

// Moves a position past `text`, counting `\r\n`, `\r` and `\n` as one line
// break each, as the lexer does.
function advance(from: Position, text: string): Position {
  let { line, column } = from;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      line++;
      column = 1;
    } else {
      column++;
    }
  }
  return { line, column, offset: from.offset + text.length };
}
