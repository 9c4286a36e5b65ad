/**
 * The value pass generated as one JavaScript function per scorecard.
 *
 * The checked syntax tree becomes straight-line code: expressions inlined
 * as a run of `const` temporaries, each signal's current value loaded once
 * into locals at the top, scoring curves as if-chains over literal bounds.
 * It means exactly what the closures of `expr.ts` and `scoring.ts` mean
 * (same order of evaluation, same missing reasons, same float operations);
 * `test/dsl/evaluator.codegen.test.ts` holds the two to each other.
 *
 * Safety of the generated text: nothing from the source is spliced raw.
 * Variable names are generated (`t12`, `st3`), never taken from the rules;
 * strings go through `JSON.stringify`; numbers are written with `String`
 * only when finite (which round-trips exactly), and anything else the code
 * needs (closures of the history functions, other numbers) is passed in as
 * a constant.
 */
import type { ComparisonOperator, Expr, Scoring, Step } from '../ast.js';
import type { SignalValue } from '../result.js';
import { FRESH } from './context.js';
import { wrong, wrong2 } from './expr.js';
import { compileCall } from './functions.js';
import { IMPUTED, MISSING, OK, STALE, type PassPlan, type ValuePass } from './pass.js';
import { literalText, noMapEntry } from './scoring.js';
import { clampScore } from './numbers.js';

/** The helpers the generated code calls, handed to it rather than reached as globals. */
const RUNTIME = { wrong, wrong2, noMapEntry };

/**
 * Generates the value pass of `plan`. Throws an EvalError where the host
 * forbids generating code (a content security policy, or Node's
 * `--disallow-code-generation-from-strings`); the caller falls back to
 * closures then.
 */
export function generatePass(plan: PassPlan): ValuePass {
  const { source, constants } = passSource(plan);
  const factory = new Function('rt', 'k', source) as (
    rt: typeof RUNTIME,
    k: readonly unknown[],
  ) => ValuePass;
  return factory(RUNTIME, constants);
}

/**
 * Metrics and conditions per generated function. One function for a whole
 * 200-metric scorecard ran slower than the closures (too large for the
 * optimizing compiler); chunks of this size stay fast at either end.
 */
const CHUNK = 12;

/** The body of the factory that returns the pass, and the constants it takes. */
export function passSource(plan: PassPlan): { source: string; constants: unknown[] } {
  const g = new Generator(plan);
  let items = 0;
  const next = (): void => {
    if (items++ % CHUNK === 0) g.startChunk();
  };
  plan.metrics.forEach((m, i) => {
    next();
    g.emit(`// metric ${i}`);
    g.emit('c.clearReason();');
    g.emit('{');
    g.emit('let sc = -1, br = null;');
    const v = g.expr(m.expr);
    g.emit(`if (${v} !== undefined) {`);
    g.scoring(m.scoring, v);
    g.emit('}');
    g.emit('if (sc >= 0) {');
    g.emit(`coverage += ${g.number(m.nominalWeight)};`);
    g.emit(`scores[${i}] = sc; branches[${i}] = br; statuses[${i}] = ${OK};`);
    g.emit(`reasons[${i}] = null; scored[${i}] = 1;`);
    if (m.imputed >= 0) {
      g.emit('} else {');
      g.emit(
        `scores[${i}] = ${g.number(m.imputed)}; branches[${i}] = ${g.string(m.imputedBranch)};`,
      );
      g.emit(`statuses[${i}] = ${IMPUTED}; reasons[${i}] = c.reason; scored[${i}] = 1;`);
    } else {
      g.emit('} else {');
      g.emit(`scores[${i}] = -1; branches[${i}] = null;`);
      g.emit(`statuses[${i}] = c.stale ? ${STALE} : ${MISSING}; reasons[${i}] = c.reason;`);
      g.emit(`scored[${i}] = 0;`);
    }
    g.emit('}');
    g.emit(`values[${i}] = ${v};`);
    g.emit('}');
  });
  plan.conditions.forEach((when, k) => {
    next();
    g.emit(`// condition ${k}`);
    g.emit('c.clearReason();');
    g.emit('{');
    const v = g.expr(when);
    g.emit(`fired[${k}] = ${v} === true ? 1 : 0;`);
    g.emit('}');
  });
  return { source: g.source(), constants: g.constants };
}

/** Builds the code text; see the module comment for what it may splice. */
class Generator {
  readonly constants: unknown[] = [];
  /** Finished chunk functions. */
  private readonly chunks: string[] = [];
  private body: string[] = [];
  private reads = new Set<number>();
  private temps = 0;

  constructor(private readonly plan: PassPlan) {}

  emit(line: string): void {
    this.body.push(line);
  }

  /** Closes the chunk being written, if any, and starts the next. */
  startChunk(): void {
    this.endChunk();
    this.body = [];
    this.reads = new Set();
  }

  private endChunk(): void {
    if (this.body.length === 0) return;
    const head = [`function part${this.chunks.length}(c, s, coverage) {`];
    head.push('const values = s.values, scores = s.scores, statuses = s.statuses;');
    head.push('const reasons = s.reasons, branches = s.branches, scored = s.scored;');
    head.push('const fired = s.fired;');
    // Loading every signal the chunk reads up front changes nothing: a load
    // only looks up the current observation, and the context caches it.
    for (const slot of [...this.reads].sort((a, b) => a - b)) {
      head.push(`const st${slot} = c.load(${slot}), sv${slot} = c.values[${slot}];`);
    }
    this.chunks.push([...head, ...this.body, 'return coverage;', '}'].join('\n'));
    this.body = [];
  }

  /**
   * The factory body: constants, the chunks, and the pass that runs them in
   * order. Coverage is threaded through rather than summed per chunk, so it
   * adds up in metric order exactly as the closures do.
   */
  source(): string {
    this.endChunk();
    const lines = ['"use strict";'];
    this.constants.forEach((_, i) => lines.push(`const k${i} = k[${i}];`));
    lines.push(...this.chunks);
    lines.push('return function valuePass(c, s) {', 'let coverage = 0;');
    this.chunks.forEach((_, i) => lines.push(`coverage = part${i}(c, s, coverage);`));
    lines.push('return coverage;', '};');
    return lines.join('\n');
  }

  /** A constant the code refers to by name. */
  constant(value: unknown): string {
    this.constants.push(value);
    return `k${this.constants.length - 1}`;
  }

  /** A number as code: a literal when finite, else a constant. */
  number(x: number): string {
    if (Number.isFinite(x) && !Object.is(x, -0)) return `(${String(x)})`;
    return this.constant(x);
  }

  string(text: string | null): string {
    return text === null ? 'null' : JSON.stringify(text);
  }

  literal(value: SignalValue): string {
    if (typeof value === 'number') return this.number(value);
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    return this.string(value);
  }

  /** Emits `const tN = code;` and returns `tN`. */
  private let(code: string): string {
    const name = `t${this.temps++}`;
    this.emit(`const ${name} = ${code};`);
    return name;
  }

  /** Emits the statements of `e` and returns code for its value (a temporary or a literal). */
  expr(e: Expr): string {
    switch (e.kind) {
      case 'Number':
      case 'String':
      case 'Boolean':
        return this.literal(e.value);
      case 'Duration':
        return this.number(e.days);
      case 'Paren':
        return this.expr(e.expr);
      case 'Ref': {
        const slot = this.plan.slotOf(e.name);
        if (slot < 0) return this.let(`c.miss(${this.string(`unknown signal ${e.name}`)})`);
        this.reads.add(slot);
        return this.let(`st${slot} === ${FRESH} ? sv${slot} : c.current(${slot})`);
      }
      case 'Call': {
        const fn = this.constant(compileCall(e, this.plan.slotOf, this.plan.slots));
        return this.let(`${fn}(c)`);
      }
      case 'Unary': {
        const a = this.expr(e.operand);
        return e.op === '-'
          ? this.let(`typeof ${a} === "number" ? -${a} : rt.wrong(c, ${a})`)
          : this.let(`typeof ${a} === "boolean" ? !${a} : rt.wrong(c, ${a})`);
      }
      case 'Binary':
        return this.binary(e.op, this.expr(e.left), this.expr(e.right));
    }
  }

  private binary(op: Extract<Expr, { kind: 'Binary' }>['op'], a: string, b: string): string {
    const numbers = `typeof ${a} === "number" && typeof ${b} === "number"`;
    const booleans = `typeof ${a} === "boolean" && typeof ${b} === "boolean"`;
    const wrongBoth = `rt.wrong2(c, ${a}, ${b})`;
    switch (op) {
      case '+':
      case '-':
      case '*':
        return this.let(`${numbers} ? c.finite(${a} ${op} ${b}) : ${wrongBoth}`);
      case '/':
        return this.let(
          `!(${numbers}) ? ${wrongBoth} : ${b} === 0 ? c.miss("division by zero") : ` +
            `c.finite(${a} / ${b})`,
        );
      case '<':
      case '<=':
      case '>':
      case '>=':
        return this.let(`${numbers} ? ${a} ${op} ${b} : ${wrongBoth}`);
      case '==':
      case '!=': {
        const js = op === '==' ? '===' : '!==';
        return this.let(
          `${a} === undefined || ${b} === undefined ? undefined : ` +
            `typeof ${a} === typeof ${b} ? ${a} ${js} ${b} : c.miss("wrong type")`,
        );
      }
      case 'and':
        return this.let(`${booleans} ? ${a} && ${b} : ${wrongBoth}`);
      case 'or':
        return this.let(`${booleans} ? ${a} || ${b} : ${wrongBoth}`);
    }
  }

  /** Emits the curve over `v` (not missing): sets `sc` and `br`, or records a reason. */
  scoring(s: Scoring, v: string): void {
    switch (s.kind) {
      case 'Linear':
        return this.linear(s, v);
      case 'Steps':
        return this.chain(
          s.steps.map((step) => [this.holds(step, v), step.y.value, stepText(step)]),
          s.otherwise ? [s.otherwise.y.value, `else -> ${literalText(s.otherwise.y)}`] : null,
          'c.miss("no step holds");',
        );
      case 'Map':
        return this.chain(
          s.entries.map((e) => [
            `${v} === ${this.literal(e.key.value)}`,
            e.y.value,
            `${literalText(e.key)} -> ${literalText(e.y)}`,
          ]),
          s.otherwise ? [s.otherwise.y.value, `else -> ${literalText(s.otherwise.y)}`] : null,
          `rt.noMapEntry(c, ${v});`,
        );
    }
  }

  /** Sets the score and branch. */
  private set(score: number, branch: string): string {
    return `sc = ${this.number(clampScore(score))}; br = ${this.string(branch)};`;
  }

  /** `if (cond) {…} else if … else {…}`; conditions `null` never hold and are left out. */
  private chain(
    cases: readonly (readonly [string | null, number, string])[],
    otherwise: readonly [number, string] | null,
    none: string,
  ): void {
    let first = true;
    for (const [cond, score, branch] of cases) {
      if (cond === null) continue;
      this.emit(`${first ? 'if' : '} else if'} (${cond}) {`);
      this.emit(this.set(score, branch));
      first = false;
    }
    if (!first) this.emit('} else {');
    this.emit(otherwise ? this.set(otherwise[0], otherwise[1]) : none);
    if (!first) this.emit('}');
  }

  /** The condition of a step, as `holds` in `scoring.ts`; null when it never holds. */
  private holds(step: Step, v: string): string | null {
    const x = step.x.value;
    const lit = this.literal(x);
    const op: ComparisonOperator = step.op;
    if (op === '==') return `${v} === ${lit}`;
    if (op === '!=') return `typeof ${v} === ${this.string(typeof x)} && ${v} !== ${lit}`;
    if (typeof x !== 'number') return null;
    return `typeof ${v} === "number" && ${v} ${op} ${lit}`;
  }

  /** Piecewise-linear, as `linear` in `scoring.ts`, with the segment search unrolled. */
  private linear(s: Extract<Scoring, { kind: 'Linear' }>, v: string): void {
    const n = s.points.length;
    const xs = s.points.map((p) => this.number(p.x.value));
    const ys = s.points.map((p) => clampScore(p.y.value));
    const texts = s.points.map((p) => `${literalText(p.x)} -> ${literalText(p.y)}`);

    this.emit(`if (typeof ${v} !== "number") {`);
    this.emit('c.miss("wrong type");');
    this.emit(n === 1 ? '} else {' : `} else if (${v} < ${xs[0]}) {`);
    this.emit(this.set(ys[0] as number, `<= ${texts[0]}`));
    if (n > 1) {
      this.emit(`} else if (${v} > ${xs[n - 1]}) {`);
      this.emit(this.set(ys[n - 1] as number, `>= ${texts[n - 1]}`));
      // The closures step on while v >= the next point; `!(v >= x)` keeps that
      // exact meaning, where `v < x` would differ for NaN.
      for (let i = 0; i < n - 1; i++) {
        this.emit(i < n - 2 ? `} else if (!(${v} >= ${xs[i + 1]})) {` : '} else {');
        const [x0, x1] = [xs[i] as string, xs[i + 1] as string];
        const [y0, y1] = [this.number(ys[i] as number), this.number(ys[i + 1] as number)];
        this.emit(`const r = ${y0} + ((${v} - ${x0}) / (${x1} - ${x0})) * (${y1} - ${y0});`);
        this.emit(`sc = Number.isFinite(r) ? (r < 0 ? 0 : r > 100 ? 100 : r) : ${y0};`);
        this.emit(`br = ${this.string(`${texts[i]} .. ${texts[i + 1]}`)};`);
      }
    }
    this.emit('}');
  }
}

function stepText(step: Step): string {
  return `${step.op} ${literalText(step.x)} -> ${literalText(step.y)}`;
}
