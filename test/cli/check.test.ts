import { describe, expect, it } from 'vitest';
import { BROKEN, SYNTAX, WARNS } from './fixtures.js';
import { health, lines, workspace } from './harness.js';

describe('health check', () => {
  it('prints every diagnostic as FILE:LINE:COL and exits 1 when one is an error', () => {
    const dir = workspace({ 'bad.health': BROKEN });
    const run = health(dir, 'check', 'bad.health');
    expect(run.code).toBe(1);
    expect(lines(run.stdout)).toEqual([
      'bad.health:4:10: warning HR203: signal `unused` is declared but no metric, cap, floor ' +
        'or alert reads it',
      'bad.health:6:29: error HR101: unknown signal `seatz`; did you mean `seats`?',
    ]);
    expect(run.stderr).toBe('1 error, 1 warning in 1 file\n');
  });

  it('exits 0 when a file has only warnings', () => {
    const dir = workspace({ 'warn.health': WARNS });
    const run = health(dir, 'check', 'warn.health');
    expect(run.code).toBe(0);
    expect(lines(run.stdout).map((l) => l.split(': ').slice(0, 2).join(': '))).toEqual([
      'warn.health:3:10: warning HR203',
      'warn.health:5:52: warning HR204',
    ]);
    expect(run.stderr).toBe('0 errors, 2 warnings in 1 file\n');
  });

  it('reports syntax errors with HR001 and checks every file given', () => {
    const dir = workspace({ 'syntax.health': SYNTAX, 'warn.health': WARNS });
    const run = health(dir, 'check', 'syntax.health', 'warn.health');
    expect(run.code).toBe(1);
    expect(lines(run.stdout)[0]).toBe(
      'syntax.health:2:14: error HR001: expected `:` but found `number`',
    );
    expect(lines(run.stdout)).toHaveLength(3);
    expect(run.stderr).toBe('1 error, 2 warnings in 2 files\n');
  });

  it('prints the diagnostics as one JSON array with --json', () => {
    const dir = workspace({ 'bad.health': BROKEN });
    const run = health(dir, 'check', '--json', 'bad.health');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual([
      {
        file: 'bad.health',
        code: 'HR203',
        severity: 'warning',
        message: 'signal `unused` is declared but no metric, cap, floor or alert reads it',
        line: 4,
        column: 10,
        endLine: 4,
        endColumn: 16,
      },
      {
        file: 'bad.health',
        code: 'HR101',
        severity: 'error',
        message: 'unknown signal `seatz`; did you mean `seats`?',
        line: 6,
        column: 29,
        endLine: 6,
        endColumn: 34,
      },
    ]);
  });

  it('prints an empty JSON array for a clean file', () => {
    const dir = workspace({});
    const run = health(dir, 'check', '--json', `${process.cwd()}/rules/default.health`);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('[]\n');
  });

  it('exits 2 when a file cannot be read, after checking the others', () => {
    const dir = workspace({ 'bad.health': BROKEN });
    const run = health(dir, 'check', 'missing.health', 'bad.health');
    expect(run.code).toBe(2);
    expect(lines(run.stdout)).toHaveLength(2);
    expect(run.stderr).toBe('health: missing.health: no such file\n1 error, 1 warning in 1 file\n');
  });

  it('exits 2 on a usage error such as no file at all', () => {
    const run = health(workspace({}), 'check');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: missing required argument 'files'");
  });
});
