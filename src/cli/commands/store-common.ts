/**
 * What the store commands share: opening the store from the environment,
 * and turning the store's errors into messages and exit codes.
 */
import { formatDiagnostic } from '../../dsl/index.js';
import {
  ConflictError,
  InvalidInputError,
  NotFoundError,
  openStore,
  RuleErrors,
  type Store,
} from '../../store/index.js';
import { parseIsoTime } from '../../store/records.js';
import { EXIT, err, InputError, out, raiseExitCode } from '../io.js';

/**
 * Opens the store (`DATABASE_URL`, else `HEALTH_DATA_DIR`, else
 * `.health-data`), runs `body`, and closes it whatever happens. Store errors
 * become messages: rule errors and conflicts exit 1, unknown names and bad
 * values exit 2.
 */
export async function withStore(
  body: (store: Store) => Promise<void>,
  file?: string,
): Promise<void> {
  const store = await openStore();
  try {
    await body(store);
  } catch (e) {
    if (!reportStoreError(e, file)) throw e;
  } finally {
    await store.close();
  }
}

/** Prints a store error the way users expect; false when it is not one. */
export function reportStoreError(e: unknown, file = 'rules'): boolean {
  if (e instanceof RuleErrors) {
    for (const d of e.diagnostics) out(formatDiagnostic(d, file));
    err(`health: ${e.message}`);
    raiseExitCode(EXIT.failure);
    return true;
  }
  if (e instanceof ConflictError) {
    err(`health: ${e.message}`);
    raiseExitCode(EXIT.failure);
    return true;
  }
  if (e instanceof NotFoundError || e instanceof InvalidInputError) {
    err(`health: ${e.message}`);
    raiseExitCode(EXIT.input);
    return true;
  }
  return false;
}

/** Parses `--as-of` and similar options; throws InputError naming the option. */
export function parseTimeOption(value: string | undefined, option: string): Date | undefined {
  if (value === undefined) return undefined;
  const iso = parseIsoTime(value);
  if (iso === undefined) {
    throw new InputError(`${option} must be an ISO 8601 time such as 2026-11-02, found "${value}"`);
  }
  return new Date(iso);
}

/** Parses a whole-number option; throws InputError naming the option. */
export function parseIntOption(
  value: string | undefined,
  option: string,
  min = 0,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    throw new InputError(`${option} must be a whole number of at least ${min}, found "${value}"`);
  }
  return n;
}
