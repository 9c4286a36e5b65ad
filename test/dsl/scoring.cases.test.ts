/**
 * Golden scoring cases: each `test/cases/scoring/*.json` holds rules,
 * observations per account and the expected results, computed by hand.
 * Only the fields a case lists are asserted, so a case states exactly what
 * it is about. A new case is a new file; this runner needs no change.
 *
 * Case shape: { description, rules (inline source or a `.health` file name
 * relative to the case), asOf, accounts: { id: [observations] },
 * manualOverrides?: { id: override }, expect: { id: partial result } },
 * where `expect.ID.metrics` is keyed by `group.metric`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/dsl/index.js';
import type { HealthResult, ManualOverride, Observation } from '../../src/dsl/result.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '../cases/scoring');

interface ScoringCase {
  description: string;
  rules: string;
  asOf: string;
  accounts: Record<string, Observation[]>;
  manualOverrides?: Record<string, ManualOverride>;
  expect: Record<string, Record<string, unknown>>;
}

/** Asserts that `actual` has every field of `expected`; numbers to 1e-9. */
function expectSubset(actual: unknown, expected: unknown, path: string): void {
  if (typeof expected === 'number') {
    expect(typeof actual, path).toBe('number');
    expect(
      Math.abs((actual as number) - expected),
      `${path}: ${actual} vs ${expected}`,
    ).toBeLessThan(1e-9);
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true);
    const list = actual as unknown[];
    expect(list.length, `${path}.length`).toBe(expected.length);
    expected.forEach((e, i) => expectSubset(list[i], e, `${path}[${i}]`));
  } else if (expected !== null && typeof expected === 'object') {
    expect(actual, path).toBeTypeOf('object');
    expect(actual, path).not.toBeNull();
    for (const [key, value] of Object.entries(expected)) {
      expectSubset((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
    }
  } else {
    expect(actual, path).toBe(expected);
  }
}

/** Re-keys the metric list by `group.metric`, the way cases name metrics. */
function keyedMetrics(result: HealthResult): Record<string, unknown> {
  return Object.fromEntries((result.metrics ?? []).map((m) => [`${m.group}.${m.metric}`, m]));
}

const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

describe('golden scoring cases', () => {
  it('finds the case files', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const file of files) {
    const c = JSON.parse(readFileSync(join(dir, file), 'utf8')) as ScoringCase;
    const source = c.rules.endsWith('.health') ? readFileSync(join(dir, c.rules), 'utf8') : c.rules;

    describe(`${file}: ${c.description.split('.')[0]}`, () => {
      const { diagnostics, scorecard } = compile(source, { file });

      it('compiles without errors', () => {
        expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      });

      for (const [account, expected] of Object.entries(c.expect)) {
        it(`scores account ${account} as expected`, () => {
          const result = scorecard!.evaluate(c.accounts[account] ?? [], {
            asOf: c.asOf,
            manualOverride: c.manualOverrides?.[account] ?? null,
          });
          const { metrics, ...rest } = expected;
          expectSubset(result, rest, account);
          if (metrics !== undefined) {
            expectSubset(keyedMetrics(result), metrics, `${account}.metrics`);
          }
        });
      }
    });
  }
});
