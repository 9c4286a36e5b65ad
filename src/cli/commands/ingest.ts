/**
 * `health ingest FILE`: stores observations or outcomes from NDJSON or CSV.
 *
 * Which kind a file holds comes from `--kind`, else from its first record (a
 * CSV header or an NDJSON object with `outcome` and no `signal` is
 * outcomes). Values are checked against the active rules' signal types when
 * there are active rules. The summary says which policy applied and what
 * happened: how many rows were stored, were already there, or were rejected.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Transform } from 'node:stream';
import type { Command } from 'commander';
import {
  activeSignalTypes,
  ingestObservations,
  ingestOutcomes,
  type IngestSummary,
} from '../../store/index.js';
import {
  describeRecordError,
  detectFormat,
  readObservations,
  readOutcomes,
  type RecordFormat,
} from '../../store/records.js';
import { EXIT, err, InputError, out, raiseExitCode, runCommand } from '../io.js';
import { createProgress } from '../progress.js';
import { plural } from '../render.js';
import { withStore } from './store-common.js';

type Kind = 'observations' | 'outcomes';

/** Registers `health ingest`. */
export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('store observations or outcomes from an NDJSON or CSV file (idempotent)')
    .argument('<file>', 'the records file')
    .option('--format <format>', 'ndjson or csv (default: from the file name)')
    .option('--kind <kind>', 'observations or outcomes (default: from the first record)')
    .option('--ruleset <name>', 'whose active rules check signal types', 'default')
    .option('--all-or-nothing', 'refuse the whole file if any line is bad')
    .action(runCommand(ingest));
}

async function ingest(
  file: string,
  options: { format?: string; kind?: string; ruleset: string; allOrNothing?: boolean },
): Promise<void> {
  // 1. Work out what the file is before touching the store.
  const format = (options.format ?? detectFormat(file)) as RecordFormat | undefined;
  if (format !== 'ndjson' && format !== 'csv') {
    throw new InputError(
      options.format === undefined
        ? `${file}: cannot tell the format from the name; pass --format ndjson or --format csv`
        : `--format must be ndjson or csv, found "${options.format}"`,
    );
  }
  if (
    options.kind !== undefined &&
    options.kind !== 'observations' &&
    options.kind !== 'outcomes'
  ) {
    throw new InputError(`--kind must be observations or outcomes, found "${options.kind}"`);
  }
  const size = await stat(file).then(
    (s) => s.size,
    () => {
      throw new InputError(`${file}: no such file`);
    },
  );
  const kind: Kind = (options.kind as Kind | undefined) ?? (await detectKind(file, format));
  const policy = options.allOrNothing ? 'all-or-nothing' : 'keep-good';

  await withStore(async (store) => {
    // 2. Stream the file through a byte counter so progress can show a bar.
    const progress = createProgress({ task: `ingest ${kind}`, unit: 'bytes', total: size });
    let bytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    const input = createReadStream(file).pipe(counter);
    const onBatch = () => progress.update(bytes);

    let summary: IngestSummary;
    if (kind === 'outcomes') {
      summary = await ingestOutcomes(store, readOutcomes(input, { format }), { policy, onBatch });
    } else {
      const signalTypes = await activeSignalTypes(store, options.ruleset);
      summary = await ingestObservations(store, readObservations(input, { format, signalTypes }), {
        policy,
        onBatch,
      });
    }
    progress.update(bytes);
    progress.stop();

    // 3. Report every bad line, then exactly what happened.
    for (const r of summary.rejected)
      err(describeRecordError({ line: r.line, error: r.reason }, file));
    if (summary.rejectedNotListed > 0) {
      err(`… and ${plural(summary.rejectedNotListed, 'more bad line')} not listed`);
    }
    const rejected = summary.rejected.length + summary.rejectedNotListed;
    if (!summary.committed) {
      out(
        `refused: ${plural(rejected, 'bad line')} in ${file}, so nothing was stored ` +
          `(--all-or-nothing); ${summary.accepted} good ${kind} were not stored`,
      );
    } else {
      out(
        `${kind}: ${summary.stored} stored, ${summary.duplicates} already stored (duplicates), ` +
          `${rejected} rejected` +
          (rejected > 0 && policy === 'keep-good'
            ? '; the good lines were kept and the bad ones skipped'
            : ''),
      );
      if (summary.newAccounts > 0) out(`${plural(summary.newAccounts, 'new account')}`);
    }
    if (rejected > 0) raiseExitCode(EXIT.failure);
  });
}

/** Reads the start of the file to tell outcomes from observations. */
async function detectKind(file: string, format: RecordFormat): Promise<Kind> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(65_536), 0, 65_536, 0);
    const first = buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .split(/\r?\n/)
      .find((l) => l.trim() !== '');
    if (first === undefined) return 'observations';
    if (format === 'csv') {
      const header = first.split(',').map((h) => h.trim().replace(/^"|"$/g, '').toLowerCase());
      return header.includes('outcome') && !header.includes('signal') ? 'outcomes' : 'observations';
    }
    try {
      const record = JSON.parse(first) as Record<string, unknown>;
      return 'outcome' in record && !('signal' in record) ? 'outcomes' : 'observations';
    } catch {
      return 'observations'; // the reader reports the bad line
    }
  } finally {
    await handle.close();
  }
}
