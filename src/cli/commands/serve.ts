/**
 * `health serve` and `health start`: the GraphQL server.
 *
 * `serve` serves whatever the store holds. `start` (what `npm start` runs)
 * is the first-run path: when the store has no active `default` rules it
 * loads the demo data set first, and it always prints a fresh admin token,
 * so a new user goes from clone to first query without another command.
 *
 * Configuration comes from the environment: `PORT` (default 4000, or
 * `--port`), `DATABASE_URL` (PostgreSQL) or `HEALTH_DATA_DIR` (the embedded
 * database's folder), `NODE_ENV=production` and `LOG_LEVEL`.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { createApiLogger } from '../../api/logger.js';
import { startApiServer } from '../../api/server.js';
import { loadDemo } from '../../store/demo.js';
import { createToken, getRuleset, openStore } from '../../store/index.js';
import { InputError, out, runCommand } from '../io.js';

interface ServeOptions {
  port?: string;
  host?: string;
  adminToken?: boolean;
}

/** Registers `health serve` and `health start`. */
export function register(program: Command): void {
  program
    .command('serve')
    .description('serve the GraphQL API (embedded database unless DATABASE_URL is set)')
    .option('--port <port>', 'port to listen on (default: PORT or 4000)')
    .option('--host <host>', 'interface to listen on (default: all)')
    .option('--admin-token', 'create and print a new admin token before serving')
    .action(runCommand((options: ServeOptions) => serve(options, false)));

  program
    .command('start')
    .description('load the demo data when the store is empty, then serve with a fresh admin token')
    .option('--port <port>', 'port to listen on (default: PORT or 4000)')
    .option('--host <host>', 'interface to listen on (default: all)')
    .action(runCommand((options: ServeOptions) => serve({ ...options, adminToken: true }, true)));
}

function parsePort(text: string | undefined): number {
  const raw = text ?? process.env.PORT ?? '4000';
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new InputError(`the port must be a whole number from 0 to 65535; received "${raw}"`);
  }
  return port;
}

async function serve(options: ServeOptions, firstRun: boolean): Promise<void> {
  const port = parsePort(options.port);
  const logger = createApiLogger();
  const store = await openStore({ logger });

  // 1. On first run, fill an empty store with the demo.
  if (firstRun && (await getRuleset(store, 'default'))?.activeVersion == null) {
    out('No active rules yet: loading the demo data set (a minute or so)…');
    const rulesSource = await readFile(
      new URL('../../../rules/default.health', import.meta.url),
      'utf8',
    );
    const end = new Date();
    end.setUTCHours(0, 0, 0, 0);
    const demo = await loadDemo(store, { rulesSource, end });
    out(`Loaded ${demo.accounts} accounts and ${demo.observations} observations.`);
  }

  // 2. Serve, and say where.
  const server = await startApiServer({
    store,
    logger,
    port,
    ...(options.host ? { host: options.host } : {}),
  });
  out(`GraphQL API at ${server.url} (store: ${store.kind} ${store.location})`);
  if (options.adminToken) {
    const { token } = await createToken(store, { role: 'admin', name: 'start' });
    out(`Admin token (shown once): ${token}`);
    out(`Try: curl -s ${server.url} -H 'content-type: application/json' \\`);
    out(
      `       -H 'authorization: Bearer ${token}' -d '{"query":"{ healthSummary { meanScore } }"}'`,
    );
  }

  // 3. Stop cleanly: finish in-flight requests, then close the store.
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      server
        .close()
        .then(() => store.close())
        .catch((e: unknown) => logger.error({ err: (e as Error).message }, 'shutdown failed'))
        .finally(resolve);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}
