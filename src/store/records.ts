/**
 * Reading observation and outcome files: NDJSON or CSV, one record a line.
 *
 * Readers stream. They never hold more than one line (or one CSV record) at a
 * time, so a file of millions of observations runs in bounded memory, and they
 * never stop at a bad record: each line comes back either as a checked record
 * or as an error naming what was wrong, and the caller decides whether one bad
 * line refuses the whole batch. Only a failure to read the input at all (a
 * missing file, an unreadable CSV header) ends the stream, by throwing
 * `RecordsInputError`.
 *
 * This module does no database work: `health score` uses it without a store and
 * `health ingest` feeds what it yields to one.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import { parse as parseCsv } from 'csv-parse';
import type { SignalType } from '../dsl/ast.js';
import type { SignalValue } from '../dsl/result.js';

/** The two file formats records come in. */
export type RecordFormat = 'ndjson' | 'csv';

/** One observation as read: `at` is normalised to an ISO 8601 UTC string. */
export interface ObservationRecord {
  account: string;
  signal: string;
  value: SignalValue;
  at: string;
}

/** The outcomes a renewal can have. */
export const OUTCOMES = ['renewed', 'churned', 'expanded'] as const;
export type OutcomeKind = (typeof OUTCOMES)[number];

/** One recorded outcome as read: `at` is normalised to an ISO 8601 UTC string. */
export interface OutcomeRecord {
  account: string;
  outcome: OutcomeKind;
  at: string;
}

/**
 * One line of input: the checked record, or why it was rejected. `line` counts
 * from 1 and is the physical line in the file (for CSV, the header is line 1;
 * a record with a quoted newline reports the line where it ends).
 */
export type ReadItem<T> = { line: number; record: T } | { line: number; error: string };

/** The declared type of each signal, usually taken from a compiled scorecard. */
export type SignalTypes = ReadonlyMap<string, SignalType>;

export interface ReadOptions {
  /** Overrides the format detected from the file name (required for streams without one). */
  format?: RecordFormat;
  /**
   * When given, every observation's signal must be declared here and its value
   * must have the declared type; CSV text is converted to that type.
   */
  signalTypes?: SignalTypes;
}

/** A stream or file that cannot be read as records at all. */
export class RecordsInputError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RecordsInputError';
  }
}

/** The input of a reader: a file path or an open byte or text stream. */
export type RecordsInput = string | NodeJS.ReadableStream;

/**
 * The format a file name implies: `.ndjson`, `.jsonl` and `.json` are NDJSON,
 * `.csv` is CSV; anything else is undefined, and the caller must say.
 */
export function detectFormat(path: string): RecordFormat | undefined {
  const ext = extname(path).toLowerCase();
  if (ext === '.ndjson' || ext === '.jsonl' || ext === '.json') return 'ndjson';
  if (ext === '.csv') return 'csv';
  return undefined;
}

/** `FILE:LINE: reason`, or `line LINE: reason` without a file: how tools print a bad line. */
export function describeRecordError(item: { line: number; error: string }, file?: string): string {
  return file === undefined
    ? `line ${item.line}: ${item.error}`
    : `${file}:${item.line}: ${item.error}`;
}

/**
 * Streams `account, signal, value, at` records. NDJSON lines are objects with
 * those keys; CSV files start with the header `account,signal,value,at` (in
 * any column order; extra columns are ignored).
 */
export async function* readObservations(
  input: RecordsInput,
  options: ReadOptions = {},
): AsyncGenerator<ReadItem<ObservationRecord>> {
  const types = options.signalTypes;
  for await (const row of readRows(input, options.format, OBSERVATION_COLUMNS)) {
    if ('error' in row) yield row;
    else yield check(row.line, () => toObservation(row.fields, row.typed, types));
  }
}

/**
 * Streams `account, outcome, at` records; the outcome is one of `renewed`,
 * `churned` or `expanded`. CSV files start with the header `account,outcome,at`.
 */
export async function* readOutcomes(
  input: RecordsInput,
  options: Pick<ReadOptions, 'format'> = {},
): AsyncGenerator<ReadItem<OutcomeRecord>> {
  for await (const row of readRows(input, options.format, OUTCOME_COLUMNS)) {
    if ('error' in row) yield row;
    else yield check(row.line, () => toOutcome(row.fields));
  }
}

/**
 * Parses an ISO 8601 time and returns it as a UTC ISO string, or undefined.
 * A date alone means midnight UTC, and so does a time without an offset:
 * files move between machines, so the reader's time zone must not matter.
 */
export function parseIsoTime(text: string): string | undefined {
  const m = ISO_TIME.exec(text.trim());
  if (!m) return undefined;
  const [, year, month, day, time, zone] = m;
  const withTime =
    time === undefined ? `${year}-${month}-${day}T00:00:00` : `${year}-${month}-${day}T${time}`;
  const ms = Date.parse(
    withTime + (zone === undefined ? 'Z' : zone.replace(/^([+-]\d\d)(\d\d)$/, '$1:$2')),
  );
  if (Number.isNaN(ms)) return undefined;

  // Date.parse rolls 2026-02-30 over into March; a calendar date that does not
  // exist is a typo, not a time.
  const calendar = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (calendar.getUTCDate() !== Number(day) || calendar.getUTCMonth() !== Number(month) - 1) {
    return undefined;
  }
  return new Date(ms).toISOString();
}

// ---------------------------------------------------------------------------
// Private helpers

const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?))?(Z|[+-]\d{2}:?\d{2})?$/i;

const NUMBER_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

const OBSERVATION_COLUMNS = ['account', 'signal', 'value', 'at'] as const;
const OUTCOME_COLUMNS = ['account', 'outcome', 'at'] as const;

/** A record's fields before checking; `typed` is false for CSV, where every value is text. */
type Row =
  | { line: number; fields: Record<string, unknown>; typed: boolean }
  | { line: number; error: string };

/** Thrown inside the record checks only, and turned into an error item by `check`. */
class BadRecord extends Error {}

function check<T>(line: number, build: () => T): ReadItem<T> {
  try {
    return { line, record: build() };
  } catch (err) {
    if (err instanceof BadRecord) return { line, error: err.message };
    throw err;
  }
}

function toObservation(
  fields: Record<string, unknown>,
  typed: boolean,
  types: SignalTypes | undefined,
): ObservationRecord {
  const account = requireName(fields, 'account');
  const signal = requireName(fields, 'signal');
  const declared = types?.get(signal);
  if (types && declared === undefined) {
    throw new BadRecord(`signal "${signal}" is not declared${suggest(signal, types.keys())}`);
  }
  const value = typed
    ? checkJsonValue(fields.value, signal, declared)
    : convertText(fields.value, signal, declared);
  return { account, signal, value, at: requireTime(fields) };
}

function toOutcome(fields: Record<string, unknown>): OutcomeRecord {
  const account = requireName(fields, 'account');
  const outcome = fields.outcome;
  if (outcome === undefined) throw new BadRecord('"outcome" is missing');
  if (typeof outcome !== 'string' || !(OUTCOMES as readonly string[]).includes(outcome)) {
    throw new BadRecord(`"outcome" must be one of ${OUTCOMES.join(', ')}, found ${show(outcome)}`);
  }
  return { account, outcome: outcome as OutcomeKind, at: requireTime(fields) };
}

function requireName(fields: Record<string, unknown>, key: string): string {
  const value = fields[key];
  if (value === undefined || value === null) throw new BadRecord(`"${key}" is missing`);
  if (typeof value !== 'string' || value.trim() === '') {
    throw new BadRecord(`"${key}" must be a non-empty string, found ${show(value)}`);
  }
  return value;
}

function requireTime(fields: Record<string, unknown>): string {
  const at = fields.at;
  if (at === undefined || at === null) throw new BadRecord('"at" is missing');
  const iso = typeof at === 'string' ? parseIsoTime(at) : undefined;
  if (iso === undefined) throw new BadRecord(`"at" is not an ISO 8601 time: ${show(at)}`);
  return iso;
}

/** NDJSON values already have a JSON type; it must match the declared one. */
function checkJsonValue(value: unknown, signal: string, declared?: SignalType): SignalValue {
  if (value === undefined || value === null) throw new BadRecord('"value" is missing');
  const actual = jsonType(value);
  if (actual === undefined) {
    throw new BadRecord(`"value" must be a number, boolean or string, found ${show(value)}`);
  }
  if (declared !== undefined && actual !== declared) {
    throw new BadRecord(
      `"value" of ${declared} signal "${signal}" must be a ${declared}, found ${show(value)}`,
    );
  }
  return value as SignalValue;
}

function jsonType(value: unknown): SignalType | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? 'number' : undefined;
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return 'text';
  return undefined;
}

/**
 * CSV values are text: convert by the declared type, or, without one, read
 * numbers as numbers and `true`/`false` as booleans.
 */
function convertText(raw: unknown, signal: string, declared?: SignalType): SignalValue {
  const text = typeof raw === 'string' ? raw : '';
  if (text === '') throw new BadRecord('"value" is empty');
  const asNumber = NUMBER_TEXT.test(text) ? Number(text) : undefined;
  const lower = text.toLowerCase();
  const asBoolean = lower === 'true' ? true : lower === 'false' ? false : undefined;

  if (declared === 'text') return text;
  if (declared === 'number') {
    if (asNumber === undefined || !Number.isFinite(asNumber)) {
      throw new BadRecord(`"value" of number signal "${signal}" is not a number: ${show(text)}`);
    }
    return asNumber;
  }
  if (declared === 'boolean') {
    if (asBoolean === undefined) {
      throw new BadRecord(
        `"value" of boolean signal "${signal}" must be true or false, found ${show(text)}`,
      );
    }
    return asBoolean;
  }
  if (asNumber !== undefined && Number.isFinite(asNumber)) return asNumber;
  return asBoolean ?? text;
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** `; did you mean "nps"?` for a near miss among the declared names, else ``. */
function suggest(name: string, known: Iterable<string>): string {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of known) {
    const d = editDistance(name, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best === undefined ? '' : `; did you mean "${best}"?`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Opens a path, failing early and clearly when it is missing or a folder. */
async function open(input: RecordsInput): Promise<NodeJS.ReadableStream> {
  if (typeof input !== 'string') return input;
  try {
    const info = await stat(input);
    if (info.isDirectory()) throw new RecordsInputError(`${input}: is a directory`);
  } catch (err) {
    if (err instanceof RecordsInputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new RecordsInputError(`${input}: ${reason}`, { cause: err });
  }
  return createReadStream(input);
}

function resolveFormat(input: RecordsInput, format?: RecordFormat): RecordFormat {
  if (format !== undefined) return format;
  if (typeof input !== 'string') return 'ndjson';
  const detected = detectFormat(input);
  if (detected === undefined) {
    throw new RecordsInputError(
      `${input}: cannot tell the format from the file name; use .ndjson or .csv or give a format`,
    );
  }
  return detected;
}

async function* readRows(
  input: RecordsInput,
  format: RecordFormat | undefined,
  columns: readonly string[],
): AsyncGenerator<Row> {
  const resolved = resolveFormat(input, format);
  const stream = await open(input);
  if (resolved === 'ndjson') yield* ndjsonRows(stream);
  else yield* csvRows(stream, columns, typeof input === 'string' ? input : 'input');
}

async function* ndjsonRows(stream: NodeJS.ReadableStream): AsyncGenerator<Row> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    // Blank lines (often a trailing newline or two) carry no record.
    if (text.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line === 1 ? text.replace(/^\uFEFF/, '') : text);
    } catch (err) {
      yield { line, error: `not valid JSON: ${(err as Error).message}` };
      continue;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      yield { line, error: `expected a JSON object, found ${show(parsed)}` };
      continue;
    }
    yield { line, fields: parsed as Record<string, unknown>, typed: true };
  }
}

async function* csvRows(
  stream: NodeJS.ReadableStream,
  columns: readonly string[],
  name: string,
): AsyncGenerator<Row> {
  // Records stay arrays, and the header is checked here, so that a short or
  // long row is one bad line rather than an exception that ends the file.
  const parser = stream.pipe(
    parseCsv({
      bom: true,
      info: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }),
  );
  let index: Map<string, number> | undefined;
  let width = 0;
  try {
    for await (const item of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      const { record, info } = item;
      if (index === undefined) {
        index = headerIndex(record, columns, name);
        width = record.length;
        continue;
      }
      if (record.length !== width) {
        const error = `expected ${width} columns as in the header, found ${record.length}`;
        yield { line: info.lines, error };
        continue;
      }
      const fields: Record<string, unknown> = {};
      for (const [column, at] of index) fields[column] = record[at];
      yield { line: info.lines, fields, typed: false };
    }
  } catch (err) {
    if (err instanceof RecordsInputError) throw err;
    // A CSV syntax error (an unclosed quote) leaves the rest unreadable.
    // TODO: records parsed from the same chunk just before the error are
    // dropped with the destroyed stream; feeding the parser by hand would keep them.
    const line = (err as { lines?: number }).lines ?? 0;
    yield { line, error: `not valid CSV: ${(err as Error).message}` };
  }
}

function headerIndex(
  header: string[],
  columns: readonly string[],
  name: string,
): Map<string, number> {
  const index = new Map<string, number>();
  for (const column of columns) {
    const at = header.findIndex((h) => h.toLowerCase() === column);
    if (at < 0) {
      throw new RecordsInputError(
        `${name}:1: the CSV header must name the columns ${columns.join(',')}; ` +
          `found ${header.join(',')}`,
      );
    }
    index.set(column, at);
  }
  return index;
}
