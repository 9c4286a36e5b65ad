/**
 * The request being served, carried through async calls so that code far
 * from the HTTP handler (the error formatter, loggers) can name it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What every log line and masked error of one request can refer to. */
export interface RequestInfo {
  requestId: string;
  startedAt: number;
}

const storage = new AsyncLocalStorage<RequestInfo>();

/** Runs `fn` as part of the request described by `info`. */
export function runInRequest<T>(info: RequestInfo, fn: () => T): T {
  return storage.run(info, fn);
}

/** The request being served, or undefined outside one. */
export function currentRequest(): RequestInfo | undefined {
  return storage.getStore();
}

/**
 * A request id: the caller's `x-request-id` when it is a short, printable
 * token (so a gateway's id follows the request), otherwise a fresh UUID.
 */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  if (value && /^[A-Za-z0-9._:-]{1,100}$/.test(value)) return value;
  return randomUUID();
}
