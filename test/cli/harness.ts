/**
 * A tiny harness for CLI tests: write fixture files into a fresh temp folder
 * and run `node bin/health.js` there, so paths in the output are the short
 * relative names the test wrote.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = resolve(import.meta.dirname, '../../bin/health.js');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Creates a temp folder holding `files` (name → text) and returns its path. */
export function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'health-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Runs the `health` command in `cwd`, colors off (output is not a terminal anyway). */
export function health(cwd: string, ...args: string[]): RunResult {
  const run = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The lines of an output, without the final empty one. */
export function lines(text: string): string[] {
  return text.split('\n').filter((line, i, all) => i < all.length - 1 || line !== '');
}
