import { describe, expect, it } from 'vitest';
import { BROKEN, TINY } from './fixtures.js';
import { health, lines, workspace } from './harness.js';

const FAILING = `scorecard "Fail" {
  signal nps : number
  group g weight 1 {
    metric nps weight 1 = nps linear { 0 -> 0, 100 -> 100 }
  }
  bands {
    good from 50 green
    poor from 0 red
  }
  test "high nps is good" {
    given { nps = 40 }
    expect band good
    expect score >= 45
  }
  test "low is poor" {
    given { nps = 10 }
    expect band poor
  }
}
`;

describe('health test', () => {
  it('marks each passing test and exits 0', () => {
    const dir = workspace({ 'tiny.health': TINY });
    const run = health(dir, 'test', 'tiny.health');
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toEqual([
      'tiny.health',
      '  ✓ a half-active neutral account is poor',
      '  ✓ a fully active detractor is good but alerted',
      '2 passed, 0 failed',
    ]);
  });

  it('shows each failed expectation with expected and actual, and exits 1', () => {
    const dir = workspace({ 'fail.health': FAILING });
    const run = health(dir, 'test', 'fail.health');
    expect(run.code).toBe(1);
    expect(lines(run.stdout)).toEqual([
      'fail.health',
      '  ✗ high nps is good (fail.health:10)',
      '      expect band good (fail.health:12)',
      '        expected: good',
      '        actual:   poor',
      '      expect score >= 45 (fail.health:13)',
      '        expected: score >= 45',
      '        actual:   score 40',
      '  ✓ low is poor',
      '1 passed, 1 failed',
    ]);
  });

  it('counts across files and fails on a file that does not compile', () => {
    const dir = workspace({ 'tiny.health': TINY, 'bad.health': BROKEN });
    const run = health(dir, 'test', 'bad.health', 'tiny.health');
    expect(run.code).toBe(1);
    expect(lines(run.stdout).at(-1)).toBe('2 passed, 0 failed');
    expect(run.stderr).toContain('bad.health:6:29: error HR101: ');
  });

  it('passes every test of the shipped default rules', () => {
    const run = health(process.cwd(), 'test', 'rules/default.health');
    expect(run.code).toBe(0);
    expect(lines(run.stdout).at(-1)).toBe('7 passed, 0 failed');
  });

  it('exits 2 when a file cannot be read', () => {
    const run = health(workspace({}), 'test', 'nope.health');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('health: nope.health: no such file\n');
    expect(run.stdout).toBe('0 passed, 0 failed\n');
  });
});
