/**
 * `health check FILE…`: compile each rules file and report every diagnostic.
 *
 * Diagnostics go to stdout, one per line as `FILE:LINE:COL: severity CODE:
 * message` (or a JSON array with `--json`), so they can be piped into an
 * editor's problem matcher; the summary goes to stderr. Errors fail the run
 * (exit 1), warnings never do, and an unreadable file exits 2.
 */
import type { Command } from 'commander';
import { compile, formatDiagnostic, type Diagnostic } from '../../dsl/index.js';
import { EXIT, err, out, raiseExitCode, readEach, runCommand } from '../io.js';
import { plural } from '../render.js';

/** A diagnostic as `health check --json` prints it. */
export interface JsonDiagnostic {
  file: string;
  code: string;
  severity: 'error' | 'warning';
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Registers `health check`. */
export function register(program: Command): void {
  program
    .command('check')
    .description('parse and check rules files; exit 1 on any error')
    .argument('<files...>', 'rules files (.health)')
    .option('--json', 'print the diagnostics as a JSON array')
    .action(runCommand(checkFiles));
}

/** Converts a diagnostic to its JSON form, with 1-based positions. */
export function toJsonDiagnostic(d: Diagnostic, file: string): JsonDiagnostic {
  return {
    file,
    code: d.code,
    severity: d.severity,
    message: d.message,
    line: d.range.start.line,
    column: d.range.start.column,
    endLine: d.range.end.line,
    endColumn: d.range.end.column,
  };
}

async function checkFiles(files: string[], options: { json?: boolean }): Promise<void> {
  const all: JsonDiagnostic[] = [];
  let errors = 0;
  let warnings = 0;
  let checked = 0;

  for await (const { file, source } of readEach(files)) {
    checked++;
    const { diagnostics } = compile(source, { file });
    for (const d of diagnostics) {
      if (d.severity === 'error') errors++;
      else warnings++;
      if (options.json) all.push(toJsonDiagnostic(d, file));
      else out(formatDiagnostic(d, file));
    }
  }

  if (options.json) out(JSON.stringify(all, null, 2));
  err(`${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(checked, 'file')}`);
  if (errors > 0) raiseExitCode(EXIT.failure);
}
