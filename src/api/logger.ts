/**
 * The server's logger: pino, writing JSON lines in production (for log
 * collectors) and short readable lines in development.
 */
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

/** Options of `createApiLogger`. */
export interface ApiLoggerOptions {
  /** Readable lines instead of JSON. Default: when not in production and stdout is a TTY. */
  pretty?: boolean;
  /** Default `LOG_LEVEL`, else `info`. */
  level?: string;
  /** Where lines go (default stdout); tests pass their own. */
  destination?: NodeJS.WritableStream;
}

const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

/** A pino logger; it fits the store's `StoreLogger` as is. */
export function createApiLogger(options: ApiLoggerOptions = {}): Logger {
  const pretty =
    options.pretty ?? (process.env.NODE_ENV !== 'production' && Boolean(process.stdout.isTTY));
  const level = options.level ?? process.env.LOG_LEVEL ?? 'info';
  const out = options.destination ?? process.stdout;
  if (!pretty) return pino({ level, base: undefined }, out);
  return pino({ level, base: undefined }, readableLines(out));
}

/**
 * Turns pino's JSON lines into `12:00:01 INFO graphql request key=value …`.
 * A small formatter rather than pino-pretty: one less dependency for a
 * development nicety.
 */
function readableLines(out: NodeJS.WritableStream): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() === '') continue;
        try {
          const { level, time, msg, ...fields } = JSON.parse(line) as Record<string, unknown>;
          const clock = new Date(Number(time)).toISOString().slice(11, 19);
          const rest = Object.entries(fields)
            .filter(([k]) => k !== 'stack')
            .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
            .join(' ');
          const stack = typeof fields.stack === 'string' ? `\n${fields.stack}` : '';
          out.write(`${clock} ${LEVELS[Number(level)] ?? level} ${msg ?? ''} ${rest}${stack}\n`);
        } catch {
          out.write(`${line}\n`);
        }
      }
      done();
    },
  });
}
