import { describe, expect, it } from 'vitest';
import { impact } from '../../src/analysis/impact.js';
import { AS_OF, BASE, card, history, variant } from './harness.js';

const base = card(BASE);

describe('impact', () => {
  it('moves accounts across bands when a metric weight changes', async () => {
    // m1 weight 1 -> 3: the score becomes 0.75a + 0.25b instead of (a + b) / 2.
    const heavier = card(variant(BASE, ['metric m1 weight 1', 'metric m1 weight 3']));
    const accounts = [
      { id: 'x', history: history({ a: 80, b: 40 }) }, // 60 good -> 70 good
      { id: 'y', history: history({ a: 40, b: 80 }) }, // 60 good -> 50 bad
      { id: 'z', history: history({ a: 20, b: 20 }) }, // 20 bad -> 20 bad
      { id: 'w', history: history({ a: 90, b: 10 }) }, // 50 bad -> 70 good
      { id: 'v', history: history({ c: 1 }) }, // no metric has data
    ];

    const report = await impact(accounts, base, heavier, AS_OF, { topMovers: 2 });

    expect(report.transitions.from).toEqual(['good', 'bad', 'insufficient_data']);
    expect(report.transitions.to).toEqual(['good', 'bad', 'insufficient_data']);
    expect(report.transitions.counts).toEqual([
      [1, 1, 0],
      [1, 1, 0],
      [0, 0, 1],
    ]);
    expect(report.transitions.cells).toEqual([
      { from: 'good', to: 'good', count: 1 },
      { from: 'good', to: 'bad', count: 1 },
      { from: 'bad', to: 'good', count: 1 },
      { from: 'bad', to: 'bad', count: 1 },
      { from: 'insufficient_data', to: 'insufficient_data', count: 1 },
    ]);
    expect(report.accounts).toBe(5);
    expect(report.scoredBoth).toBe(4);
    expect(report.insufficientBefore).toBe(1);
    expect(report.insufficientAfter).toBe(1);
    expect(report.bandChanged).toBe(2);
    expect(report.meanScoreChange).toBeCloseTo(5, 9); // (10 - 10 + 0 + 20) / 4
    expect(report.moved).toBe(3); // x, y and w; only two of them are kept as top movers
    expect(report.largestScoreChange).toEqual({ account: 'w', delta: 20 });

    // w moved 20; x and y both moved 10, and the tie goes to the smaller id.
    expect(report.topMovers.map((m) => [m.account, m.delta])).toEqual([
      ['w', 20],
      ['x', 10],
    ]);
    const w = report.topMovers[0]!;
    expect([w.scoreBefore, w.scoreAfter, w.bandBefore, w.bandAfter]).toEqual([
      50,
      70,
      'bad',
      'good',
    ]);
    // m1: 0.5 × 90 = 45 -> 0.75 × 90 = 67.5; m2: 0.5 × 10 = 5 -> 0.25 × 10 = 2.5.
    expect(w.metrics.map((m) => m.metric)).toEqual(['g.m1', 'g.m2']);
    expect(w.metrics[0]!.pointsBefore).toBeCloseTo(45, 9);
    expect(w.metrics[0]!.pointsAfter).toBeCloseTo(67.5, 9);
    expect(w.metrics[0]!.delta).toBeCloseTo(22.5, 9);
    expect(w.metrics[1]!.delta).toBeCloseTo(-2.5, 9);
  });

  it('counts a new metric as 0 points on the side that lacks it', async () => {
    const withC = card(
      variant(BASE, [
        'metric m2 weight 1 = b linear { 0 -> 0, 100 -> 100 }',
        `metric m2 weight 1 = b linear { 0 -> 0, 100 -> 100 }
    metric m3 weight 2 = c linear { 0 -> 0, 100 -> 100 }`,
      ]),
    );
    const accounts = [
      { id: 'p', history: history({ a: 60, b: 60, c: 100 }) }, // 60 -> (60+60+200)/4 = 80
      { id: 'q', history: history({ a: 60, b: 60, c: 0 }) }, // 60 -> 30
      // Without c, coverage is exactly 50%: still scored, and m1, m2 share the weight.
      { id: 'r', history: history({ a: 60, b: 60 }) }, // 60 -> 60
    ];

    const report = await impact(accounts, base, withC, AS_OF);

    expect(report.transitions).toEqual({
      from: ['good', 'bad'],
      to: ['good', 'bad'],
      counts: [
        [2, 1],
        [0, 0],
      ],
      cells: [
        { from: 'good', to: 'good', count: 2 },
        { from: 'good', to: 'bad', count: 1 },
      ],
    });
    expect(report.bandChanged).toBe(1);
    expect(report.meanScoreChange).toBeCloseTo(-10 / 3, 9);
    expect(report.largestScoreChange).toEqual({ account: 'q', delta: -30 });
    expect(report.topMovers.map((m) => [m.account, m.delta])).toEqual([
      ['q', -30],
      ['p', 20],
    ]);
    const p = report.topMovers[1]!;
    expect(p.metrics.map((m) => m.metric)).toEqual(['g.m3', 'g.m1', 'g.m2']);
    expect(p.metrics[0]).toEqual({ metric: 'g.m3', pointsBefore: 0, pointsAfter: 50, delta: 50 });
    expect(p.metrics[1]!.delta).toBeCloseTo(-15, 9);
    expect(p.metrics[2]!.delta).toBeCloseTo(-15, 9);
  });

  it('reports band moves without a score change when a threshold moves', async () => {
    const lower = card(variant(BASE, ['good from 60', 'good from 50']));
    const accounts = [
      { id: 'high', history: history({ a: 70, b: 60 }) }, // 65 good -> good
      { id: 'mid', history: history({ a: 50, b: 60 }) }, // 55 bad -> good
      { id: 'low', history: history({ a: 40, b: 50 }) }, // 45 bad -> bad
    ];

    const report = await impact(accounts, base, lower, AS_OF);

    expect(report.transitions.counts).toEqual([
      [1, 0],
      [1, 1],
    ]);
    expect(report.bandChanged).toBe(1);
    expect(report.meanScoreChange).toBe(0);
    expect(report.largestScoreChange).toEqual({ account: 'high', delta: 0 });
    expect(report.moved).toBe(1);
    expect(report.topMovers).toHaveLength(1);
    const mid = report.topMovers[0]!;
    expect([mid.account, mid.delta, mid.bandBefore, mid.bandAfter]).toEqual([
      'mid',
      0,
      'bad',
      'good',
    ]);
    expect(mid.metrics.map((m) => m.delta)).toEqual([0, 0]);
  });

  it('moves only the accounts a new cap catches', async () => {
    const capped = card(
      variant(BASE, ['  bands {', '  cap bad when a < 30 "Low a is bad"\n  bands {']),
    );
    const accounts = [
      { id: 'caught', history: history({ a: 20, b: 100 }) }, // 60 good -> capped 59.9 bad
      { id: 'fine', history: history({ a: 80, b: 80 }) }, // 80 good, cap does not fire
      { id: 'already', history: history({ a: 25, b: 35 }) }, // 30 bad, cap changes nothing
    ];

    const report = await impact(accounts, base, capped, AS_OF);

    expect(report.transitions.counts).toEqual([
      [1, 1],
      [0, 1],
    ]);
    expect(report.bandChanged).toBe(1);
    expect(report.largestScoreChange).toEqual({ account: 'caught', delta: -0.1 });
    expect(report.meanScoreChange).toBeCloseTo(-0.1 / 3, 9);
    expect(report.moved).toBe(1);
    expect(report.topMovers).toHaveLength(1);
    const caught = report.topMovers[0]!;
    expect([caught.scoreBefore, caught.scoreAfter, caught.bandAfter]).toEqual([60, 59.9, 'bad']);
    // The cap acts after the points are summed: no metric moved.
    expect(caught.metrics.every((m) => m.delta === 0)).toBe(true);
  });

  it('reads accounts from an async iterable one at a time', async () => {
    async function* pages() {
      yield { id: 'b', history: history({ a: 100, b: 100 }) };
      yield { id: 'a', history: history({ a: 0, b: 0 }) };
    }
    const report = await impact(pages(), base, base, AS_OF);
    expect(report.accounts).toBe(2);
    expect(report.bandChanged).toBe(0);
    expect(report.moved).toBe(0);
    expect(report.topMovers).toEqual([]);
    expect(report.transitions.counts).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });

  it('keeps the largest movers whatever the order they arrive in', async () => {
    const heavier = card(variant(BASE, ['metric m1 weight 1', 'metric m1 weight 3']));
    // Δ = 0.25 (a − b): account i has a − b = 2i, so Δ = i / 2.
    const ids = Array.from({ length: 30 }, (_, i) => i + 1);
    const shuffled = [...ids].sort((x, y) => ((x * 7919) % 31) - ((y * 7919) % 31));
    const accounts = shuffled.map((i) => ({
      id: `acct-${String(i).padStart(2, '0')}`,
      history: history({ a: 50 + i, b: 50 - i }),
    }));

    const report = await impact(accounts, base, heavier, AS_OF, { topMovers: 3 });

    expect(report.topMovers.map((m) => m.account)).toEqual(['acct-30', 'acct-29', 'acct-28']);
    expect(report.topMovers.map((m) => m.delta)).toEqual([15, 14.5, 14]);
    expect(report.moved).toBe(30);
  });
});
