/**
 * `health test FILE…`: run the `test` blocks of rules files.
 *
 * Each file is named, then each of its tests as `✓ name` or
 * `✗ name (FILE:LINE)` followed by every failed expectation with what was
 * expected and what the scorecard produced. The run ends with
 * `N passed, M failed` and exits 1 when a test fails or a file has errors.
 */
import type { Command } from 'commander';
import { compile, formatDiagnostic, type TestResult } from '../../dsl/index.js';
import { EXIT, err, out, raiseExitCode, readEach, runCommand } from '../io.js';
import { MARKS, painter } from '../render.js';

/** Registers `health test`. */
export function register(program: Command): void {
  program
    .command('test')
    .description("run the rules files' test blocks; exit 1 on a failure")
    .argument('<files...>', 'rules files (.health)')
    .action(runCommand(testFiles));
}

/** The lines printed for one test: its mark and name, then each failure. */
export function describeTest(
  test: TestResult,
  file: string,
  paint: (text: string, style: 'green' | 'red' | 'dim') => string = (t) => t,
): string[] {
  if (test.passed) return [`  ${paint(MARKS.pass, 'green')} ${test.name}`];
  const lines = [`  ${paint(MARKS.fail, 'red')} ${test.name} (${file}:${test.location.line})`];
  for (const f of test.failures) {
    lines.push(`      ${f.expectation} (${file}:${f.location.line})`);
    lines.push(`        expected: ${f.expected}`);
    lines.push(`        actual:   ${f.actual}`);
  }
  return lines;
}

async function testFiles(files: string[]): Promise<void> {
  const paint = painter(process.stdout);
  let passed = 0;
  let failed = 0;

  for await (const { file, source } of readEach(files)) {
    // A file that does not compile has no tests to run; it fails the run.
    const { diagnostics, scorecard } = compile(source, { file });
    if (!scorecard) {
      for (const d of diagnostics) err(formatDiagnostic(d, file));
      raiseExitCode(EXIT.failure);
      continue;
    }

    out(file);
    const results = scorecard.runTests();
    if (results.length === 0) out('  (no tests)');
    for (const test of results) {
      if (test.passed) passed++;
      else failed++;
      out(describeTest(test, file, paint).join('\n'));
    }
  }

  out(`${passed} passed, ${failed} failed`);
  if (failed > 0) raiseExitCode(EXIT.failure);
}
