/**
 * The commands that work against the store: `ingest`, `publish`, `activate`,
 * `versions`, `rescore`, `token` and `demo`. They open the store chosen by
 * `DATABASE_URL` (PostgreSQL) or `HEALTH_DATA_DIR` (embedded, default
 * `.health-data`), which applies any pending migrations first.
 */
import type { Command } from 'commander';
import { registerDemo } from './demo.js';
import { registerIngest } from './ingest.js';
import { registerRescore } from './rescore.js';
import { registerRuleCommands } from './rules-store.js';
import { registerToken } from './token.js';

/** Registers every store command. */
export function register(program: Command): void {
  registerIngest(program);
  registerRuleCommands(program);
  registerRescore(program);
  registerToken(program);
  registerDemo(program);
}
