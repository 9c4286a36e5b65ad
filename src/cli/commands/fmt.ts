/**
 * `health fmt FILE…`: print, rewrite or check the canonical formatting.
 *
 * Without options the formatted text goes to stdout. `--write` rewrites only
 * the files whose text changes and lists them; `--check` lists the files that
 * would change and exits 1 if there are any. A file that does not parse
 * cannot be formatted: its diagnostics go to stderr and the run exits 1.
 */
import type { Command } from 'commander';
import { format, formatDiagnostic } from '../../dsl/index.js';
import {
  EXIT,
  err,
  InputError,
  out,
  raiseExitCode,
  readEach,
  runCommand,
  writeText,
} from '../io.js';
import { plural } from '../render.js';

interface FmtOptions {
  write?: boolean;
  check?: boolean;
}

/** Registers `health fmt`. */
export function register(program: Command): void {
  program
    .command('fmt')
    .description('print rules files in canonical formatting')
    .argument('<files...>', 'rules files (.health)')
    .option('--write', 'rewrite files whose formatting differs')
    .option('--check', 'list files whose formatting differs; exit 1 if any')
    .action(runCommand(formatFiles));
}

async function formatFiles(files: string[], options: FmtOptions): Promise<void> {
  if (options.write && options.check) {
    throw new InputError('--write and --check cannot be used together');
  }
  const changed: string[] = [];

  for await (const { file, source } of readEach(files)) {
    const { diagnostics, text } = format(source);
    if (text === undefined) {
      for (const d of diagnostics) err(formatDiagnostic(d, file));
      raiseExitCode(EXIT.failure);
      continue;
    }

    if (!options.write && !options.check) {
      process.stdout.write(text);
      continue;
    }
    if (text === source) continue;
    changed.push(file);
    if (options.write) await writeText(file, text);
    out(file);
  }

  if (options.check && changed.length > 0) {
    err(`${plural(changed.length, 'file')} not formatted; run health fmt --write`);
    raiseExitCode(EXIT.failure);
  }
}
