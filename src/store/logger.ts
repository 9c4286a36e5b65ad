/**
 * The logger the store writes to. Its shape is a subset of pino's, so a pino
 * logger can be passed as is; the default writes nothing, because a library
 * must not print unless asked to.
 */
export interface StoreLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const nothing = (): void => {};

/** A logger that drops everything. */
export const silentLogger: StoreLogger = {
  debug: nothing,
  info: nothing,
  warn: nothing,
  error: nothing,
};
