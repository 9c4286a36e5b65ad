/**
 * The `health` command. Each group of subcommands lives in its own module
 * under `commands/` and registers itself here.
 *
 * Exit codes: 0 ok, 1 rule or test failures, 2 usage or input errors.
 */
import 'reflect-metadata';
import { Command, CommanderError } from 'commander';

// Subcommand modules: each exports `register(program: Command): void`, and
// is listed with the commands it registers. Only the module of the command
// being run is loaded (help loads them all): the store and API modules pull
// in the database and GraphQL stacks, which would slow every `health check`.
interface CommandModule {
  commands: readonly string[];
  load(): Promise<{ register(program: Command): void }>;
}

const modules: readonly CommandModule[] = [
  { commands: ['check'], load: () => import('./commands/check.js') },
  { commands: ['fmt'], load: () => import('./commands/fmt.js') },
  { commands: ['test'], load: () => import('./commands/test.js') },
  { commands: ['score'], load: () => import('./commands/score.js') },
  { commands: ['diff', 'compare', 'validate'], load: () => import('./commands/analysis.js') },
  {
    commands: ['ingest', 'publish', 'activate', 'versions', 'rescore', 'token', 'demo'],
    load: () => import('./commands/store.js'),
  },
  { commands: ['serve', 'start'], load: () => import('./commands/serve.js') },
];

/** The modules needed for `argv`: the one owning its command, or all of them. */
function modulesFor(argv: readonly string[]): readonly CommandModule[] {
  const name = argv[2];
  const owner = modules.filter((m) => name !== undefined && m.commands.includes(name));
  return owner.length > 0 ? owner : modules;
}

async function main(argv: string[]): Promise<number> {
  const program = new Command('health')
    .description('B2B customer health scores from rules written as text')
    .exitOverride()
    .showHelpAfterError();
  for (const m of modulesFor(argv)) (await m.load()).register(program);

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
