/**
 * `health score FILE --signals OBS`: score every account in an observations
 * file with one rules file, without a database.
 *
 * Steps: compile the rules, read and check every observation against the
 * declared signal types, group them by account, evaluate each account at the
 * as-of time, then print the SPEC's JSON array or a readable table. Any bad
 * observation line is reported as `FILE:LINE: reason` and nothing is scored
 * (exit 2): a partial score list would look complete.
 */
import type { Command } from 'commander';
import {
  compile,
  formatDiagnostic,
  type CompiledScorecard,
  type HealthResult,
  type Observation,
} from '../../dsl/index.js';
import {
  describeRecordError,
  parseIsoTime,
  readObservations,
  type RecordFormat,
} from '../../store/records.js';
import { EXIT, err, InputError, out, raiseExitCode, readText, runCommand } from '../io.js';
import { oneDecimal, painter, percent, table, type Style } from '../render.js';

/** One account's result as `health score --json` prints it. */
export type AccountScore = { account: string } & HealthResult;

interface ScoreOptions {
  signals: string;
  asOf?: string;
  json?: boolean;
  format?: string;
}

/** Bad lines shown before the rest are only counted; a broken export can have millions. */
const MAX_REPORTED_LINES = 20;

/** Registers `health score`. */
export function register(program: Command): void {
  program
    .command('score')
    .description('score every account in an observations file, no database needed')
    .argument('<file>', 'rules file (.health)')
    .requiredOption('--signals <obs>', 'observations file (.ndjson or .csv)')
    .option('--as-of <time>', 'ISO 8601 evaluation time (default: now)')
    .option('--format <format>', 'observations format: ndjson or csv (default: by extension)')
    .option('--json', 'print the results as a JSON array')
    .action(runCommand(scoreFile));
}

/** Scores grouped observations, sorted by account id (code-unit order, as in SQL's C collation). */
export function scoreAccounts(
  scorecard: CompiledScorecard,
  accounts: ReadonlyMap<string, Observation[]>,
  asOf: string,
): AccountScore[] {
  return [...accounts.keys()]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((account) => {
      const result = scorecard.evaluate(accounts.get(account) ?? [], { asOf, explain: true });
      // The SPEC's fields first, in its order, then the extras; JSON keeps key order.
      const { status, score, band, coverage, metrics, overrides, alerts, ...rest } = result;
      return { account, status, score, band, coverage, metrics, overrides, alerts, ...rest };
    });
}

/**
 * The metric with the most headroom, as `usage.activation +12.3`, or `-`
 * when nothing would gain or the account is not scored at all.
 */
export function topHeadroom(result: HealthResult): string {
  if (result.status !== 'scored') return '-';
  let best: { name: string; headroom: number } | undefined;
  for (const m of result.metrics ?? []) {
    if (m.headroom > 0 && (best === undefined || m.headroom > best.headroom)) {
      best = { name: `${m.group}.${m.metric}`, headroom: m.headroom };
    }
  }
  return best ? `${best.name} +${oneDecimal(best.headroom)}` : '-';
}

async function scoreFile(file: string, options: ScoreOptions): Promise<void> {
  // 1. Options: a bad time or format is a usage error, reported before any work.
  const asOf = options.asOf === undefined ? new Date().toISOString() : parseIsoTime(options.asOf);
  if (asOf === undefined) {
    throw new InputError(`--as-of is not an ISO 8601 time: ${JSON.stringify(options.asOf)}`);
  }
  const format = parseFormat(options.format);

  // 2. Rules: a file with errors cannot score anything.
  const { diagnostics, scorecard } = compile(await readText(file), { file });
  if (!scorecard) {
    for (const d of diagnostics) err(formatDiagnostic(d, file));
    raiseExitCode(EXIT.failure);
    return;
  }

  // 3. Observations, checked against the declared signal types and grouped by account.
  const signalTypes = new Map(scorecard.signals.map((s) => [s.name, s.type]));
  const accounts = new Map<string, Observation[]>();
  let bad = 0;
  for await (const item of readObservations(options.signals, { format, signalTypes })) {
    if ('error' in item) {
      if (++bad <= MAX_REPORTED_LINES) err(describeRecordError(item, options.signals));
      continue;
    }
    const { account, signal, value, at } = item.record;
    let list = accounts.get(account);
    if (list === undefined) accounts.set(account, (list = []));
    list.push({ signal, value, at });
  }
  if (bad > 0) {
    if (bad > MAX_REPORTED_LINES) err(`… and ${bad - MAX_REPORTED_LINES} more bad lines`);
    err(`health: ${options.signals}: ${bad} bad observation line(s); nothing scored`);
    raiseExitCode(EXIT.input);
    return;
  }

  // 4. Evaluate and print.
  const results = scoreAccounts(scorecard, accounts, asOf);
  if (options.json) out(JSON.stringify(results, null, 2));
  else out(renderTable(results, scorecard).join('\n'));
}

function parseFormat(format: string | undefined): RecordFormat | undefined {
  if (format === undefined || format === 'ndjson' || format === 'csv') return format;
  throw new InputError(`--format must be ndjson or csv, found ${JSON.stringify(format)}`);
}

function renderTable(results: AccountScore[], scorecard: CompiledScorecard): string[] {
  if (results.length === 0) return ['no accounts'];
  const header = ['ACCOUNT', 'SCORE', 'BAND', 'COVERAGE', 'TOP HEADROOM', 'ALERTS'];
  const rows = results.map((r) => [
    r.account,
    r.score === null ? '-' : r.score.toFixed(1),
    r.band ?? 'insufficient data',
    percent(r.coverage),
    topHeadroom(r),
    r.alerts.length === 0 ? '-' : r.alerts.map((a) => a.name).join(', '),
  ]);
  const paint = painter(process.stdout);
  const colors = new Map(scorecard.bands.map((b) => [b.name, b.color as Style]));
  return table(header, rows, (row, column, cell) => {
    if (row < 0) return paint(cell, 'bold');
    const band = results[row]?.band;
    if (column === 2 && band) return paint(cell, colors.get(band) ?? 'gray');
    if (column === 2) return paint(cell, 'dim');
    return cell;
  });
}
