/**
 * `health rescore`: scores every account under a version at one as-of time
 * and stores the snapshots and alert events.
 */
import type { Command } from 'commander';
import { rescore } from '../../store/index.js';
import { out, runCommand } from '../io.js';
import { createProgress } from '../progress.js';
import { parseIntOption, parseTimeOption, withStore } from './store-common.js';

/** Registers `health rescore`. */
export function registerRescore(program: Command): void {
  program
    .command('rescore')
    .description('score every account and store the results')
    .option('--ruleset <name>', 'the ruleset', 'default')
    .option('--version <n>', 'the version (default: the active one)')
    .option('--as-of <time>', 'the evaluation time (default: now)')
    .option('--page-size <n>', 'accounts per page', '1000')
    .action(runCommand(run));
}

async function run(options: {
  ruleset: string;
  version?: string;
  asOf?: string;
  pageSize: string;
}): Promise<void> {
  const version = parseIntOption(options.version, '--version', 1);
  const asOf = parseTimeOption(options.asOf, '--as-of');
  const pageSize = parseIntOption(options.pageSize, '--page-size', 1)!;
  await withStore(async (store) => {
    const progress = createProgress({ task: 'rescore', unit: 'accounts' });
    const summary = await rescore(store, {
      ruleset: options.ruleset,
      version: version ?? null,
      ...(asOf ? { asOf } : {}),
      pageSize,
      onProgress: (done, total) => progress.update(done, total),
    });
    progress.stop();
    const seconds = summary.elapsedMs / 1000;
    out(
      `rescored ${summary.accounts} accounts with ${summary.ruleset} version ${summary.version} ` +
        `as of ${summary.asOf.toISOString()} in ${seconds.toFixed(1)} s`,
    );
    const bands = Object.entries(summary.bands).map(([band, n]) => `${band} ${n}`);
    out(`bands: ${bands.join(', ')}; insufficient data ${summary.insufficientData}`);
    out(`alerts fired: ${summary.alerts}`);
  });
}
