/**
 * Accounts: one by id, the filtered and sorted list, and each account's
 * health, history, alerts and manual override.
 */
import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  Float,
  ID,
  Info,
  Int,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { Kind, type GraphQLResolveInfo } from '../graphql.js';
import { CAN_READ } from '../auth.js';
import { DEFAULT_RULESET, type ApiContext } from '../context.js';
import {
  readAccountsByName,
  readListedAccounts,
  type ListedAccount,
} from '../data/account-list.js';
import type { AccountRow } from '../data/reads.js';
import { badInput } from '../errors.js';
import { resolveHealth, toHealthPoint } from '../health.js';
import {
  checkPageSize,
  comparePositions,
  decodeCursor,
  encodeCursor,
  pageInfo,
  type CursorKey,
} from '../paging.js';
import { Account, AccountConnection, AlertEvent, ManualOverride } from '../types/account.js';
import { AccountOrder, Severity, SortDirection } from '../types/enums.js';
import { Health, HealthPoint } from '../types/health.js';
import { DateTime } from '../types/scalars.js';

const DAY_MS = 86_400_000;

/** Arguments of `Query.accounts`, as the resolver reads them. */
export interface AccountListArgs {
  band: string | null;
  minScore: number | null;
  maxScore: number | null;
  alert: string | null;
  orderBy: AccountOrder;
  direction: SortDirection;
  changeSince: Date | null;
  first: number;
  after: string | null;
}

/** `Query.account`, `Query.accounts` and the fields of `Account`. */
@Resolver(() => Account)
export class AccountResolver {
  @Authorized(CAN_READ)
  @Query(() => Account, {
    nullable: true,
    description: 'One account by id, or null when there is no such account.',
  })
  async account(
    @Arg('id', () => ID, { description: 'The account id.' }) id: string,
    @Ctx() ctx: ApiContext,
  ): Promise<AccountRow | null> {
    return ctx.loaders.accounts.load(id);
  }

  @Authorized(CAN_READ)
  @Query(() => AccountConnection, {
    description:
      'Accounts, filtered and sorted, one page at a time. Filters and score ordering use the ' +
      'latest stored scoring run of the active version of the `default` ruleset.',
  })
  async accounts(
    @Ctx() ctx: ApiContext,
    @Arg('band', () => String, { nullable: true, description: 'Only accounts in this band.' })
    band: string | null,
    @Arg('minScore', () => Float, { nullable: true, description: 'Only scores at least this.' })
    minScore: number | null,
    @Arg('maxScore', () => Float, { nullable: true, description: 'Only scores at most this.' })
    maxScore: number | null,
    @Arg('alert', () => String, {
      nullable: true,
      description: 'Only accounts for which this alert fired in their latest run.',
    })
    alert: string | null,
    @Arg('orderBy', () => AccountOrder, {
      defaultValue: AccountOrder.NAME,
      description: 'Sort key.',
    })
    orderBy: AccountOrder,
    @Arg('direction', () => SortDirection, {
      defaultValue: SortDirection.ASC,
      description: 'Sort direction.',
    })
    direction: SortDirection,
    @Arg('changeSince', () => DateTime, {
      nullable: true,
      description: 'The past date `SCORE_CHANGE` compares with; default 30 days ago.',
    })
    changeSince: Date | null,
    @Arg('first', () => Int, {
      defaultValue: 20,
      description: 'Page size, 1 to 100.',
    })
    first: number,
    @Arg('after', () => String, {
      nullable: true,
      description: '`endCursor` of the previous page.',
    })
    after: string | null,
  ): Promise<AccountConnection> {
    // Omitted arguments arrive as undefined; the list works with null.
    return listAccounts(ctx, {
      band: band ?? null,
      minScore: minScore ?? null,
      maxScore: maxScore ?? null,
      alert: alert ?? null,
      orderBy,
      direction,
      changeSince: changeSince ?? null,
      first,
      after: after ?? null,
    });
  }

  @FieldResolver(() => Health, {
    description:
      "The account's health. Without arguments: the active version of `default`, now, from " +
      'the latest stored run when there is one.',
  })
  async health(
    @Root() account: AccountRow,
    @Ctx() ctx: ApiContext,
    @Arg('ruleset', () => String, { nullable: true, description: 'Default `default`.' })
    ruleset: string | null,
    @Arg('version', () => Int, { nullable: true, description: 'Default: the active version.' })
    version: number | null,
    @Arg('asOf', () => DateTime, {
      nullable: true,
      description: 'Evaluate as of this time; later observations are not read. Default: now.',
    })
    asOf: Date | null,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Health> {
    return resolveHealth(ctx, account.id, {
      ruleset: ruleset ?? DEFAULT_RULESET,
      version: version ?? null,
      asOf: asOf ?? null,
      metrics: selectsMetrics(info),
    });
  }

  @FieldResolver(() => [HealthPoint], {
    description:
      'Stored scoring runs between `from` and `to`, oldest first: the score trend and band ' +
      'changes. Runs are written by rescoring (`health demo`, ingestion, scheduled jobs).',
  })
  async healthHistory(
    @Root() account: AccountRow,
    @Ctx() ctx: ApiContext,
    @Arg('ruleset', () => String, { nullable: true, description: 'Default `default`.' })
    ruleset: string | null,
    @Arg('version', () => Int, {
      nullable: true,
      description: 'Only runs of this version. Default: the active version.',
    })
    version: number | null,
    @Arg('from', () => DateTime, { nullable: true, description: 'Default: 180 days before `to`.' })
    from: Date | null,
    @Arg('to', () => DateTime, { nullable: true, description: 'Default: now.' })
    to: Date | null,
  ): Promise<HealthPoint[]> {
    const name = ruleset ?? DEFAULT_RULESET;
    const loaded = await ctx.loaders.scorecard(name, version ?? null);
    const end = to ?? ctx.now;
    const start = from ?? new Date(end.getTime() - 180 * DAY_MS);
    if (start > end) throw badInput('"from" must not be after "to".', { argument: 'from' });
    const rows = await ctx.loaders
      .snapshotHistory(name, loaded.version.version, start, end)
      .load(account.id);
    return rows.map((row) => toHealthPoint(loaded, row));
  }

  @FieldResolver(() => [AlertEvent], {
    description: 'Alerts raised by stored scoring runs, newest first.',
  })
  async alerts(
    @Root() account: AccountRow,
    @Ctx() ctx: ApiContext,
    @Arg('ruleset', () => String, { nullable: true, description: 'Default `default`.' })
    ruleset: string | null,
    @Arg('since', () => DateTime, { nullable: true, description: 'Default: 90 days ago.' })
    since: Date | null,
    @Arg('limit', () => Int, { defaultValue: 50, description: 'At most this many, 1 to 500.' })
    limit: number,
  ): Promise<AlertEvent[]> {
    if (limit < 1 || limit > 500) {
      throw badInput(`"limit" must be between 1 and 500; received ${limit}.`, {
        argument: 'limit',
      });
    }
    const start = since ?? new Date(ctx.now.getTime() - 90 * DAY_MS);
    const rows = await ctx.loaders
      .alertEvents(ruleset ?? DEFAULT_RULESET, start, limit)
      .load(account.id);
    return rows.map((r) => ({
      name: r.alert,
      severity: r.severity as Severity,
      message: r.message,
      asOf: r.asOf,
      ruleset: r.ruleset,
      version: r.version,
    }));
  }

  @FieldResolver(() => ManualOverride, {
    nullable: true,
    description: 'The manual override in force now, or null.',
  })
  async override(
    @Root() account: AccountRow,
    @Ctx() ctx: ApiContext,
    @Arg('ruleset', () => String, { nullable: true, description: 'Default `default`.' })
    ruleset: string | null,
  ): Promise<ManualOverride | null> {
    const row = await ctx.loaders
      .activeOverrides(ruleset ?? DEFAULT_RULESET, ctx.now)
      .load(account.id);
    return row ? { ...row, id: String(row.id), accountId: row.account } : null;
  }
}

/**
 * One page of accounts. Ordering by name with no score filter pages in SQL;
 * anything involving scores reads every account's latest snapshot (one
 * statement, no explanations) and filters, sorts and pages in memory.
 */
export async function listAccounts(
  ctx: ApiContext,
  args: AccountListArgs,
): Promise<AccountConnection> {
  // 1. Check the arguments.
  checkPageSize(args.first, ctx.limits.maxPageSize);
  if (args.minScore !== null && args.maxScore !== null && args.minScore > args.maxScore) {
    throw badInput('"minScore" must not be above "maxScore".', { argument: 'minScore' });
  }
  const cursor = args.after ? decodeCursor(args.after, args.orderBy, args.direction) : null;
  const byScore =
    args.band !== null || args.minScore !== null || args.maxScore !== null || args.alert !== null;

  // 2. The cheap path: by name, no filters.
  if (args.orderBy === AccountOrder.NAME && !byScore) {
    const after = cursor ? { name: String(cursor.value ?? ''), id: cursor.id } : null;
    const descending = args.direction === SortDirection.DESC;
    const page = await readAccountsByName(ctx.store, after, args.first + 1, descending);
    const rows = page.rows.slice(0, args.first);
    for (const row of rows) ctx.loaders.accounts.prime(row.id, row);
    return connection(
      rows.map((row) => ({ row, key: keyOf(args, row.name ?? row.id, row.id) })),
      page.rows.length > args.first,
      cursor !== null,
      page.total,
    );
  }

  // 3. The general path over the latest stored runs of the active version.
  const loaded = await ctx.loaders.scorecard(DEFAULT_RULESET, null);
  if (args.band !== null && !loaded.scorecard.bands.some((b) => b.name === args.band)) {
    const names = loaded.scorecard.bands.map((b) => b.name).join(', ');
    throw badInput(`unknown band "${args.band}"; the bands are ${names}.`, { argument: 'band' });
  }
  const since =
    args.orderBy === AccountOrder.SCORE_CHANGE
      ? (args.changeSince ?? new Date(ctx.now.getTime() - 30 * 86_400_000))
      : null;
  const all = await readListedAccounts(ctx.store, DEFAULT_RULESET, loaded.version.version, since);
  const matching = all.filter((a) => matches(a, args));
  const keyed = matching.map((row) => ({ row, key: keyOf(args, sortValue(row, args), row.id) }));
  keyed.sort((a, b) => comparePositions(a.key, b.key, args.direction));
  const start = cursor
    ? keyed.findIndex((k) => comparePositions(k.key, cursor, args.direction) > 0)
    : 0;
  const from = start < 0 ? keyed.length : start;
  const page = keyed.slice(from, from + args.first);
  for (const { row } of page) ctx.loaders.accounts.prime(row.id, row);
  return connection(page, from + args.first < keyed.length, from > 0, keyed.length);
}

/**
 * Whether a `health` field selects `metrics`. Fragments are not followed:
 * when there are any, the answer is yes, which is only slower, never wrong.
 */
export function selectsMetrics(info: GraphQLResolveInfo): boolean {
  for (const node of info.fieldNodes) {
    for (const selection of node.selectionSet?.selections ?? []) {
      if (selection.kind !== Kind.FIELD) return true;
      if (selection.name.value === 'metrics') return true;
    }
  }
  return false;
}

function matches(a: ListedAccount, args: AccountListArgs): boolean {
  if (args.band !== null && a.band !== args.band) return false;
  if (args.minScore !== null && (a.score === null || a.score < args.minScore)) return false;
  if (args.maxScore !== null && (a.score === null || a.score > args.maxScore)) return false;
  if (args.alert !== null && !a.alerts.includes(args.alert)) return false;
  return true;
}

function sortValue(a: ListedAccount, args: AccountListArgs): string | number | null {
  switch (args.orderBy) {
    case AccountOrder.NAME:
      return a.name ?? a.id;
    case AccountOrder.SCORE:
      return a.score;
    case AccountOrder.SCORE_CHANGE:
      // Rounded like scores, so equal changes compare equal despite float noise.
      return a.score === null || a.scoreBefore === null
        ? null
        : Math.round((a.score - a.scoreBefore) * 10) / 10;
  }
}

function keyOf(args: AccountListArgs, value: string | number | null, id: string): CursorKey {
  return { order: args.orderBy, direction: args.direction, value, id };
}

function connection(
  page: { row: AccountRow; key: CursorKey }[],
  hasNextPage: boolean,
  hasPreviousPage: boolean,
  totalCount: number,
): AccountConnection {
  const edges = page.map(({ row, key }) => ({
    cursor: encodeCursor(key),
    node: { id: row.id, name: row.name, segment: row.segment },
  }));
  return { edges, pageInfo: pageInfo(edges, hasNextPage, hasPreviousPage), totalCount };
}
