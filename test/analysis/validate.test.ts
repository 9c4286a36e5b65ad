import { describe, expect, it } from 'vitest';
import {
  compareValidation,
  rocAuc,
  validate,
  wilsonInterval,
  type Outcome,
  type ValidationRow,
} from '../../src/analysis/validate.js';

const AT = new Date('2026-03-01T00:00:00Z');
const BANDS = [{ name: 'healthy' }, { name: 'stable' }, { name: 'at_risk' }];

function row(
  account: string,
  outcome: Outcome,
  score: number | null,
  band: string | null,
): ValidationRow {
  return { account, outcome, at: AT, score, band };
}

/** `n` rows in one band, the first `renewals` of them renewed, the rest churned. */
function bandRows(band: string, score: number, n: number, renewals: number): ValidationRow[] {
  return Array.from({ length: n }, (_, i) =>
    row(`${band}-${i}`, i < renewals ? 'renewed' : 'churned', score, band),
  );
}

/** A small seeded generator (mulberry32), so the noise test is repeatable. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('validate', () => {
  it('gives an AUC of 1 when every renewal outscores every churn', () => {
    const rows = [
      ...Array.from({ length: 10 }, (_, i) =>
        row(`r${i}`, i % 2 === 0 ? 'renewed' : 'expanded', 61 + i, 'healthy'),
      ),
      ...Array.from({ length: 10 }, (_, i) => row(`c${i}`, 'churned', i, 'at_risk')),
      row('new1', 'renewed', null, null),
      row('new2', 'churned', null, null),
    ];

    const report = validate(rows, BANDS);

    expect(report.auc).toBe(1);
    expect(report.outcomes).toBe(22);
    expect(report.scored).toBe(20);
    expect(report.insufficientData).toEqual({ accounts: 2, renewals: 1, renewalRate: 0.5 });
    expect(report.bands.map((b) => [b.band, b.accounts, b.renewalRate])).toEqual([
      ['healthy', 10, 1],
      ['stable', 0, null],
      ['at_risk', 10, 0],
    ]);
    expect(report.bands[0]).toMatchObject({ renewed: 5, expanded: 5, churned: 0 });
    // The empty middle band is skipped: healthy is compared with at_risk.
    expect(report.monotonic).toBe(true);
    expect(report.violations).toEqual([]);
    expect(report.tooClose).toEqual([]);
  });

  it('gives an AUC near 0.5 when the score is noise', () => {
    const random = seeded(42);
    const rows = Array.from({ length: 2000 }, (_, i) => {
      const score = Math.round(random() * 1000) / 10;
      return row(`n${i}`, random() < 0.7 ? 'renewed' : 'churned', score, 'stable');
    });
    const auc = validate(rows, BANDS).auc!;
    expect(auc).toBeGreaterThan(0.4);
    expect(auc).toBeLessThan(0.6);
  });

  it('counts a tie between a renewal and a churn as half', () => {
    // Pairs (renewal, churn): (50, 50) half, (50, 40), (60, 50), (60, 40) whole: 3.5 / 4.
    const items = [
      { score: 50, renewal: true },
      { score: 60, renewal: true },
      { score: 50, renewal: false },
      { score: 40, renewal: false },
    ];
    expect(rocAuc(items)).toBe(0.875);
    expect(rocAuc(items.filter((x) => x.renewal))).toBeNull();
  });

  it('names a band pair whose renewal rates rise toward the worse band', () => {
    const rows = [
      ...bandRows('healthy', 90, 20, 18), // 0.90
      ...bandRows('stable', 70, 20, 19), // 0.95
      ...bandRows('at_risk', 30, 20, 2), // 0.10
    ];

    const report = validate(rows, BANDS);

    expect(report.monotonic).toBe(false);
    expect(report.violations).toEqual([
      { better: 'healthy', worse: 'stable', betterRate: 0.9, worseRate: 0.95 },
    ]);
    // 18/20 and 19/20 overlap; 19/20 ([0.76, 0.99]) and 2/20 ([0.03, 0.30]) do not.
    expect(report.tooClose.map((p) => [p.better, p.worse])).toEqual([['healthy', 'stable']]);
  });

  it('names a pair too close to tell apart even when the order is right', () => {
    const rows = [
      ...bandRows('healthy', 90, 10, 6), // 0.6, Wilson [0.31, 0.83]
      ...bandRows('stable', 70, 10, 5), // 0.5, Wilson [0.24, 0.76]
      ...bandRows('at_risk', 30, 40, 0), // 0.0, Wilson [0, 0.09]
    ];

    const report = validate(rows, BANDS);

    expect(report.monotonic).toBe(true);
    expect(report.tooClose.map((p) => [p.better, p.worse])).toEqual([['healthy', 'stable']]);
  });

  it('computes Wilson intervals that match the published values', () => {
    const full = wilsonInterval(10, 10);
    expect(full.low).toBeCloseTo(0.7225, 4);
    expect(full.high).toBe(1);
    const half = wilsonInterval(5, 10);
    expect(half.low).toBeCloseTo(0.2366, 4);
    expect(half.high).toBeCloseTo(0.7634, 4);
  });
});

describe('compareValidation', () => {
  it('puts two versions side by side with the AUC change', () => {
    const a = validate(
      [row('x', 'renewed', 50, 'stable'), row('y', 'churned', 60, 'healthy')],
      BANDS,
    );
    const b = validate(
      [row('x', 'renewed', 80, 'healthy'), row('y', 'churned', 30, 'at_risk')],
      BANDS,
    );

    const cmp = compareValidation(a, b);

    expect([a.auc, b.auc, cmp.aucDelta]).toEqual([0, 1, 1]);
    expect(cmp.bands.map((x) => [x.band, x.a?.accounts, x.b?.accounts])).toEqual([
      ['healthy', 1, 1],
      ['stable', 1, 0],
      ['at_risk', 0, 1],
    ]);
  });
});
