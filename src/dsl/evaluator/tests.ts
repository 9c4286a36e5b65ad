/**
 * The runner of a scorecard's `test` blocks.
 *
 * Decisions:
 * - Every test evaluates at the fixed as-of 2026-01-01T00:00:00Z
 *   (`TEST_AS_OF`), so a test passes or fails the same way on any day.
 * - `signal = value` is observed at that as-of; `signal = value @ -30d`
 *   thirty days earlier. When a signal is given twice at the same time the
 *   one written last is current.
 * - `expect score OP N` fails when there is no score (insufficient data).
 * - Failures carry the expectation as written (`expect score >= 85`), the
 *   expected and the actual outcome as short text, and the location of the
 *   `expect`.
 */
import type { Expectation, TestDecl } from '../ast.js';
import { toLocation } from '../location.js';
import type {
  EvaluateOptions,
  HealthResult,
  Observation,
  TestFailure,
  TestResult,
} from '../result.js';
import { DAY_MS } from './context.js';
import { literalText } from './scoring.js';

/** The as-of time of every `test` block. */
export const TEST_AS_OF = '2026-01-01T00:00:00.000Z';

type Evaluate = (observations: readonly Observation[], options: EvaluateOptions) => HealthResult;

/** Runs `tests` in order with `evaluate`, locating them in `file`. */
export function runTestBlocks(
  tests: readonly TestDecl[],
  evaluate: Evaluate,
  file: string | undefined,
): TestResult[] {
  const asOf = Date.parse(TEST_AS_OF);
  return tests.map((test) => {
    const observations: Observation[] = test.given.map((g) => ({
      signal: g.signal.name,
      value: g.value.value,
      at: new Date(asOf - (g.ago ? g.ago.days * DAY_MS : 0)).toISOString(),
    }));
    const result = evaluate(observations, { asOf: TEST_AS_OF, explain: true });
    const failures: TestFailure[] = [];
    for (const expectation of test.expects) {
      const failure = check(expectation, result);
      if (failure) failures.push({ ...failure, location: toLocation(expectation.range, file) });
    }
    return {
      name: test.name.value,
      passed: failures.length === 0,
      failures,
      location: toLocation(test.range, file),
      result,
    };
  });
}

/** The expectation as written, e.g. `expect no alert usage_dip`. */
export function expectationText(e: Expectation): string {
  switch (e.kind) {
    case 'ExpectBand':
      return `expect band ${e.band.name}`;
    case 'ExpectScore':
      return `expect score ${e.op} ${literalText(e.value)}`;
    case 'ExpectStatus':
      return `expect status ${e.status}`;
    case 'ExpectAlert':
      return `expect ${e.negated ? 'no ' : ''}alert ${e.alert.name}`;
  }
}

function compare(op: string, a: number, b: number): boolean {
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '==':
      return a === b;
    default:
      return a !== b;
  }
}

/** The failure of one expectation, or null when it holds. */
function check(e: Expectation, r: HealthResult): Omit<TestFailure, 'location'> | null {
  const expectation = expectationText(e);
  const noScore = `no score (${r.status})`;
  switch (e.kind) {
    case 'ExpectBand': {
      if (r.band === e.band.name) return null;
      return { expectation, expected: e.band.name, actual: r.band ?? noScore };
    }
    case 'ExpectScore': {
      const expected = `score ${e.op} ${literalText(e.value)}`;
      if (r.score !== null && compare(e.op, r.score, e.value.value)) return null;
      return { expectation, expected, actual: r.score === null ? noScore : `score ${r.score}` };
    }
    case 'ExpectStatus': {
      if (r.status === e.status) return null;
      return { expectation, expected: e.status, actual: r.status };
    }
    case 'ExpectAlert': {
      const firing = r.alerts.some((a) => a.name === e.alert.name);
      if (firing !== e.negated) return null;
      const [want, got] = e.negated ? ['not firing', 'firing'] : ['firing', 'not firing'];
      return { expectation, expected: `${e.alert.name} ${want}`, actual: `${e.alert.name} ${got}` };
    }
  }
}
