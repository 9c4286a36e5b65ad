import { describe, expect, it } from 'vitest';
import { structuralDiff, type RuleChange } from '../../src/analysis/structural-diff.js';
import { parse } from '../../src/dsl/index.js';
import type * as ast from '../../src/dsl/ast.js';
import { variant } from './harness.js';

const SOURCE = `
scorecard "Diff me" {
  stale_after 90d
  signal seats        : number
  signal active_users : number   max_age 14d
  signal nps          : number
  group usage weight 40 {
    metric activation weight 3 = active_users / seats  linear { 0.1 -> 0, 0.8 -> 100 }
    metric trend      weight 1 = change(active_users, 30d)
      linear { -50% -> 0, 0 -> 60, 20% -> 100 }
      missing -> 50
  }
  group sentiment weight 60 {
    metric nps weight 1 = nps linear { -100 -> 0, 100 -> 100 }
  }
  bands {
    healthy  from 80 green  "Expand"
    at_risk  from 40 orange "Recover"
    critical from 0  red
  }
  cap at_risk when nps < 0 "Detractors"
  alert usage_dip high when change(active_users, 30d) < -25% "Usage fell"
  test "promoter" {
    given { seats = 10  active_users = 9  nps = 60 }
    expect band healthy
  }
}
`;

function tree(source: string): ast.Scorecard {
  const { scorecard } = parse(source);
  if (!scorecard) throw new Error('test source does not parse');
  return scorecard;
}

function diff(...edits: [string, string][]): RuleChange[] {
  return structuralDiff(tree(SOURCE), tree(variant(SOURCE, ...edits)));
}

/** The fields that identify a change and its text, without the weights. */
function brief(c: RuleChange) {
  return { type: c.type, kind: c.kind, path: c.path, before: c.before, after: c.after };
}

describe('structuralDiff', () => {
  it('finds nothing between a file and itself reformatted', () => {
    const spaced = SOURCE.replace(/ {2,}/g, ' ').replace('# none', '');
    expect(structuralDiff(tree(SOURCE), tree(spaced))).toEqual([]);
  });

  it('reports a metric weight change with the nominal weights of every metric it moves', () => {
    const changes = diff(['metric activation weight 3', 'metric activation weight 2']);
    expect(changes.map((c) => c.description)).toEqual([
      'usage.activation weight 3 -> 2',
      'usage.trend nominal weight 10% -> 13.3%',
    ]);
    const [weight, sibling] = changes;
    expect(brief(weight!)).toEqual({
      type: 'changed',
      kind: 'weight',
      path: 'usage.activation',
      before: '3',
      after: '2',
    });
    // usage is 40% of the score: activation 3/4 of it, then 2/3 of it.
    expect(weight!.nominalWeightBefore).toBeCloseTo(0.3, 12);
    expect(weight!.nominalWeightAfter).toBeCloseTo(0.4 * (2 / 3), 12);
    expect(sibling!.nominalWeightBefore).toBeCloseTo(0.1, 12);
    expect(sibling!.nominalWeightAfter).toBeCloseTo(0.4 / 3, 12);
  });

  it('gives every metric its new nominal weight when a group weight changes', () => {
    const changes = diff(['group sentiment weight 60', 'group sentiment weight 40']);
    expect(changes.map((c) => c.description)).toEqual([
      'sentiment weight 60 -> 40',
      'usage.activation nominal weight 30% -> 37.5%',
      'usage.trend nominal weight 10% -> 12.5%',
      'sentiment.nps nominal weight 60% -> 50%',
    ]);
    expect(changes[0]!.kind).toBe('weight');
    expect(changes[0]!.path).toBe('sentiment');
    expect(changes[0]!.nominalWeightBefore).toBeUndefined();
  });

  it('reports an added metric with its nominal weight, and the weight its siblings lose', () => {
    const changes = diff([
      'metric nps weight 1 = nps',
      'metric seats_used weight 1 = seats steps { >= 10 -> 100, else -> 0 }\n' +
        '    metric nps weight 1 = nps',
    ]);
    expect(changes.map(brief)).toEqual([
      {
        type: 'added',
        kind: 'metric',
        path: 'sentiment.seats_used',
        before: null,
        after: 'metric seats_used weight 1 = seats steps { >= 10 -> 100, else -> 0 }',
      },
      {
        type: 'changed',
        kind: 'weight',
        path: 'sentiment.nps',
        before: '60%',
        after: '30%',
      },
    ]);
    expect(changes[0]!.nominalWeightBefore).toBe(0);
    expect(changes[0]!.nominalWeightAfter).toBeCloseTo(0.3, 12);
  });

  it('reports a removed group and its metrics', () => {
    const changes = diff([
      '  group sentiment weight 60 {\n' +
        '    metric nps weight 1 = nps linear { -100 -> 0, 100 -> 100 }\n' +
        '  }\n',
      '',
    ]);
    expect(changes.filter((c) => c.type === 'removed').map((c) => c.description)).toEqual([
      'sentiment removed: weight 60',
      'sentiment.nps removed: metric nps weight 1 = nps linear { -100 -> 0, 100 -> 100 }',
    ]);
    expect(changes.find((c) => c.path === 'sentiment.nps')!.nominalWeightAfter).toBe(0);
  });

  it('compares expressions, curves and missing scores as printed', () => {
    const changes = diff(
      ['= active_users / seats', '= active_users / (seats + 1)'],
      ['0 -> 60, 20% -> 100', '0 -> 70, 20% -> 100'],
      ['missing -> 50', 'missing -> 40'],
    );
    expect(changes.map((c) => c.description)).toEqual([
      'usage.activation expression active_users / seats -> active_users / (seats + 1)',
      'usage.trend scoring linear { -50% -> 0, 0 -> 60, 20% -> 100 } -> ' +
        'linear { -50% -> 0, 0 -> 70, 20% -> 100 }',
      'usage.trend missing 50 -> 40',
    ]);
    expect(changes.map((c) => c.kind)).toEqual(['metric', 'scoring', 'scoring']);
  });

  it('says what a missing score that disappears falls back to', () => {
    const [change] = diff(['\n      missing -> 50', '']);
    expect(brief(change!)).toEqual({
      type: 'removed',
      kind: 'scoring',
      path: 'usage.trend',
      before: '50',
      after: null,
    });
    expect(change!.description).toBe('usage.trend missing 50 -> none');
  });

  it('reports band threshold, color and action changes, and added bands', () => {
    const changes = diff(
      ['healthy  from 80 green  "Expand"', 'healthy  from 75 blue'],
      ['critical from 0  red', 'stable from 60 yellow\n    critical from 0 red "Escalate"'],
    );
    expect(changes.map((c) => c.description)).toEqual([
      'bands.healthy from 80 -> 75',
      'bands.healthy color green -> blue',
      'bands.healthy action "Expand" -> none',
      'bands.stable added: stable from 60 yellow',
      'bands.critical action none -> "Escalate"',
    ]);
    expect(changes.every((c) => c.kind === 'band')).toBe(true);
  });

  it('matches caps by band and condition, in order', () => {
    const added = diff([
      'cap at_risk when nps < 0 "Detractors"',
      'floor at_risk when nps > 50\n  cap at_risk when nps < 0 "Detractors"\n' +
        '  cap critical when nps < -50',
    ]);
    expect(added.map(brief)).toEqual([
      {
        type: 'added',
        kind: 'floor',
        path: 'floors.at_risk',
        before: null,
        after: 'floor at_risk when nps > 50',
      },
      {
        type: 'added',
        kind: 'cap',
        path: 'caps.critical',
        before: null,
        after: 'cap critical when nps < -50',
      },
    ]);

    const changed = diff(['cap at_risk when nps < 0 "Detractors"', 'cap at_risk when nps < -10']);
    expect(changed.map((c) => c.description)).toEqual([
      'caps.at_risk condition nps < 0 -> nps < -10',
      'caps.at_risk reason "Detractors" -> none',
    ]);
  });

  it('reports caps that trade places, because they apply in order', () => {
    const two = variant(SOURCE, [
      'cap at_risk when nps < 0 "Detractors"',
      'cap at_risk when nps < 0\n  cap critical when nps < -50',
    ]);
    const swapped = variant(SOURCE, [
      'cap at_risk when nps < 0 "Detractors"',
      'cap critical when nps < -50\n  cap at_risk when nps < 0',
    ]);
    expect(structuralDiff(tree(two), tree(swapped)).map(brief)).toEqual([
      {
        type: 'changed',
        kind: 'cap',
        path: 'caps',
        before: 'at_risk when nps < 0; critical when nps < -50',
        after: 'critical when nps < -50; at_risk when nps < 0',
      },
    ]);
  });

  it('reports alert severity, condition and message, with medium as the default', () => {
    const changes = diff([
      'alert usage_dip high when change(active_users, 30d) < -25% "Usage fell"',
      'alert usage_dip when change(active_users, 30d) < -30% "Usage fell hard"\n' +
        '  alert quiet medium when nps < 0',
    ]);
    expect(changes.map((c) => c.description)).toEqual([
      'alerts.usage_dip severity high -> medium',
      'alerts.usage_dip condition change(active_users, 30d) < -25% -> ' +
        'change(active_users, 30d) < -30%',
      'alerts.usage_dip message "Usage fell" -> "Usage fell hard"',
      'alerts.quiet added: alert quiet medium when nps < 0',
    ]);
    expect(changes.every((c) => c.kind === 'alert')).toBe(true);
  });

  it('reports settings and signals', () => {
    const changes = diff(
      ['stale_after 90d', 'stale_after 60d\n  min_coverage 70%'],
      ['signal active_users : number   max_age 14d', 'signal active_users : number'],
      ['signal nps          : number', 'signal nps : number max_age 180d\n  signal csat : number'],
    );
    expect(changes.map((c) => [c.kind, c.type, c.description])).toEqual([
      ['setting', 'changed', 'stale_after 90d -> 60d'],
      ['setting', 'added', 'min_coverage 50% (default) -> 70%'],
      ['signal', 'removed', 'signals.active_users max_age 14d -> none'],
      ['signal', 'added', 'signals.nps max_age none -> 180d'],
      ['signal', 'added', 'signals.csat added: signal csat : number'],
    ]);
  });

  it('reports a changed test by its name', () => {
    const changes = diff(['expect band healthy', 'expect band at_risk']);
    expect(changes.map((c) => [c.kind, c.type, c.path])).toEqual([
      ['test', 'changed', 'tests.promoter'],
    ]);
    expect(changes[0]!.description).toBe(
      'tests.promoter changed: -expect band healthy, +expect band at_risk',
    );
    expect(changes[0]!.after).toBe(
      'given { seats = 10  active_users = 9  nps = 60 } expect band at_risk',
    );
  });
});
