/**
 * The CLI's edge with the file system and the terminal streams.
 *
 * Reading a file either returns its text or throws `InputError`, whose message
 * is ready to show; `runCommand` turns that into exit code 2, so every
 * command treats unreadable input the same way.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { RecordsInputError } from '../store/records.js';

/** Exit codes of every `health` command. */
export const EXIT = {
  ok: 0,
  /** Rule errors, failing tests, files that need formatting. */
  failure: 1,
  /** Bad usage or input that cannot be read. */
  input: 2,
} as const;

/** Input the command cannot use: a missing file, a bad option value, a bad record. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** Reads a text file, throwing `InputError` with `FILE: reason` when it cannot. */
export async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new InputError(`${path}: ${describeFsError(err)}`);
  }
}

/**
 * Reads `files` one after another, yielding each one's text. A file that
 * cannot be read is reported as `health: FILE: reason` and raises the exit
 * code to 2, and the rest are still read: one bad path does not hide the
 * problems of the other files.
 */
export async function* readEach(
  files: readonly string[],
): AsyncGenerator<{ file: string; source: string }> {
  for (const file of files) {
    let source: string;
    try {
      source = await readText(file);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      err(`health: ${e.message}`);
      raiseExitCode(EXIT.input);
      continue;
    }
    yield { file, source };
  }
}

/** Writes a text file, throwing `InputError` with `FILE: reason` when it cannot. */
export async function writeText(path: string, text: string): Promise<void> {
  try {
    await writeFile(path, text, 'utf8');
  } catch (err) {
    throw new InputError(`${path}: ${describeFsError(err)}`);
  }
}

/** Writes a line (or several) to stdout. */
export function out(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** Writes a line (or several) to stderr. */
export function err(text: string): void {
  process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
}

/**
 * Raises the process exit code to `code`, never lowering it: a file that
 * could not be read (2) outranks one with rule errors (1) in the same run.
 */
export function raiseExitCode(code: number): void {
  const current = Number(process.exitCode ?? 0);
  if (code > current) process.exitCode = code;
}

/**
 * Wraps a command's action: input problems print `health: message` and exit
 * 2; anything else is a bug and propagates to the top-level handler.
 */
export function runCommand<A extends unknown[]>(
  action: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (e) {
      if (e instanceof InputError || e instanceof RecordsInputError) {
        err(`health: ${e.message}`);
        raiseExitCode(EXIT.input);
        return;
      }
      throw e;
    }
  };
}

function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES') return 'permission denied';
  return e instanceof Error ? e.message : String(e);
}
