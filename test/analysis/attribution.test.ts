import { describe, expect, it } from 'vitest';
import { attributeChange, explainScoreMove } from '../../src/analysis/attribution.js';
import type { MovePart } from '../../src/analysis/attribution.js';
import { AS_OF, BASE, card, series, variant } from './harness.js';

const DAY = 86_400_000;
const T1 = new Date(AS_OF.getTime() - 30 * DAY);
const T2 = AS_OF;
const base = card(BASE);
const heavier = card(variant(BASE, ['metric m1 weight 1', 'metric m1 weight 3']));

/** Each metric's delta, by name, to compare parts without caring about order. */
function byMetric(part: MovePart): Record<string, number> {
  return Object.fromEntries(part.metrics.map((m) => [m.metric, m.delta]));
}

/** Checks rules + data = total, overall and per metric. */
function expectPartsAddUp(r: ReturnType<typeof attributeChange>): void {
  expect(r.rules.delta + r.data.delta).toBeCloseTo(r.total.delta, 9);
  const rules = byMetric(r.rules);
  const data = byMetric(r.data);
  for (const [metric, total] of Object.entries(byMetric(r.total))) {
    expect((rules[metric] ?? 0) + (data[metric] ?? 0)).toBeCloseTo(total, 9);
  }
  for (const part of [r.rules, r.data, r.total]) {
    const metrics = part.metrics.reduce((sum, m) => sum + m.delta, 0);
    expect(metrics + part.adjustment).toBeCloseTo(part.delta, 9);
  }
}

describe('attributeChange', () => {
  it('splits a move into the rule part and the data part, per metric', () => {
    // At t1: a = 80, b = 40. By t2, a fell to 40.
    const h = series([
      ['a', 80, 40],
      ['b', 40, 40],
      ['a', 40, 1],
    ]);

    const r = attributeChange(h, { a: base, b: heavier }, T1, T2);

    // A@t1 = (80 + 40) / 2 = 60; B@t1 = 0.75·80 + 0.25·40 = 70; B@t2 = 0.75·40 + 0.25·40 = 40.
    expect([r.points.aAtT1.score, r.points.bAtT1.score, r.points.bAtT2.score]).toEqual([
      60, 70, 40,
    ]);
    expect(r.total.delta).toBeCloseTo(-20, 9);
    expect(r.rules.delta).toBeCloseTo(10, 9);
    expect(r.data.delta).toBeCloseTo(-30, 9);
    // Rules: m1 40 -> 60, m2 20 -> 10. Data: m1 60 -> 30, m2 unchanged.
    expect(r.rules.metrics.map((m) => [m.metric, m.delta])).toEqual([
      ['g.m1', 20],
      ['g.m2', -10],
    ]);
    expect(r.data.metrics.map((m) => [m.metric, m.delta])).toEqual([
      ['g.m1', -30],
      ['g.m2', 0],
    ]);
    expect(byMetric(r.total)).toEqual({ 'g.m1': -10, 'g.m2': -10 });
    expect(r.comparable).toBe(true);
    expectPartsAddUp(r);
  });

  it('counts an unscored result as 0 so the parts still add up', () => {
    // Nothing is known at t1: both versions say insufficient_data there.
    const h = series([
      ['a', 50, 1],
      ['b', 70, 1],
    ]);

    const r = attributeChange(h, { a: base, b: heavier }, T1, T2);

    expect(r.points.aAtT1.status).toBe('insufficient_data');
    expect(r.points.bAtT2.score).toBe(55); // 0.75·50 + 0.25·70
    expect(r.rules.delta).toBe(0);
    expect(r.data.delta).toBe(55);
    expect(r.total.delta).toBe(55);
    expect(byMetric(r.data)).toEqual({ 'g.m1': 37.5, 'g.m2': 17.5 });
    expect(r.comparable).toBe(false);
    expectPartsAddUp(r);
  });

  it('puts what a cap does outside the metrics, in the adjustment', () => {
    const capped = card(variant(BASE, ['  bands {', '  cap bad when a < 30\n  bands {']));
    const h = series([
      ['a', 20, 40],
      ['b', 100, 40],
    ]);

    const r = attributeChange(h, { a: base, b: capped }, T1, T2);

    // 60 under A; the cap holds B at 59.9 at both times.
    expect(r.rules.delta).toBeCloseTo(-0.1, 9);
    expect(r.rules.metrics.every((m) => m.delta === 0)).toBe(true);
    expect(r.rules.adjustment).toBeCloseTo(-0.1, 9);
    expect(r.data.delta).toBe(0);
    expectPartsAddUp(r);
  });
});

describe('explainScoreMove', () => {
  it('lists the metrics behind a move, largest first', () => {
    const h = series([
      ['a', 80, 40],
      ['b', 40, 40],
      ['a', 40, 1],
      ['b', 90, 1],
    ]);

    const move = explainScoreMove(h, base, T1, T2);

    // 60 at t1; (40 + 90) / 2 = 65 at t2. m1 40 -> 20, m2 20 -> 45.
    expect([move.before.score, move.after.score]).toEqual([60, 65]);
    expect(move.delta).toBeCloseTo(5, 9);
    expect(move.metrics).toEqual([
      { metric: 'g.m2', pointsBefore: 20, pointsAfter: 45, delta: 25 },
      { metric: 'g.m1', pointsBefore: 40, pointsAfter: 20, delta: -20 },
    ]);
    expect(move.adjustment).toBeCloseTo(0, 9);
  });
});
