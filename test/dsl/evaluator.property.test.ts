import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/dsl/index.js';
import type { HealthResult, Observation } from '../../src/dsl/result.js';
import { isoTime, roundScore } from '../../src/dsl/evaluator/numbers.js';

const SPEC = readFileSync(new URL('../fixtures/spec-example.health', import.meta.url), 'utf8');
const card = compile(SPEC).scorecard!;
const AS_OF = Date.parse('2026-06-01T00:00:00Z');
const DAY = 86_400_000;

const NUMERIC = ['seats', 'active_users', 'days_to_value', 'nps', 'csat', 'milestones_missed'];

/** Observations within 200 days either side of as-of, any value type, edge numbers included. */
const observation: fc.Arbitrary<Observation> = fc.record({
  signal: fc.constantFrom(...NUMERIC, 'onboarding_done', 'unknown'),
  value: fc.oneof(
    fc.integer({ min: -200, max: 200 }),
    fc.double({ noNaN: false }),
    fc.constantFrom(0, -0, 1e308, -1e308),
    fc.boolean(),
    fc.string({ maxLength: 3 }),
  ),
  at: fc.integer({ min: -200 * DAY, max: 200 * DAY }).map((d) => new Date(AS_OF + d)),
});

const observations = fc.array(observation, { maxLength: 40 });

/** Every number anywhere in `value`. */
function numbersIn(value: unknown, out: number[] = []): number[] {
  if (typeof value === 'number') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => numbersIn(v, out));
  else if (value !== null && typeof value === 'object') {
    Object.values(value).forEach((v) => numbersIn(v, out));
  }
  return out;
}

const evaluate = (list: readonly Observation[]): HealthResult =>
  card.evaluate(list, { asOf: new Date(AS_OF) });

describe('evaluator properties', () => {
  it('never produces NaN or Infinity, whatever the observations', () => {
    fc.assert(
      fc.property(observations, (list) => {
        const result = evaluate(list);
        for (const n of numbersIn(result)) expect(Number.isFinite(n)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps scores in 0..100 on the one-decimal grid, with points summing to the raw score', () => {
    fc.assert(
      fc.property(observations, (list) => {
        const result = evaluate(list);
        const metrics = result.metrics!;
        expect(result.coverage).toBeGreaterThanOrEqual(0);
        expect(result.coverage).toBeLessThanOrEqual(1 + 1e-9);
        for (const m of metrics) {
          if (m.score !== null) expect(m.score >= 0 && m.score <= 100).toBe(true);
          if (m.score === null) expect(m.effectiveWeight).toBe(0);
        }
        if (result.score === null) {
          expect(result.status).toBe('insufficient_data');
          expect(result.band).toBeNull();
          return;
        }
        expect(result.score >= 0 && result.score <= 100).toBe(true);
        expect(Math.round(result.score * 10) / 10).toBe(result.score);
        const points = metrics.reduce((sum, m) => sum + m.points, 0);
        expect(Math.abs(points - result.rawScore!)).toBeLessThan(1e-6);
        const weights = metrics.reduce((sum, m) => sum + m.effectiveWeight, 0);
        expect(Math.abs(weights - 1)).toBeLessThan(1e-6);
      }),
    );
  });

  it('puts an account without applied overrides in the first band its score reaches', () => {
    fc.assert(
      fc.property(observations, (list) => {
        const result = evaluate(list);
        if (result.score === null || result.overrides.some((o) => o.applied)) return;
        const band = card.bands.find((b) => b.from <= result.score!);
        expect(result.band).toBe(band!.name);
      }),
    );
  });

  it('ignores observations made after as-of', () => {
    const future = fc.array(
      observation.map((o) => ({ ...o, at: new Date(AS_OF + 1 + Math.abs(+o.at - AS_OF)) })),
      { maxLength: 10 },
    );
    fc.assert(
      fc.property(observations, future, (list, later) => {
        const past = list.filter((o) => +o.at <= AS_OF);
        expect(evaluate([...past, ...later])).toEqual(evaluate(past));
      }),
    );
  });

  it('does not depend on the order observations arrive in when their times differ', () => {
    fc.assert(
      fc.property(observations, fc.integer(), (list, seed) => {
        const distinct = list.filter((o, i) => list.findIndex((p) => +p.at === +o.at) === i);
        const shuffled = [...distinct].sort(
          (a, b) => ((+a.at * 31 + seed) % 97) - ((+b.at * 31 + seed) % 97),
        );
        expect(evaluate(shuffled)).toEqual(evaluate(distinct));
      }),
    );
  });
});

describe('number helpers', () => {
  it('rounds numbers with two decimals half up, as decimal arithmetic would', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (hundredths) => {
        expect(roundScore(hundredths / 100)).toBe(Math.floor((hundredths + 5) / 10) / 10);
      }),
    );
  });

  it('formats any time between years 0 and 9999 exactly like toISOString', () => {
    const min = Date.parse('0000-01-01T00:00:00Z');
    const max = Date.parse('9999-12-31T23:59:59.999Z');
    fc.assert(
      fc.property(fc.integer({ min, max }), (ms) => {
        expect(isoTime(ms)).toBe(new Date(ms).toISOString());
      }),
    );
  });
});
