/**
 * The `health` command. Each group of subcommands lives in its own module
 * under `commands/` and registers itself here.
 *
 * Exit codes: 0 ok, 1 rule or test failures, 2 usage or input errors.
 */
import 'reflect-metadata';
import { Command, CommanderError } from 'commander';

// Subcommand modules: each exports `register(program: Command): void`.
// Keep one import per line so parallel additions do not collide.
const modules: Array<() => Promise<{ register(program: Command): void }>> = [
  () => import('./commands/check.js'),
  () => import('./commands/fmt.js'),
  () => import('./commands/test.js'),
  () => import('./commands/score.js'),
  () => import('./commands/analysis.js'),
  () => import('./commands/store.js'),
  () => import('./commands/serve.js'),
];

async function main(argv: string[]): Promise<number> {
  const program = new Command('health')
    .description('B2B customer health scores from rules written as text')
    .exitOverride()
    .showHelpAfterError();
  for (const load of modules) (await load()).register(program);

  try {
    await program.parseAsync(argv);
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version requests exit 0; every other parse problem is usage.
      return err.exitCode === 0 ? 0 : 2;
    }
    throw err;
  }
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`health: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
