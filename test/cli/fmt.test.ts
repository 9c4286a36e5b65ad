import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SYNTAX } from './fixtures.js';
import { health, workspace } from './harness.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures');
const MESSY = readFileSync(join(FIXTURES, 'messy.health'), 'utf8');
const FORMATTED = readFileSync(join(FIXTURES, 'messy.formatted.health'), 'utf8');

describe('health fmt', () => {
  it('prints the canonical formatting to stdout and leaves the file alone', () => {
    const dir = workspace({ 'messy.health': MESSY });
    const run = health(dir, 'fmt', 'messy.health');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(FORMATTED);
    expect(readFileSync(join(dir, 'messy.health'), 'utf8')).toBe(MESSY);
  });

  it('lists the files that would change with --check and exits 1', () => {
    const dir = workspace({ 'messy.health': MESSY, 'clean.health': FORMATTED });
    const run = health(dir, 'fmt', '--check', 'clean.health', 'messy.health');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('messy.health\n');
    expect(run.stderr).toBe('1 file not formatted; run health fmt --write\n');
  });

  it('exits 0 with --check when every file is already formatted', () => {
    const dir = workspace({ 'clean.health': FORMATTED });
    const run = health(dir, 'fmt', '--check', 'clean.health');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
  });

  it('rewrites only the files that differ with --write, and names them', () => {
    const dir = workspace({ 'messy.health': MESSY, 'clean.health': FORMATTED });
    const run = health(dir, 'fmt', '--write', 'messy.health', 'clean.health');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('messy.health\n');
    expect(readFileSync(join(dir, 'messy.health'), 'utf8')).toBe(FORMATTED);
    expect(health(dir, 'fmt', '--check', 'messy.health').code).toBe(0);
  });

  it('prints the diagnostics of a file that does not parse and exits 1', () => {
    const dir = workspace({ 'syntax.health': SYNTAX });
    const run = health(dir, 'fmt', '--write', 'syntax.health');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('syntax.health:2:14: error HR001: expected `:` but found `number`\n');
    expect(readFileSync(join(dir, 'syntax.health'), 'utf8')).toBe(SYNTAX);
  });

  it('refuses --write together with --check as a usage error', () => {
    const dir = workspace({ 'clean.health': FORMATTED });
    const run = health(dir, 'fmt', '--write', '--check', 'clean.health');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('health: --write and --check cannot be used together\n');
  });

  it('keeps the shipped default rules in canonical formatting', () => {
    const run = health(process.cwd(), 'fmt', '--check', 'rules/default.health');
    expect(run.code).toBe(0);
  });
});
