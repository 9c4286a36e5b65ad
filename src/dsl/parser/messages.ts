/**
 * Syntax error messages: short sentences saying what was expected and what
 * was found, e.g. "expected `->` but found `=`".
 *
 * Chevrotain calls these builders with the token types it expected and the
 * rule it was in. Token types carry a human label (see `lexer.ts`); a few
 * rules whose alternatives would make a long list get a phrase instead.
 */
import { EOF, type IParserErrorMessageProvider, type IToken, type TokenType } from 'chevrotain';
import { Identifier, Keywords, RCurly } from '../lexer.js';

/** What the body of `scorecard { … }` may hold, in the words of the manual. */
export const DECLARATION =
  'a declaration (signal, group, metric, bands, cap, floor, alert, test, ' +
  'stale_after, min_coverage)';

// Rules whose alternatives are best described as one thing.
const RULE_PHRASES: Record<string, string> = {
  declaration: DECLARATION,
  signalType: 'a signal type (`number`, `boolean` or `text`)',
  scoring: 'a scoring (`linear`, `steps` or `map`)',
  stepItem: 'a step such as `<= 7 -> 100`, or `else -> N`',
  mapItem: 'a map key (a string, `true` or `false`) or `else`',
  literal: 'a value (a number, a string, `true` or `false`)',
  numberLiteral: 'a number',
  notExpr: 'an expression',
  unary: 'an expression',
  primary: 'an expression',
  expectation: '`band`, `score`, `status`, `alert` or `no alert`',
};

// Where a block's `}` was expected, what else could have come instead.
const BLOCK_CONTENTS: Record<string, string> = {
  scorecard: DECLARATION,
  group: '`metric` or `}`',
  bands: 'a band such as `healthy from 80 green`, or `}`',
  linear: '`,` or `}`',
  steps: '`,` or `}`',
  map: '`,` or `}`',
  given: 'an assignment such as `nps = 40`, or `}`',
  test: '`expect` or `}`',
};

/** How a token is shown in a message: its text, or "end of file". */
export function found(token: IToken | undefined): string {
  if (!token || token.tokenType === EOF) return 'end of file';
  return `\`${token.image}\``;
}

/** How an expected token type is named in a message. */
export function describe(type: TokenType): string {
  if (type === EOF) return 'end of file';
  return type.LABEL ?? type.name;
}

// "a, b or c", without repeats.
function oneOf(phrases: string[]): string {
  const unique = [...new Set(phrases)];
  if (unique.length <= 1) return unique[0] ?? 'something else';
  return `${unique.slice(0, -1).join(', ')} or ${unique[unique.length - 1]}`;
}

// The first token of each path Chevrotain would have accepted.
function firstOfPaths(paths: TokenType[][]): string[] {
  return paths.flatMap((path) => (path[0] ? [describe(path[0])] : []));
}

/** The message builders handed to the parser. */
export const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, ruleName }) {
    if (ruleName === 'alert' && expected === Keywords.when) {
      const severities = '`low`, `medium` or `high`';
      return `expected a severity (${severities}) or \`when\` but found ${found(actual)}`;
    }
    const block = BLOCK_CONTENTS[ruleName];
    if (expected === RCurly && block && actual.tokenType !== EOF) {
      return `expected ${block} but found ${found(actual)}`;
    }
    // `signal score : number`: say why a word that looks like a name is not one.
    const reserved = expected === Identifier && actual.tokenType.name.startsWith('Kw_');
    const why = reserved ? ', which is a reserved word' : '';
    return `expected ${describe(expected)} but found ${found(actual)}${why}`;
  },

  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `expected end of file but found ${found(firstRedundant)}`;
  },

  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
    const phrase = RULE_PHRASES[ruleName] ?? oneOf(expectedPathsPerAlt.flatMap(firstOfPaths));
    return `expected ${phrase} but found ${found(actual[0])}`;
  },

  buildEarlyExitMessage({ expectedIterationPaths, actual, ruleName }) {
    const phrase = RULE_PHRASES[ruleName] ?? oneOf(firstOfPaths(expectedIterationPaths));
    return `expected ${phrase} but found ${found(actual[0])}`;
  },
};
