/**
 * `health demo`: loads a synthetic but realistic data set, publishes and
 * activates the rules, scores every account and prints an admin token.
 */
import type { Command } from 'commander';
import { loadDemo } from '../../store/demo.js';
import { err, out, readText, runCommand } from '../io.js';
import { createProgress, type Progress } from '../progress.js';
import { parseIntOption, parseTimeOption, withStore } from './store-common.js';

/** Registers `health demo`. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('load a synthetic data set, publish the default rules and print a token')
    .option('--seed <n>', 'the random seed: the same seed gives the same data', '1')
    .option('--accounts <n>', 'how many accounts', '2000')
    .option('--rules <file>', 'the rules to publish', 'rules/default.health')
    .option('--end <date>', 'the last day of data (default: today, UTC)')
    .action(runCommand(demo));
}

async function demo(options: {
  seed: string;
  accounts: string;
  rules: string;
  end?: string;
}): Promise<void> {
  const seed = parseIntOption(options.seed, '--seed')!;
  const accounts = parseIntOption(options.accounts, '--accounts', 1)!;
  const today = new Date(new Date().toISOString().slice(0, 10));
  const end = parseTimeOption(options.end, '--end') ?? today;
  const rulesSource = await readText(options.rules);

  await withStore(async (store) => {
    err(`loading the demo into ${store.location}`);
    const bars: Partial<Record<'observations' | 'rescore', Progress>> = {};
    const summary = await loadDemo(store, {
      seed,
      accounts,
      end,
      rulesSource,
      onProgress: (step, done, total) => {
        if (step === 'rescore' && bars.observations) {
          bars.observations.stop();
          delete bars.observations;
        }
        bars[step] ??= createProgress({
          task: step === 'rescore' ? 'rescore' : 'demo observations',
          unit: step === 'rescore' ? 'accounts' : 'observations',
        });
        bars[step]!.update(done, total);
      },
    });
    for (const bar of Object.values(bars)) bar.stop();

    out(`accounts: ${summary.accounts}`);
    const last = end.toISOString().slice(0, 10);
    out(`observations: ${summary.observations} (six months, ending ${last})`);
    out(`outcomes: ${summary.outcomes}`);
    out(`rules: default version ${summary.version} is active`);
    const bands = Object.entries(summary.rescore.bands).map(([b, n]) => `${b} ${n}`);
    out(`scored: ${bands.join(', ')}; alerts fired: ${summary.rescore.alerts}`);
    out(`checksum: ${summary.checksum}`);
    out(`admin token (shown once): ${summary.token}`);
  }, options.rules);
}
