/**
 * Opaque, stable cursors for `Query.accounts`. A cursor holds the sort key
 * and id of the account it points at, so "after this cursor" still means
 * the same place when accounts are added or rescored between pages.
 *
 * Also what every connection shares: the page-size check and `pageInfo`.
 */
import { badInput } from './errors.js';
import type { PageInfo } from './types/account.js';
import { AccountOrder, SortDirection } from './types/enums.js';

/** What a cursor points at. */
export interface CursorKey {
  order: AccountOrder;
  direction: SortDirection;
  /** The sort value: a name, a score or a score change; null sorts last. */
  value: string | number | null;
  id: string;
}

/** Encodes a position as an opaque string. */
export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.order, key.direction, key.value, key.id])).toString(
    'base64url',
  );
}

/** Decodes a cursor made for this order and direction, or refuses it as BAD_USER_INPUT. */
export function decodeCursor(
  cursor: string,
  order: AccountOrder,
  direction: SortDirection,
): CursorKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 4 ||
    typeof parsed[3] !== 'string' ||
    !(parsed[2] === null || typeof parsed[2] === 'string' || typeof parsed[2] === 'number')
  ) {
    throw badInput(`"after" is not a cursor returned by this API: ${JSON.stringify(cursor)}`, {
      argument: 'after',
    });
  }
  if (parsed[0] !== order || parsed[1] !== direction) {
    throw badInput(
      `"after" was made for orderBy ${parsed[0]} ${parsed[1]}, ` +
        `but this query orders by ${order} ${direction}`,
      { argument: 'after' },
    );
  }
  return { order, direction, value: parsed[2], id: parsed[3] };
}

/**
 * Compares two positions in list order: by value (nulls last in both
 * directions, so unscored accounts never crowd the top), then by id
 * ascending, which makes the order total and the cursors stable.
 */
export function comparePositions(
  a: { value: string | number | null; id: string },
  b: { value: string | number | null; id: string },
  direction: SortDirection,
): number {
  if (a.value !== b.value) {
    if (a.value === null) return 1;
    if (b.value === null) return -1;
    const c = a.value < b.value ? -1 : 1;
    return direction === SortDirection.DESC ? -c : c;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Refuses a page size `first` outside 1..`max` as BAD_USER_INPUT. */
export function checkPageSize(first: number, max: number): void {
  if (!Number.isInteger(first) || first < 1 || first > max) {
    throw badInput(`"first" must be between 1 and ${max}; received ${first}.`, {
      argument: 'first',
    });
  }
}

/** A page's `pageInfo`: whether pages follow and precede it, and the cursors of its ends. */
export function pageInfo(
  edges: readonly { cursor: string }[],
  hasNextPage: boolean,
  hasPreviousPage: boolean,
): PageInfo {
  return {
    hasNextPage,
    hasPreviousPage,
    startCursor: edges[0]?.cursor ?? null,
    endCursor: edges.at(-1)?.cursor ?? null,
  };
}
