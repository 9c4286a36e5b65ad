import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildHistory, compile } from '../../src/dsl/index.js';
import type { CompiledScorecard } from '../../src/dsl/scorecard.js';
import type { Observation } from '../../src/dsl/result.js';
import { isoTime, roundScore } from '../../src/dsl/evaluator/numbers.js';
import { TEST_AS_OF } from '../../src/dsl/evaluator/tests.js';

const SPEC = readFileSync(new URL('../fixtures/spec-example.health', import.meta.url), 'utf8');

/** Compiles a source that must have no errors. */
function scorecardOf(source: string, file?: string): CompiledScorecard {
  const { diagnostics, scorecard } = compile(source, file === undefined ? {} : { file });
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return scorecard!;
}

/** A one-metric scorecard over `x`, plus whatever `extra` declares. */
function single(expr: string, extra = ''): CompiledScorecard {
  return scorecardOf(`scorecard "t" {
  signal x : number
  signal y : number
  signal t : text
  group g weight 1 {
    metric m weight 1 = ${expr} linear { 0 -> 0, 100 -> 100 }
  }
  bands {
    good from 50 green
    bad from 0 red
  }
  ${extra}
}`);
}

const AS_OF = '2026-02-01T00:00:00Z';
const obs = (signal: string, value: Observation['value'], at = '2026-01-31T00:00:00Z') => ({
  signal,
  value,
  at,
});

describe('buildHistory', () => {
  it('groups observations by signal and sorts each series by time', () => {
    const history = buildHistory([
      obs('a', 2, '2026-01-02T00:00:00Z'),
      obs('b', 'x', '2026-01-05T00:00:00Z'),
      obs('a', 1, new Date('2026-01-01T00:00:00Z') as unknown as string),
    ]);
    expect(history.get('a')).toEqual({
      times: [Date.parse('2026-01-01T00:00:00Z'), Date.parse('2026-01-02T00:00:00Z')],
      values: [1, 2],
    });
    expect(history.get('b')?.values).toEqual(['x']);
  });

  it('keeps the input order of observations made at the same time', () => {
    const history = buildHistory([
      obs('a', 9, '2026-01-03T00:00:00Z'),
      obs('a', 1, '2026-01-01T00:00:00Z'),
      obs('a', 2, '2026-01-01T00:00:00Z'),
    ]);
    expect(history.get('a')?.values).toEqual([1, 2, 9]);
  });

  it('throws a TypeError naming the index of an observation whose time does not parse', () => {
    expect(() => buildHistory([obs('a', 1), obs('nps', 1, 'yesterday')])).toThrow(
      new TypeError(
        'observation 1 (nps) has time "yesterday"; expected a Date or an ISO 8601 string',
      ),
    );
  });

  it('throws a TypeError for an invalid Date', () => {
    expect(() => buildHistory([{ signal: 'a', value: 1, at: new Date(NaN) }])).toThrow(
      /observation 0 \(a\) has time an invalid Date/,
    );
  });
});

describe('evaluate', () => {
  it('rejects an as-of that is not a time', () => {
    const card = single('x');
    expect(() => card.evaluate([], { asOf: 'soon' })).toThrow(TypeError);
  });

  it('evaluates at the current time when no as-of is given', () => {
    const card = single('x');
    const yesterday = new Date(Date.now() - 86_400_000);
    const result = card.evaluate([{ signal: 'x', value: 70, at: yesterday }]);
    expect(result.score).toBe(70);
    expect(Math.abs(Date.parse(result.asOf) - Date.now())).toBeLessThan(60_000);
  });

  it('leaves out the metric list when explain is false', () => {
    const result = single('x').evaluate([obs('x', 70)], { asOf: AS_OF, explain: false });
    expect(result.metrics).toBeUndefined();
    expect(result.score).toBe(70);
  });

  it('treats a value of the wrong type as missing and says so', () => {
    const result = single('x').evaluate([obs('x', 'high')], { asOf: AS_OF });
    expect(result.metrics?.[0]).toMatchObject({
      status: 'missing',
      reason: 'x is not a number',
      value: null,
      signals: [{ signal: 'x', value: 'high', stale: false }],
    });
  });

  it('shows an observed Infinity as a null reading and the metric as missing', () => {
    const result = single('x').evaluate([obs('x', Infinity)], { asOf: AS_OF });
    expect(result.metrics?.[0]).toMatchObject({
      status: 'missing',
      reason: 'x is not a number',
      signals: [{ signal: 'x', value: null, at: '2026-01-31T00:00:00.000Z', ageDays: 1 }],
    });
  });

  it('makes a non-finite intermediate value missing instead of Infinity', () => {
    const result = single('x * x').evaluate([obs('x', 1e200)], { asOf: AS_OF });
    expect(result.metrics?.[0]).toMatchObject({ status: 'missing', reason: 'result out of range' });
    expect(result.status).toBe('insufficient_data');
  });

  it('lets a missing operand make an or-condition false even when the other side holds', () => {
    const card = single('x', 'alert either when present(x) or y > 1');
    expect(card.evaluate([obs('x', 10)], { asOf: AS_OF }).alerts).toEqual([]);
    expect(card.evaluate([obs('x', 10), obs('y', 0)], { asOf: AS_OF }).alerts).toHaveLength(1);
  });

  it('compares text values with ==', () => {
    const card = single('x', 'alert gold when t == "gold"\n  alert silver when t == "silver"');
    const fired = card.evaluate([obs('x', 1), obs('t', 'gold')], { asOf: AS_OF }).alerts;
    expect(fired.map((a) => a.name)).toEqual(['gold']);
  });

  it('reports metric locations with the file name', () => {
    const card = scorecardOf(SPEC, 'spec.health');
    const result = card.evaluate([], { asOf: AS_OF });
    expect(result.metrics?.[2]).toMatchObject({
      group: 'usage',
      metric: 'activation',
      location: { file: 'spec.health', line: 20, column: 5, endLine: 21 },
    });
  });

  it('shares one reading per signal between the metrics that read it', () => {
    const card = scorecardOf(SPEC);
    const result = card.evaluate([obs('active_users', 5), obs('seats', 10)], { asOf: AS_OF });
    const [activation, trend] = [result.metrics![2]!, result.metrics![3]!];
    expect(activation.signals.map((s) => s.signal)).toEqual(['active_users', 'seats']);
    expect(trend.signals[0]).toBe(activation.signals[0]);
    expect(trend).toMatchObject({
      status: 'imputed',
      reason: 'no value of active_users at or before as-of − 30d',
    });
  });

  it('throws a TypeError for a manual override whose expiry does not parse', () => {
    const card = single('x');
    const manualOverride = { band: 'good', reason: 'r', expiresAt: 'never' };
    expect(() => card.evaluate([obs('x', 1)], { asOf: AS_OF, manualOverride })).toThrow(
      /manualOverride.expiresAt is "never"/,
    );
  });
});

describe('compiled scorecard', () => {
  it('describes signals, metrics, bands, alerts and coverage', () => {
    const card = scorecardOf(SPEC);
    expect(card.title).toBe('Default B2B health');
    expect(card.signals.slice(0, 2)).toEqual([
      { name: 'seats', type: 'number', maxAgeDays: 90 },
      { name: 'active_users', type: 'number', maxAgeDays: 14 },
    ]);
    expect(card.metrics[1]).toMatchObject({ group: 'onboarding', metric: 'time_value' });
    expect(card.metrics[1]!.nominalWeight).toBeCloseTo(0.2 * (2 / 3), 12);
    expect(card.bands.map((b) => [b.name, b.from, b.color])).toEqual([
      ['healthy', 80, 'green'],
      ['stable', 60, 'yellow'],
      ['at_risk', 40, 'orange'],
      ['critical', 0, 'red'],
    ]);
    expect(card.alerts[1]).toEqual({
      name: 'missed_milestone',
      severity: 'medium',
      message: 'A milestone was missed',
    });
    expect(card.minCoverage).toBe(0.5);
  });

  it('defaults min_coverage to 50% and alert severity to medium', () => {
    const card = single('x', 'alert a when x > 1');
    expect(card.minCoverage).toBe(0.5);
    expect(card.alerts[0]?.severity).toBe('medium');
  });
});

describe('runTests', () => {
  it('passes the SPEC example test', () => {
    const [result] = scorecardOf(SPEC).runTests();
    expect(result).toMatchObject({ name: 'an engaged promoter is healthy', passed: true });
    expect(result!.failures).toEqual([]);
    expect(result!.result.score).toBe(96);
    expect(result!.result.asOf).toBe(TEST_AS_OF);
  });

  it('reports each failed expectation with what was expected and what was found', () => {
    const card = scorecardOf(
      `scorecard "t" {
  signal x : number
  group g weight 1 {
    metric m weight 1 = x linear { 0 -> 0, 100 -> 100 }
  }
  bands {
    good from 50 green
    bad from 0 red
  }
  alert dip when change(x, 30d) < -25%
  test "dipping" {
    given { x = 40  x = 80 @ -30d }
    expect band good
    expect score >= 41
    expect score == 40
    expect no alert dip
    expect alert dip
    expect status insufficient_data
  }
  test "empty" {
    given { }
    expect status insufficient_data
    expect score > 0
  }
}`,
      'dip.health',
    );
    const [dipping, empty] = card.runTests();
    expect(dipping!.passed).toBe(false);
    expect(dipping!.failures.map(({ location, ...f }) => [f, location.line])).toEqual([
      [{ expectation: 'expect band good', expected: 'good', actual: 'bad' }, 13],
      [{ expectation: 'expect score >= 41', expected: 'score >= 41', actual: 'score 40' }, 14],
      [
        { expectation: 'expect no alert dip', expected: 'dip not firing', actual: 'dip firing' },
        16,
      ],
      [
        {
          expectation: 'expect status insufficient_data',
          expected: 'insufficient_data',
          actual: 'scored',
        },
        18,
      ],
    ]);
    expect(dipping!.failures[0]!.location.file).toBe('dip.health');
    expect(empty!.failures).toEqual([
      expect.objectContaining({
        expectation: 'expect score > 0',
        actual: 'no score (insufficient_data)',
      }),
    ]);
  });
});

describe('numbers', () => {
  it('rounds half up to one decimal despite binary representation', () => {
    expect([84.45, 84.44, 0.05, 1.25, 99.95, 0].map(roundScore)).toEqual([
      84.5, 84.4, 0.1, 1.3, 100, 0,
    ]);
  });

  it('formats times exactly like toISOString', () => {
    const times = [
      '2024-02-29T23:59:59.999Z',
      '1970-01-01T00:00:00.000Z',
      '1969-12-31T12:00:00.5Z',
    ];
    for (const t of times) expect(isoTime(Date.parse(t))).toBe(new Date(t).toISOString());
  });
});
