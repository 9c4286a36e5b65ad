/**
 * `health publish`, `health activate` and `health versions`: the rule store
 * from the command line.
 */
import { basename } from 'node:path';
import type { Command } from 'commander';
import { formatDiagnostic } from '../../dsl/index.js';
import { activateVersion, getRuleset, listVersions, publishRules } from '../../store/index.js';
import { err, out, readText, runCommand } from '../io.js';
import { table } from '../render.js';
import { parseIntOption, withStore } from './store-common.js';

/** Registers `publish`, `activate` and `versions`. */
export function registerRuleCommands(program: Command): void {
  program
    .command('publish')
    .description('publish a rules file as the next version of a ruleset')
    .argument('<file>', 'rules file (.health)')
    .option('--ruleset <name>', 'the ruleset', 'default')
    .option('-m, --message <text>', 'what changed and why')
    .option('--author <name>', 'who publishes (default: $USER)')
    .option(
      '--expected-version <n>',
      'the version your file is based on (default: the latest, read now)',
    )
    .action(runCommand(publish));

  program
    .command('activate')
    .description('make a version the active one (an older one is a rollback)')
    .argument('<ruleset>', 'the ruleset')
    .argument('<version>', 'the version to activate')
    .option('--actor <name>', 'who activates (default: $USER)')
    .action(runCommand(activate));

  program
    .command('versions')
    .description("list a ruleset's versions, newest first")
    .argument('[ruleset]', 'the ruleset', 'default')
    .action(runCommand(versions));
}

async function publish(
  file: string,
  options: { ruleset: string; message?: string; author?: string; expectedVersion?: string },
): Promise<void> {
  const source = await readText(file);
  const expected = parseIntOption(options.expectedVersion, '--expected-version', 1);
  await withStore(async (store) => {
    // Without --expected-version, publish on top of whatever is latest now:
    // convenient for one person; teams pass the version they edited.
    const base =
      expected !== undefined
        ? expected
        : ((await getRuleset(store, options.ruleset))?.latestVersion ?? null);
    const published = await publishRules(store, {
      ruleset: options.ruleset,
      source,
      expectedVersion: base,
      message: options.message ?? null,
      author: options.author ?? process.env.USER ?? null,
    });
    for (const d of published.diagnostics) out(formatDiagnostic(d, file));
    out(
      `published ${options.ruleset} version ${published.version} ` +
        `(${published.hash.slice(0, 12)}) from ${basename(file)}` +
        (published.active
          ? '; it is the first version, so it is active'
          : `; not active yet: run \`health activate ${options.ruleset} ${published.version}\``),
    );
  }, file);
}

async function activate(
  ruleset: string,
  version: string,
  options: { actor?: string },
): Promise<void> {
  const n = parseIntOption(version, 'VERSION', 1)!;
  await withStore(async (store) => {
    const done = await activateVersion(store, {
      ruleset,
      version: n,
      actor: options.actor ?? process.env.USER ?? null,
    });
    if (done === null) out(`${ruleset} version ${n} is already active; nothing changed`);
    else if (done.kind === 'rollback') out(`rolled ${ruleset} back to version ${n}`);
    else out(`activated ${ruleset} version ${n}`);
  });
}

async function versions(ruleset: string): Promise<void> {
  await withStore(async (store) => {
    const rows = await listVersions(store, ruleset);
    if (rows.length === 0) {
      err(`${ruleset} has no versions`);
      return;
    }
    const lines = table(
      ['VERSION', 'ACTIVE', 'CREATED', 'AUTHOR', 'HASH', 'BASED ON', 'MESSAGE'],
      rows.map((v) => [
        String(v.version),
        v.active ? '*' : '',
        v.createdAt.toISOString().replace(/\.\d+Z$/, 'Z'),
        v.author ?? '',
        v.hash.slice(0, 12),
        v.parentVersion === null ? '' : String(v.parentVersion),
        v.message ?? '',
      ]),
    );
    for (const line of lines) out(line);
  });
}
