/**
 * `health diff`, `health compare` and `health validate`: the analyses an
 * admin runs before activating a rule change, and an analyst runs after.
 * Each opens the store from the environment (`DATABASE_URL`, else the
 * embedded database in `HEALTH_DATA_DIR`), prints a readable report or, with
 * `--json`, the report as JSON, and closes the store.
 *
 * Exit codes: 0 done; 1 a draft with rule errors; 2 bad usage or something
 * that does not exist (ruleset, version, account).
 */
import type { Command } from 'commander';
import type { ImpactReport } from '../../analysis/impact.js';
import {
  compare,
  ruleDiff,
  validation,
  type RuleDiffReport,
  type StoredValidation,
} from '../../analysis/store-adapters.js';
import type { ExplanationComparison } from '../../analysis/compare.js';
import type { RuleChange } from '../../analysis/structural-diff.js';
import { compareValidation, type ValidationComparison } from '../../analysis/validate.js';
import { formatDiagnostic } from '../../dsl/index.js';
import { NotFoundError, openStore, RuleErrors, type Store } from '../../store/index.js';
import { parseIsoTime } from '../../store/records.js';
import { EXIT, err, InputError, out, raiseExitCode, readText, runCommand } from '../io.js';
import { createProgress } from '../progress.js';
import { oneDecimal, painter, percent, table } from '../render.js';

const DEFAULT_RULESET = 'default';

/** Registers `health diff`, `health compare` and `health validate`. */
export function register(program: Command): void {
  program
    .command('diff')
    .description('what changed between two rule versions, and what it does to every account')
    .argument('[ruleset]', `ruleset name (default: ${DEFAULT_RULESET})`)
    .argument('[from]', 'version to diff from')
    .argument('[to]', 'version to diff to')
    .option('--draft <file>', 'diff a rules file against the active version (impact included)')
    .option('--ruleset <name>', 'ruleset name, with --draft')
    .option('--impact', 'score every account under both versions')
    .option('--as-of <time>', 'ISO 8601 time of the impact (default: now)')
    .option('--top <n>', 'top movers to list (default 10)')
    .option('--json', 'print the report as JSON')
    .action(runCommand(diffCommand));

  program
    .command('compare')
    .description('one account under several rule versions, side by side')
    .argument('<account>', 'account id')
    .requiredOption('--versions <list>', 'comma-separated versions, e.g. 3,4')
    .option('--ruleset <name>', `ruleset name (default: ${DEFAULT_RULESET})`)
    .option('--as-of <time>', 'ISO 8601 evaluation time (default: now)')
    .option('--json', 'print the comparison as JSON')
    .action(runCommand(compareCommand));

  program
    .command('validate')
    .description('do the bands separate renewals from churn? scores before recorded outcomes')
    .option('--ruleset <name>', `ruleset name (default: ${DEFAULT_RULESET})`)
    .option('--version <n>', 'version to validate (default: the active one)')
    .option('--horizon <days>', 'how long before each outcome to score, e.g. 90d', '90d')
    .option('--compare-to <n>', 'validate this version too and show both side by side')
    .option('--json', 'print the report as JSON')
    .action(runCommand(validateCommand));
}

// ---------------------------------------------------------------------------
// health diff

interface DiffOptions {
  draft?: string;
  ruleset?: string;
  impact?: boolean;
  asOf?: string;
  top?: string;
  json?: boolean;
}

async function diffCommand(
  rulesetArg: string | undefined,
  fromArg: string | undefined,
  toArg: string | undefined,
  options: DiffOptions,
): Promise<void> {
  // 1. Options: a draft diffs against the active version, two versions against each other.
  const ruleset = options.ruleset ?? rulesetArg ?? DEFAULT_RULESET;
  const asOf = parseAsOf(options.asOf);
  const topMovers = options.top === undefined ? undefined : parseCount(options.top, '--top');
  let from: number | null = null;
  let to: number | { draftSource: string; file: string };
  if (options.draft !== undefined) {
    if (fromArg !== undefined) throw new InputError('give either --draft or two versions');
    to = { draftSource: await readText(options.draft), file: options.draft };
  } else {
    if (fromArg === undefined || toArg === undefined) {
      throw new InputError('health diff needs RULESET FROM TO, or --draft FILE');
    }
    from = parseCount(fromArg, 'FROM');
    to = parseCount(toArg, 'TO');
  }

  // 2. Run it; a draft always shows its impact: that is what it is for.
  const withImpact = options.impact === true || options.draft !== undefined;
  const progress = withImpact ? createProgress({ task: 'impact', unit: 'accounts' }) : null;
  const report = await withStore(
    (store) =>
      ruleDiff(store, ruleset, from, to, {
        asOf,
        impact: withImpact,
        ...(topMovers === undefined ? {} : { topMovers }),
        ...(progress ? { onProgress: (done, total) => progress.update(done, total) } : {}),
      }),
    options.draft,
  ).finally(() => progress?.stop());
  if (report === undefined) return;

  // 3. Print.
  if (options.json) out(JSON.stringify(report, null, 2));
  else out(renderDiff(report));
}

/** The readable form of a rule diff: text diff, changes, then impact. */
export function renderDiff(report: RuleDiffReport): string {
  const paint = painter();
  const lines: string[] = [paint(`${report.from.label} -> ${report.to.label}`, 'bold'), ''];

  if (report.text === '') lines.push('The sources are identical.');
  for (const line of report.text.trimEnd().split('\n')) {
    if (report.text === '') break;
    if (line.startsWith('+') && !line.startsWith('+++')) lines.push(paint(line, 'green'));
    else if (line.startsWith('-') && !line.startsWith('---')) lines.push(paint(line, 'red'));
    else lines.push(line);
  }

  lines.push('', paint(`Changes (${report.changes.length})`, 'bold'));
  if (report.changes.length === 0) lines.push('  none that change scoring');
  // The description goes last: it is the one long column, and the last is never padded.
  lines.push(...table(['type', 'kind', 'nominal weight', 'change'], report.changes.map(changeRow)));

  if (report.impact) lines.push('', ...renderImpact(report.impact, report));
  return lines.join('\n');
}

function changeRow(c: RuleChange): string[] {
  const weight =
    c.nominalWeightBefore === undefined
      ? ''
      : `${pct1(c.nominalWeightBefore)} -> ${pct1(c.nominalWeightAfter ?? 0)}`;
  return [c.type, c.kind, weight, c.description];
}

function renderImpact(impact: ImpactReport, report: RuleDiffReport): string[] {
  const paint = painter();
  const lines = [
    paint(`Impact as of ${impact.asOf} over ${impact.accounts} accounts`, 'bold'),
    `Band transitions (rows ${report.from.label}, columns ${report.to.label}):`,
  ];
  const { from, to, counts } = impact.transitions;
  lines.push(
    ...table(
      ['', ...to],
      from.map((name, i) => [name, ...counts[i]!.map(String)]),
      // Accounts that stayed in their band are the diagonal; dim them so moves stand out.
      (row, col, cell) =>
        row >= 0 && col > 0 && from[row] === to[col - 1] ? paint(cell, 'dim') : cell,
    ).map((l) => `  ${l}`),
  );

  const changed = impact.accounts === 0 ? 0 : impact.bandChanged / impact.accounts;
  const mean = impact.meanScoreChange === null ? '-' : signed(impact.meanScoreChange);
  const largest = impact.largestScoreChange;
  lines.push(
    '',
    `Changed band:        ${impact.bandChanged} (${percent(changed)})`,
    `Mean score change:   ${mean} (over ${impact.scoredBoth} accounts scored under both)`,
    `Largest change:      ${largest ? `${signed(largest.delta)} (${largest.account})` : '-'}`,
  );
  if (impact.insufficientBefore + impact.insufficientAfter > 0) {
    lines.push(
      `Insufficient data:   ${impact.insufficientBefore} before, ${impact.insufficientAfter} after`,
    );
  }

  lines.push('', paint(`Top movers (${impact.topMovers.length})`, 'bold'));
  if (impact.topMovers.length === 0) lines.push('  no account moved');
  const rows = impact.topMovers.map((m) => [
    m.account,
    `${oneDecimal(m.scoreBefore)} -> ${oneDecimal(m.scoreAfter)}`,
    signed(m.delta),
    m.bandBefore === m.bandAfter ? m.bandAfter : `${m.bandBefore} -> ${m.bandAfter}`,
    m.metrics
      .filter((x) => Math.abs(x.delta) >= 0.05)
      .slice(0, 3)
      .map((x) => `${x.metric} ${signed(x.delta)}`)
      .join(', '),
  ]);
  if (rows.length > 0) {
    lines.push(
      ...table(['account', 'score', 'change', 'band', 'metrics that moved it'], rows).map(
        (l) => `  ${l}`,
      ),
    );
  }
  return lines;
}

// ---------------------------------------------------------------------------
// health compare

interface CompareOptions {
  versions: string;
  ruleset?: string;
  asOf?: string;
  json?: boolean;
}

async function compareCommand(account: string, options: CompareOptions): Promise<void> {
  const versions = options.versions.split(',').map((v) => parseCount(v.trim(), '--versions'));
  if (versions.length === 0) throw new InputError('--versions needs at least one version');
  const asOf = parseAsOf(options.asOf);
  const ruleset = options.ruleset ?? DEFAULT_RULESET;

  const report = await withStore((store) => compare(store, account, ruleset, versions, asOf));
  if (report === undefined) return;
  if (options.json) out(JSON.stringify(report, null, 2));
  else out(renderComparison(report, `${account} in ${ruleset}`));
}

/** The readable form of a comparison: one column per version. */
export function renderComparison(cmp: ExplanationComparison, title: string): string {
  const paint = painter();
  const labels = cmp.versions.map((v) => v.label);
  const lines = [paint(`${title} as of ${cmp.asOf}`, 'bold'), ''];

  const versionCell = (i: number, text: string, delta: number | null) =>
    i === 0 || delta === null || delta === 0 ? text : `${text} (${signed(delta)})`;
  lines.push(
    ...table(
      ['', ...labels],
      [
        ['status', ...cmp.versions.map((v) => v.status)],
        [
          'score',
          ...cmp.versions.map((v, i) =>
            versionCell(i, v.score === null ? '-' : oneDecimal(v.score), v.scoreDelta),
          ),
        ],
        ['band', ...cmp.versions.map((v) => v.band ?? '-')],
        ['coverage', ...cmp.versions.map((v) => percent(v.coverage))],
        ['overrides', ...cmp.versions.map((v) => v.overrides.join(', ') || '-')],
        ['alerts', ...cmp.versions.map((v) => v.alerts.join(', ') || '-')],
      ],
    ),
  );

  // Per metric: "points (weight)" under each version, the change against the first.
  lines.push('', paint('Points per metric (effective weight); change against the first', 'bold'));
  const rows = cmp.metrics.map((m) => [
    m.metric,
    ...m.cells.map((c, i) => {
      if (c === null) return '-';
      const text = `${oneDecimal(c.points)} (${pct1(c.effectiveWeight)})`;
      return versionCell(i, text, Math.abs(c.pointsDelta) < 0.05 ? 0 : c.pointsDelta);
    }),
  ]);
  lines.push(...table(['metric', ...labels], rows));
  return lines.join('\n');
}

// ---------------------------------------------------------------------------
// health validate

interface ValidateOptions {
  ruleset?: string;
  version?: string;
  horizon: string;
  compareTo?: string;
  json?: boolean;
}

async function validateCommand(options: ValidateOptions): Promise<void> {
  const ruleset = options.ruleset ?? DEFAULT_RULESET;
  const version = options.version === undefined ? null : parseCount(options.version, '--version');
  const other =
    options.compareTo === undefined ? undefined : parseCount(options.compareTo, '--compare-to');
  const horizon = parseHorizon(options.horizon);

  const reports = await withStore(async (store) => {
    const main = await validation(store, ruleset, version, horizon);
    const base = other === undefined ? null : await validation(store, ruleset, other, horizon);
    return { main, base };
  });
  if (reports === undefined) return;
  const { main, base } = reports;

  if (base === null) {
    if (options.json) out(JSON.stringify(main, null, 2));
    else out(renderValidation(main));
    return;
  }
  // The version compared to is the baseline, so the AUC delta reads as the gain.
  const cmp = compareValidation(base, main);
  if (options.json) out(JSON.stringify(cmp, null, 2));
  else out(renderValidationComparison(cmp, base, main));
}

/** The readable form of one validation. */
export function renderValidation(v: StoredValidation): string {
  const paint = painter();
  const lines = [
    paint(
      `Validation of ${v.ruleset}@${v.version}: scores ${v.horizonDays} days before ` +
        `each of ${v.outcomes} outcomes`,
      'bold',
    ),
    '',
  ];
  const rows = v.bands.map((b) => [
    b.band,
    String(b.accounts),
    String(b.renewed),
    String(b.expanded),
    String(b.churned),
    b.renewalRate === null ? '-' : percent(b.renewalRate),
    b.interval === null ? '-' : `${percent(b.interval.low)}–${percent(b.interval.high)}`,
  ]);
  const none = v.insufficientData;
  rows.push([
    '(no score)',
    String(none.accounts),
    '',
    '',
    '',
    none.renewalRate === null ? '-' : percent(none.renewalRate),
    '',
  ]);
  lines.push(
    ...table(
      ['band', 'outcomes', 'renewed', 'expanded', 'churned', 'renewal rate', '95% interval'],
      rows,
    ),
  );
  lines.push('', ...verdicts(v));
  return lines.join('\n');
}

function verdicts(v: StoredValidation): string[] {
  const paint = painter();
  const lines = [`AUC (renewal vs churn): ${v.auc === null ? '- (needs both)' : v.auc.toFixed(3)}`];
  if (v.monotonic) {
    lines.push(paint('Renewal rates fall from the best band to the worst.', 'green'));
  } else {
    for (const p of v.violations) {
      lines.push(
        paint(
          `Not monotonic: ${p.worse} renews more often than ${p.better} ` +
            `(${percent(p.worseRate)} vs ${percent(p.betterRate)}).`,
          'red',
        ),
      );
    }
  }
  for (const p of v.tooClose) {
    lines.push(
      paint(
        `Too close to tell apart: ${p.better} and ${p.worse} ` +
          `(${percent(p.betterRate)} vs ${percent(p.worseRate)}; 95% intervals overlap).`,
        'yellow',
      ),
    );
  }
  return lines;
}

/** Two validations side by side, the baseline first. */
export function renderValidationComparison(
  cmp: ValidationComparison,
  base: StoredValidation,
  main: StoredValidation,
): string {
  const paint = painter();
  const a = `v${base.version}`;
  const b = `v${main.version}`;
  const lines = [
    paint(
      `Validation of ${main.ruleset}: ${b} against ${a}, ${main.horizonDays} days before outcomes`,
      'bold',
    ),
    '',
  ];
  const rate = (x: { accounts: number; renewalRate: number | null } | null) =>
    x === null ? '-' : `${x.renewalRate === null ? '-' : percent(x.renewalRate)} of ${x.accounts}`;
  lines.push(
    ...table(
      ['band', `${a} renewal`, `${b} renewal`],
      [
        ...cmp.bands.map((row) => [row.band, rate(row.a), rate(row.b)]),
        ['(no score)', rate(base.insufficientData), rate(main.insufficientData)],
      ],
    ),
  );
  const auc = (x: number | null) => (x === null ? '-' : x.toFixed(3));
  const delta =
    cmp.aucDelta === null ? '' : ` (${cmp.aucDelta >= 0 ? '+' : ''}${cmp.aucDelta.toFixed(3)})`;
  lines.push('', `AUC: ${a} ${auc(base.auc)}, ${b} ${auc(main.auc)}${delta}`);
  lines.push('', paint(`${b}:`, 'bold'), ...verdicts(main));
  lines.push('', paint(`${a}:`, 'bold'), ...verdicts(base));
  return lines.join('\n');
}

// ---------------------------------------------------------------------------
// Helpers

/**
 * Opens the store, runs `body`, closes the store. Rule errors print their
 * diagnostics (exit 1); a missing ruleset, version or account prints the
 * reason (exit 2); either way the result is undefined.
 */
async function withStore<T>(
  body: (store: Store) => Promise<T>,
  file = 'rules',
): Promise<T | undefined> {
  const store = await openStore();
  try {
    return await body(store);
  } catch (e) {
    if (e instanceof RuleErrors) {
      for (const d of e.diagnostics) err(formatDiagnostic(d, file));
      err(`health: ${e.message}`);
      raiseExitCode(EXIT.failure);
      return undefined;
    }
    if (e instanceof NotFoundError) throw new InputError(e.message);
    throw e;
  } finally {
    await store.close();
  }
}

function parseAsOf(text: string | undefined): Date {
  if (text === undefined) return new Date();
  const iso = parseIsoTime(text);
  if (iso === undefined) throw new InputError(`--as-of is not an ISO 8601 time: ${text}`);
  return new Date(iso);
}

function parseCount(text: string, what: string): number {
  if (!/^\d+$/.test(text)) throw new InputError(`${what} must be a whole number, not "${text}"`);
  return Number(text);
}

/** `90d` or `90`: whole days. */
function parseHorizon(text: string): number {
  const match = /^(\d+)d?$/.exec(text.trim());
  if (!match) throw new InputError(`--horizon must be a number of days such as 90d, not "${text}"`);
  return Number(match[1]);
}

/** `+1.2`, `-0.4`, `0`. */
function signed(value: number): string {
  const text = oneDecimal(value);
  return value > 0 && text !== '0' ? `+${text}` : text;
}

/** A weight fraction as a percent with one decimal: 0.1333 → `13.3%`. */
function pct1(share: number): string {
  return `${oneDecimal(share * 100)}%`;
}
