/**
 * Progress of long jobs (ingestion, rescoring, the demo). On a terminal it is
 * a bar on stderr; anywhere else (CI logs, pipes, files) it is one JSON line
 * per step on stderr, at most about once a second, so logs stay readable and
 * machines can parse them. stdout is never touched: it carries results.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  /** Sets the amount done (and the total, when it becomes known). */
  update(done: number, total?: number): void;
  /** Ends the bar, or logs the final step. */
  stop(): void;
}

export interface ProgressOptions {
  /** What is being done, e.g. `ingest` or `rescore`. */
  task: string;
  /** What is counted: `lines`, `bytes`, `accounts`. */
  unit: string;
  /** Unknown totals show a running count. */
  total?: number;
  stream?: NodeJS.WriteStream;
  /** Milliseconds between JSON lines (default 1,000). */
  interval?: number;
}

/** A bar when the stream is a terminal, JSON lines otherwise. */
export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  return stream.isTTY ? barProgress(options, stream) : jsonProgress(options, stream);
}

/** A progress that reports nothing, for library callers and quiet runs. */
export const noProgress: Progress = { update: () => {}, stop: () => {} };

function barProgress(options: ProgressOptions, stream: NodeJS.WriteStream): Progress {
  const bytes = options.unit === 'bytes';
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${options.task} [{bar}] {percentage}% | {shown} | {speed}/s | eta {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  const fields = (done: number) => {
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    return {
      shown: bytes ? `${megabytes(done)} MB` : `${done} ${options.unit}`,
      speed: bytes ? `${megabytes(done / seconds)} MB` : `${Math.round(done / seconds)}`,
    };
  };
  bar.start(options.total ?? 0, 0, fields(0));
  return {
    update(done, total) {
      if (total !== undefined) bar.setTotal(total);
      bar.update(done, fields(done));
    },
    stop: () => bar.stop(),
  };
}

function jsonProgress(options: ProgressOptions, stream: NodeJS.WriteStream): Progress {
  const interval = options.interval ?? 1_000;
  const started = Date.now();
  let total = options.total;
  let done = 0;
  let last = 0;
  const log = (final: boolean) => {
    const elapsedMs = Date.now() - started;
    const line = {
      level: 'info',
      time: new Date().toISOString(),
      msg: final ? `${options.task} done` : `${options.task} progress`,
      task: options.task,
      unit: options.unit,
      done,
      ...(total === undefined ? {} : { total }),
      elapsedMs,
      perSecond: Math.round((done / Math.max(elapsedMs, 1)) * 1000),
    };
    stream.write(`${JSON.stringify(line)}\n`);
  };
  return {
    update(value, newTotal) {
      done = value;
      if (newTotal !== undefined) total = newTotal;
      const now = Date.now();
      if (now - last >= interval) {
        last = now;
        log(false);
      }
    },
    stop: () => log(true),
  };
}

function megabytes(bytes: number): string {
  return (bytes / 1_048_576).toFixed(1);
}
