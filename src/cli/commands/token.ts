/**
 * `health token create|list|revoke`: API tokens. A new token is printed once,
 * alone on stdout so scripts can capture it; only its hash is stored.
 */
import type { Command } from 'commander';
import { createToken, listTokens, revokeToken, ROLES } from '../../store/index.js';
import { err, out, runCommand } from '../io.js';
import { table } from '../render.js';
import { withStore } from './store-common.js';

/** Registers `health token`. */
export function registerToken(program: Command): void {
  const token = program.command('token').description('manage API tokens');
  token
    .command('create')
    .description('create a token and print it (shown only this once)')
    .requiredOption('--role <role>', ROLES.join(', '))
    .option('--name <name>', 'what the token is for')
    .action(
      runCommand(async (options: { role: string; name?: string }) => {
        await withStore(async (store) => {
          const created = await createToken(store, {
            role: options.role,
            name: options.name ?? null,
          });
          out(created.token);
          err(`created ${created.role} token ${created.id}; store it now, it is not shown again`);
        });
      }),
    );
  token
    .command('list')
    .description('list tokens (never their secrets)')
    .action(
      runCommand(async () => {
        await withStore(async (store) => {
          const rows = (await listTokens(store)).map((t) => [
            t.id,
            t.role,
            t.name ?? '',
            t.createdAt.toISOString().replace(/\.\d+Z$/, 'Z'),
            t.revokedAt === null ? '' : `revoked ${t.revokedAt.toISOString().slice(0, 10)}`,
          ]);
          for (const line of table(['ID', 'ROLE', 'NAME', 'CREATED', 'STATUS'], rows)) out(line);
        });
      }),
    );
  token
    .command('revoke')
    .description('revoke a token by id')
    .argument('<id>', 'the token id from `health token list`')
    .action(
      runCommand(async (id: string) => {
        await withStore(async (store) => {
          const revoked = await revokeToken(store, id);
          out(`revoked token ${revoked.id} (${revoked.role})`);
        });
      }),
    );
}
