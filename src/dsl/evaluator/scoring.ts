/**
 * Scoring curves (`linear`, `steps`, `map`) compiled to closures that turn a
 * metric's value into a score 0..100 and name the branch that matched, as
 * written in the source, for the explanation.
 *
 * Branch texts are built once at compile time:
 * - linear, inside the points: the segment, `0.1 -> 0 .. 0.8 -> 100`; a value
 *   equal to an inner point belongs to the segment that starts there;
 * - linear, flat beyond the ends: `<= 0.1 -> 0` and `>= 0.8 -> 100`;
 * - steps: `<= 30 -> 60` or `else -> 20`; map: `true -> 100`, `"gold" -> 80`.
 *
 * A value the curve cannot score (wrong type, or a map key with no entry
 * and no `else`) gives -1 and records the reason in the context.
 */
import type {
  BooleanLiteral,
  ComparisonOperator,
  NumberLiteral,
  Scoring,
  StringLiteral,
} from '../ast.js';
import type { SignalValue } from '../result.js';
import type { EvalContext } from './context.js';
import { clampScore } from './numbers.js';

/** Returns a score 0..100 and sets `c.branch`, or returns -1 with a reason. */
export type ScoreFn = (c: EvalContext, value: SignalValue) => number;

/** How a literal was written, for branch texts. */
export function literalText(lit: NumberLiteral | StringLiteral | BooleanLiteral): string {
  switch (lit.kind) {
    case 'Number':
      return lit.text || String(lit.value);
    case 'Boolean':
      return String(lit.value);
    case 'String':
      return `"${lit.value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  }
}

/** Compiles a scoring curve. */
export function compileScoring(scoring: Scoring): ScoreFn {
  switch (scoring.kind) {
    case 'Linear':
      return linear(scoring.points.map((p) => [p.x, p.y] as const));
    case 'Steps':
      return steps(scoring);
    case 'Map':
      return map(scoring);
  }
}

function linear(points: readonly (readonly [NumberLiteral, NumberLiteral])[]): ScoreFn {
  const n = points.length;
  const xs = points.map(([x]) => x.value);
  const ys = points.map(([, y]) => clampScore(y.value));
  const texts = points.map(([x, y]) => `${literalText(x)} -> ${literalText(y)}`);
  const below = `<= ${texts[0]}`;
  const above = `>= ${texts[n - 1]}`;
  const segments = texts.slice(0, -1).map((t, i) => `${t} .. ${texts[i + 1]}`);
  const first = xs[0] as number;
  const last = xs[n - 1] as number;

  return (c, v) => {
    if (typeof v !== 'number') return wrongType(c);
    if (n === 1 || v < first) {
      c.branch = below;
      return ys[0] as number;
    }
    if (v > last) {
      c.branch = above;
      return ys[n - 1] as number;
    }
    // The segment [x_i, x_i+1] holding v; the last point closes the last one.
    let i = 0;
    while (i < n - 2 && v >= (xs[i + 1] as number)) i++;
    const x0 = xs[i] as number;
    const x1 = xs[i + 1] as number;
    const y0 = ys[i] as number;
    const y1 = ys[i + 1] as number;
    c.branch = segments[i] as string;
    const score = y0 + ((v - x0) / (x1 - x0)) * (y1 - y0);
    return Number.isFinite(score) ? clampScore(score) : y0;
  };
}

function holds(op: ComparisonOperator, v: SignalValue, x: SignalValue): boolean {
  if (op === '==') return v === x;
  if (op === '!=') return typeof v === typeof x && v !== x;
  if (typeof v !== 'number' || typeof x !== 'number') return false;
  switch (op) {
    case '<':
      return v < x;
    case '<=':
      return v <= x;
    case '>':
      return v > x;
    case '>=':
      return v >= x;
  }
}

function steps(scoring: Extract<Scoring, { kind: 'Steps' }>): ScoreFn {
  const ops = scoring.steps.map((s) => s.op);
  const xs = scoring.steps.map((s) => s.x.value);
  const ys = scoring.steps.map((s) => clampScore(s.y.value));
  const texts = scoring.steps.map((s) => `${s.op} ${literalText(s.x)} -> ${literalText(s.y)}`);
  const otherwise = scoring.otherwise;
  const elseScore = otherwise ? clampScore(otherwise.y.value) : -1;
  const elseText = otherwise ? `else -> ${literalText(otherwise.y)}` : null;

  return (c, v) => {
    for (let i = 0; i < ops.length; i++) {
      if (holds(ops[i] as ComparisonOperator, v, xs[i] as SignalValue)) {
        c.branch = texts[i] as string;
        return ys[i] as number;
      }
    }
    if (elseText === null) {
      c.miss('no step holds');
      return -1;
    }
    c.branch = elseText;
    return elseScore;
  };
}

function map(scoring: Extract<Scoring, { kind: 'Map' }>): ScoreFn {
  const keys = scoring.entries.map((e) => e.key.value);
  const ys = scoring.entries.map((e) => clampScore(e.y.value));
  const texts = scoring.entries.map((e) => `${literalText(e.key)} -> ${literalText(e.y)}`);
  const otherwise = scoring.otherwise;
  const elseScore = otherwise ? clampScore(otherwise.y.value) : -1;
  const elseText = otherwise ? `else -> ${literalText(otherwise.y)}` : null;

  return (c, v) => {
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] === v) {
        c.branch = texts[i] as string;
        return ys[i] as number;
      }
    }
    if (elseText === null) return noMapEntry(c, v);
    c.branch = elseText;
    return elseScore;
  };
}

/** Records that a map has no entry for `v` (and no `else`); returns -1. */
export function noMapEntry(c: EvalContext, v: SignalValue): number {
  c.miss(`no map entry for ${JSON.stringify(v)}`);
  return -1;
}

function wrongType(c: EvalContext): number {
  c.miss('wrong type');
  return -1;
}
