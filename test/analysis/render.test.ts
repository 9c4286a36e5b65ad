import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { impact } from '../../src/analysis/impact.js';
import { structuralDiff } from '../../src/analysis/structural-diff.js';
import { textDiff } from '../../src/analysis/text-diff.js';
import { validate } from '../../src/analysis/validate.js';
import { renderComparison, renderDiff, renderValidation } from '../../src/cli/commands/analysis.js';
import { compareExplanations } from '../../src/analysis/compare.js';
import { AS_OF, BASE, card, history, variant } from './harness.js';

// Plain text: the painter colors only terminals, and NO_COLOR rules that out too.
let noColor: string | undefined;
beforeAll(() => {
  noColor = process.env.NO_COLOR;
  process.env.NO_COLOR = '1';
});
afterAll(() => {
  if (noColor === undefined) delete process.env.NO_COLOR;
  else process.env.NO_COLOR = noColor;
});

const HEAVIER = variant(BASE, ['metric m1 weight 1', 'metric m1 weight 3']);

describe('terminal rendering', () => {
  it('shows a diff as text diff, change table, transition matrix and movers', async () => {
    const a = card(BASE);
    const b = card(HEAVIER);
    const report = await impact(
      [
        { id: 'x', history: history({ a: 80, b: 40 }) },
        { id: 'w', history: history({ a: 90, b: 10 }) },
      ],
      a,
      b,
      AS_OF,
    );
    const text = renderDiff({
      ruleset: 'default',
      from: { version: 1, hash: null, label: 'default@1' },
      to: { version: 2, hash: null, label: 'default@2' },
      text: textDiff(BASE, HEAVIER, { before: 'default@1', after: 'default@2' }),
      changes: structuralDiff(a.ast, b.ast),
      impact: report,
    });
    const lines = text.split('\n');

    expect(lines[0]).toBe('default@1 -> default@2');
    expect(lines).toContain('-    metric m1 weight 1 = a linear { 0 -> 0, 100 -> 100 }');
    expect(lines).toContain('changed  weight  50% -> 75%      g.m1 weight 1 -> 3');
    expect(lines).toContain('        good  bad');
    expect(lines).toContain('  good  1     0');
    expect(lines).toContain('  bad   1     0');
    expect(lines).toContain('Changed band:        1 (50%)');
    expect(lines).toContain('  w        50 -> 70  +20     bad -> good  g.m1 +22.5, g.m2 -2.5');
  });

  it('shows a comparison with deltas only where something moved', () => {
    const cmp = compareExplanations(
      history({ a: 80, b: 40 }),
      [
        { label: 'v1', scorecard: card(BASE) },
        { label: 'v2', scorecard: card(HEAVIER) },
      ],
      AS_OF,
    );
    const lines = renderComparison(cmp, 'x in default').split('\n');
    expect(lines).toContain('score      60      70 (+10)');
    expect(lines).toContain('g.m1    40 (50%)  60 (75%) (+20)');
  });

  it('shows validation per band with its verdicts', () => {
    const rows = ['renewed', 'churned'].flatMap((outcome, i) =>
      Array.from({ length: 10 }, (_, k) => ({
        account: `${outcome}${k}`,
        outcome: outcome as 'renewed' | 'churned',
        at: AS_OF,
        score: i === 0 ? 80 : 20,
        band: i === 0 ? 'good' : 'bad',
      })),
    );
    const report = validate(rows, [{ name: 'good' }, { name: 'bad' }]);
    const text = renderValidation({ ruleset: 'default', version: 1, horizonDays: 90, ...report });
    expect(text).toContain(
      'good        10        10       0         0        100%          72%–100%',
    );
    expect(text).toContain('AUC (renewal vs churn): 1.000');
    expect(text).toContain('Renewal rates fall from the best band to the worst.');
  });
});
