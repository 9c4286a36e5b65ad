/**
 * Properties of the formatter over generated scorecards. The generator
 * writes source text, not trees: it picks declarations, names, numbers and
 * expressions, then lays the tokens out at random (spaces, tabs, newlines,
 * blank lines, end-of-line and own-line comments), so the properties cover
 * the parser's ranges and the comment attachment as well as the printing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatScorecard } from '../../src/dsl/format.js';
import { parse } from '../../src/dsl/parser.js';

type Tokens = string[];

// ---------------------------------------------------------------------------
// Tokens

const NAMES = ['a', 'b', 'seats', 'nps', 'usage_rate', 'x1', '_t', 'Risky', 'green'];
const name = fc.constantFrom(...NAMES);
const duration = fc
  .tuple(fc.integer({ min: 0, max: 400 }), fc.constantFrom('d', 'h'))
  .map(([n, unit]) => `${n}${unit}`);
const unsignedNumber = fc.oneof(
  fc.nat(200).map(String),
  fc.tuple(fc.nat(99), fc.nat(99)).map(([whole, part]) => `${whole}.${part}`),
  fc.nat(150).map((n) => `${n}%`),
  fc.tuple(fc.nat(99), fc.nat(9)).map(([whole, part]) => `${whole}.${part}%`),
);
// A leading minus is a token of its own; the layout may separate it.
const number: fc.Arbitrary<Tokens> = fc
  .tuple(fc.boolean(), unsignedNumber)
  .map(([negative, n]) => (negative ? ['-', n] : [n]));
const stringLit = fc
  .string({
    unit: fc.constantFrom('a', 'Z', ' ', '"', '\\', '#', 'é', '-', '{', '}'),
    maxLength: 8,
  })
  .map((s) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`);
const literal: fc.Arbitrary<Tokens> = fc.oneof(
  number,
  stringLit.map((s) => [s]),
  fc.constantFrom('true', 'false').map((b) => [b]),
);
const comparison = fc.constantFrom('<', '<=', '>', '>=', '==', '!=');
const optional = (arb: fc.Arbitrary<Tokens>): fc.Arbitrary<Tokens> =>
  fc.option(arb, { nil: [] as Tokens });

// ---------------------------------------------------------------------------
// Expressions: an abstract tree, written out with the parentheses the
// grammar's precedence needs, plus the ones the tree asks for.

type Tree =
  | { t: 'leaf'; tokens: Tokens }
  | { t: 'unary'; op: '-' | 'not'; operand: Tree }
  | { t: 'binary'; op: string; left: Tree; right: Tree }
  | { t: 'call'; fn: string; args: Tree[] }
  | { t: 'paren'; inner: Tree };

const BINARY_PRECEDENCE: Record<string, number> = {
  or: 1,
  and: 2,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '==': 4,
  '!=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
};

const leaf: fc.Arbitrary<Tree> = fc.oneof(
  name.map((n) => ({ t: 'leaf' as const, tokens: [n] })),
  unsignedNumber.map((n) => ({ t: 'leaf' as const, tokens: [n] })),
  duration.map((d) => ({ t: 'leaf' as const, tokens: [d] })),
  stringLit.map((s) => ({ t: 'leaf' as const, tokens: [s] })),
  fc.constantFrom('true', 'false').map((b) => ({ t: 'leaf' as const, tokens: [b] })),
);

const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { maxDepth: 4, depthIdentifier: 'expr' },
    leaf,
    fc.record({
      t: fc.constant('unary' as const),
      op: fc.constantFrom('-' as const, 'not' as const),
      operand: tie('tree'),
    }),
    fc.record({
      t: fc.constant('binary' as const),
      op: fc.constantFrom(...Object.keys(BINARY_PRECEDENCE)),
      left: tie('tree'),
      right: tie('tree'),
    }),
    fc.record({
      t: fc.constant('call' as const),
      fn: fc.constantFrom('change', 'avg', 'present', 'f'),
      args: fc.array(tie('tree'), { maxLength: 2 }),
    }),
    fc.record({ t: fc.constant('paren' as const), inner: tie('tree') }),
  ),
}));

function precedence(e: Tree): number {
  switch (e.t) {
    case 'binary':
      return BINARY_PRECEDENCE[e.op]!;
    case 'unary':
      return e.op === 'not' ? 3 : 7;
    default:
      return 8;
  }
}

// The tokens of `e` where the grammar expects at least precedence `min`.
function write(e: Tree, min = 1): Tokens {
  let tokens: Tokens;
  switch (e.t) {
    case 'leaf':
      tokens = e.tokens;
      break;
    case 'unary':
      tokens = [e.op, ...write(e.operand, precedence(e))];
      break;
    case 'binary': {
      const p = precedence(e);
      // Comparisons do not chain, so both of their sides bind tighter.
      const leftMin = p === 4 ? 5 : p;
      tokens = [...write(e.left, leftMin), e.op, ...write(e.right, p + 1)];
      break;
    }
    case 'call':
      tokens = [e.fn, '(', ...e.args.flatMap((a, i) => (i ? [',', ...write(a)] : write(a))), ')'];
      break;
    case 'paren':
      tokens = ['(', ...write(e.inner), ')'];
      break;
  }
  return precedence(e) < min ? ['(', ...tokens, ')'] : tokens;
}

const expr: fc.Arbitrary<Tokens> = tree.map((e) => write(e));

// ---------------------------------------------------------------------------
// Declarations

const list = (items: fc.Arbitrary<Tokens>, min: number, max: number): fc.Arbitrary<Tokens> =>
  fc
    .tuple(fc.array(items, { minLength: min, maxLength: max }), fc.boolean())
    .map(([xs, trailingComma]) => {
      const joined = xs.flatMap((x, i) => (i ? [',', ...x] : x));
      return trailingComma && xs.length > 0 ? [...joined, ','] : joined;
    });
const arrow = (left: fc.Arbitrary<Tokens>): fc.Arbitrary<Tokens> =>
  fc.tuple(left, number).map(([l, y]) => [...l, '->', ...y]);
const elseBranch = number.map((y) => ['else', '->', ...y]);

const scoring: fc.Arbitrary<Tokens> = fc.oneof(
  list(arrow(number), 0, 4).map((items) => ['linear', '{', ...items, '}']),
  fc
    .tuple(
      fc.array(arrow(fc.tuple(comparison, literal).map(([op, x]) => [op, ...x])), { maxLength: 3 }),
      elseBranch,
    )
    .map(([steps, last]) => ['steps', '{', ...steps.flatMap((s) => [...s, ',']), ...last, '}']),
  fc
    .tuple(fc.array(arrow(literal), { maxLength: 3 }), fc.option(elseBranch))
    .map(([entries, last]) => {
      const items = last ? [...entries, last] : entries;
      return ['map', '{', ...items.flatMap((x, i) => (i ? [',', ...x] : x)), '}'];
    }),
);

const metric: fc.Arbitrary<Tokens> = fc
  .tuple(name, number, expr, scoring, optional(number.map((n) => ['missing', '->', ...n])))
  .map(([n, w, e, s, missing]) => ['metric', n, 'weight', ...w, '=', ...e, ...s, ...missing]);

const assign: fc.Arbitrary<Tokens> = fc
  .tuple(name, literal, optional(duration.map((d) => ['@', '-', d])))
  .map(([n, value, ago]) => [n, '=', ...value, ...ago]);

const expectation: fc.Arbitrary<Tokens> = fc.oneof(
  name.map((n) => ['expect', 'band', n]),
  fc.tuple(comparison, number).map(([op, n]) => ['expect', 'score', op, ...n]),
  fc.constant<Tokens>(['expect', 'status', 'insufficient_data']),
  name.map((n) => ['expect', 'alert', n]),
  name.map((n) => ['expect', 'no', 'alert', n]),
);

const message = optional(stringLit.map((s) => [s]));

const declaration: fc.Arbitrary<Tokens> = fc.oneof(
  duration.map((d) => ['stale_after', d]),
  number.map((n) => ['min_coverage', ...n]),
  fc
    .tuple(
      name,
      fc.constantFrom('number', 'boolean', 'text'),
      optional(duration.map((d) => ['max_age', d])),
    )
    .map(([n, type, maxAge]) => ['signal', n, ':', type, ...maxAge]),
  fc
    .tuple(name, number, fc.array(metric, { maxLength: 3 }))
    .map(([n, w, ms]) => ['group', n, 'weight', ...w, '{', ...ms.flat(), '}']),
  fc
    .array(fc.tuple(name, number, name, message), { maxLength: 4 })
    .map((bands) => [
      'bands',
      '{',
      ...bands.flatMap(([n, t, c, m]) => [n, 'from', ...t, c, ...m]),
      '}',
    ]),
  fc
    .tuple(fc.constantFrom('cap', 'floor'), name, expr, message)
    .map(([type, band, when, reason]) => [type, band, 'when', ...when, ...reason]),
  fc
    .tuple(name, optional(fc.constantFrom(['low'], ['medium'], ['high'])), expr, message)
    .map(([n, severity, when, m]) => ['alert', n, ...severity, 'when', ...when, ...m]),
  fc
    .tuple(stringLit, fc.array(assign, { maxLength: 5 }), fc.array(expectation, { maxLength: 3 }))
    .map(([title, given, expects]) => [
      'test',
      title,
      '{',
      'given',
      '{',
      ...given.flat(),
      '}',
      ...expects.flat(),
      '}',
    ]),
);

// ---------------------------------------------------------------------------
// Layout

const comment = fc.constantFrom('# note', '#', '#  two  words  ', '# {', '# "quoted"');
// Most files are written tidily with a few comments; some are a mess. Both
// kinds are generated, so one-line tables and given blocks occur as well as
// comments in every place the grammar allows whitespace.
const messySeparator = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(' ', '  ', '\n', '\n    ', '\t') },
  { weight: 1, arbitrary: fc.constantFrom('\n\n', '\n\n\n  ') },
  { weight: 1, arbitrary: comment.map((c) => ` ${c}\n`) },
  { weight: 1, arbitrary: comment.map((c) => `\n  ${c}\n\n`) },
);
const tidySeparator = fc.oneof(
  { weight: 60, arbitrary: fc.constant(' ') },
  { weight: 10, arbitrary: fc.constantFrom('\n  ', '\n\n  ') },
  { weight: 1, arbitrary: comment.map((c) => `  ${c}\n  `) },
);

const source: fc.Arbitrary<string> = fc
  .tuple(
    stringLit,
    fc.array(declaration, { maxLength: 7 }),
    fc.constantFrom(messySeparator, tidySeparator),
  )
  .chain(([title, decls, separator]) => {
    const tokens = ['scorecard', title, '{', ...decls.flat(), '}'];
    return fc
      .array(separator, { minLength: tokens.length + 1, maxLength: tokens.length + 1 })
      .map((seps) => seps.map((sep, i) => sep + (tokens[i] ?? '')).join(''));
  });

// ---------------------------------------------------------------------------
// Properties

// The tree without positions and comments: what formatting must not change.
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value === null || typeof value !== 'object') return value;
  const kept = Object.entries(value).filter(
    ([key]) => !['range', 'typeRange', 'givenRange', 'comments'].includes(key),
  );
  return Object.fromEntries(kept.map(([key, v]) => [key, shape(v)]));
}

function parsed(text: string) {
  const result = parse(text);
  expect(result.diagnostics).toEqual([]);
  return result.scorecard!;
}

describe('formatScorecard on generated scorecards', () => {
  it('prints text that parses to the same tree, with the same comments in the same order', () => {
    fc.assert(
      fc.property(source, (text) => {
        const before = parsed(text);
        const after = parsed(formatScorecard(before));
        expect(shape(after)).toEqual(shape(before));
        const texts = (card: typeof before) => card.comments.map((c) => c.text.trimEnd());
        expect(texts(after)).toEqual(texts(before));
      }),
      { numRuns: 300 },
    );
  });

  it('is idempotent: formatting formatted text changes nothing', () => {
    fc.assert(
      fc.property(source, (text) => {
        const once = formatScorecard(parsed(text));
        expect(formatScorecard(parsed(once))).toBe(once);
      }),
      { numRuns: 300 },
    );
  });

  it('ends with one newline and leaves no trailing blanks, tabs or doubled blank lines', () => {
    fc.assert(
      fc.property(source, (text) => {
        const out = formatScorecard(parsed(text));
        expect(out.endsWith('\n') && !out.endsWith('\n\n')).toBe(true);
        expect(out).not.toMatch(/[ \t]\n|\t|\n\n\n/);
        expect(out.startsWith('\n')).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
