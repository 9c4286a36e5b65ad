import { describe, expect, it } from 'vitest';
import { compareExplanations } from '../../src/analysis/compare.js';
import { AS_OF, BASE, card, history, variant } from './harness.js';

describe('compareExplanations', () => {
  it('lines up one account under three versions with deltas against the first', () => {
    const v1 = card(BASE);
    const v2 = card(variant(BASE, ['metric m1 weight 1', 'metric m1 weight 3']));
    const v3 = card(
      variant(BASE, [
        'metric m2 weight 1 = b linear { 0 -> 0, 100 -> 100 }',
        'metric m2 weight 1 = b linear { 0 -> 0, 100 -> 100 }\n' +
          '    metric m3 weight 2 = c linear { 0 -> 0, 100 -> 100 }',
      ]),
    );
    const h = history({ a: 80, b: 40, c: 100 });

    const cmp = compareExplanations(
      h,
      [
        { label: 'v1', scorecard: v1 },
        { label: 'v2', scorecard: v2 },
        { label: 'v3', scorecard: v3 },
      ],
      AS_OF,
    );

    // v1: (80 + 40) / 2; v2: 0.75·80 + 0.25·40; v3: (80 + 40 + 2·100) / 4.
    expect(cmp.versions.map((v) => [v.label, v.score, v.band, v.scoreDelta])).toEqual([
      ['v1', 60, 'good', 0],
      ['v2', 70, 'good', 10],
      ['v3', 80, 'good', 20],
    ]);
    expect(cmp.metrics.map((m) => m.metric)).toEqual(['g.m1', 'g.m2', 'g.m3']);

    const [m1, , m3] = cmp.metrics;
    expect(m1!.cells.map((c) => c && [c.effectiveWeight, c.points, c.pointsDelta])).toEqual([
      [0.5, 40, 0],
      [0.75, 60, 20],
      [0.25, 20, -20],
    ]);
    // m3 exists in v3 only: no cell elsewhere, and its delta counts from 0.
    expect(m3!.cells[0]).toBeNull();
    expect(m3!.cells[1]).toBeNull();
    expect(m3!.cells[2]).toMatchObject({ score: 100, points: 50, pointsDelta: 50 });
  });

  it('has no score delta when a version cannot score the account', () => {
    const v1 = card(BASE);
    const strict = card(variant(BASE, ['min_coverage 50%', 'min_coverage 100%']));
    const cmp = compareExplanations(
      history({ a: 80 }),
      [
        { label: 'v1', scorecard: v1 },
        { label: 'strict', scorecard: strict },
      ],
      AS_OF,
    );
    expect(cmp.versions.map((v) => [v.status, v.score, v.scoreDelta])).toEqual([
      ['scored', 80, 0],
      ['insufficient_data', null, null],
    ]);
  });
});
