/**
 * Manual overrides: a person sets an account's band, with a reason and an
 * optional expiry. The account is rescored at once so lists, summaries and
 * explanations show the override (as a `manual` entry) without waiting for
 * the next scoring run.
 */
import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { clearOverride, scoreAccount, setOverride } from '../../store/index.js';
import { CAN_EDIT } from '../auth.js';
import { DEFAULT_RULESET, type ApiContext } from '../context.js';
import type { AccountRow } from '../data/reads.js';
import { badInput, notFound } from '../errors.js';
import { Account } from '../types/account.js';
import { DateTime } from '../types/scalars.js';

async function requireAccount(ctx: ApiContext, id: string): Promise<AccountRow> {
  const account = await ctx.loaders.accounts.load(id);
  if (!account) throw notFound(`no account with id "${id}"`);
  return account;
}

/** `setHealthOverride` and `clearHealthOverride`. */
@Resolver()
export class OverrideResolver {
  @Authorized(CAN_EDIT)
  @Mutation(() => Account, {
    description:
      "Sets an account's band by hand under a ruleset, replacing any override in force. The " +
      "score is clamped into the band's range; explanations list it as a `manual` override. " +
      'Returns the account, so the new health can be selected in the same request.',
  })
  async setHealthOverride(
    @Ctx() ctx: ApiContext,
    @Arg('accountId', () => ID, { description: 'The account.' }) accountId: string,
    @Arg('band', () => String, { description: 'A band of the active version.' }) band: string,
    @Arg('reason', () => String, { description: 'Why; shown with the override.' }) reason: string,
    @Arg('ruleset', () => String, { nullable: true, description: 'Default `default`.' })
    ruleset: string | null,
    @Arg('expiresAt', () => DateTime, {
      nullable: true,
      description: 'When it stops applying; default: until cleared.',
    })
    expiresAt: Date | null,
  ): Promise<AccountRow> {
    const account = await requireAccount(ctx, accountId);
    if (expiresAt && expiresAt <= ctx.now) {
      throw badInput('"expiresAt" must be in the future.', { argument: 'expiresAt' });
    }
    const name = ruleset ?? DEFAULT_RULESET;
    await setOverride(ctx.store, {
      account: accountId,
      ruleset: name,
      band,
      reason,
      author: ctx.caller?.name ?? ctx.caller?.tokenId ?? null,
      expiresAt: expiresAt ?? null,
    });
    await this.refresh(ctx, accountId, name);
    return account;
  }

  @Authorized(CAN_EDIT)
  @Mutation(() => Account, {
    description:
      'Clears the manual override in force; NOT_FOUND when there is none. Returns the account.',
  })
  async clearHealthOverride(
    @Ctx() ctx: ApiContext,
    @Arg('accountId', () => ID, { description: 'The account.' }) accountId: string,
    @Arg('ruleset', () => String, { nullable: true, description: 'Default `default`.' })
    ruleset: string | null,
  ): Promise<AccountRow> {
    const account = await requireAccount(ctx, accountId);
    const name = ruleset ?? DEFAULT_RULESET;
    await clearOverride(ctx.store, { account: accountId, ruleset: name });
    await this.refresh(ctx, accountId, name);
    return account;
  }

  // Store a fresh snapshot so the list filters and the summary agree with
  // the override; the request's loaders start over so the response reads it.
  private async refresh(ctx: ApiContext, accountId: string, ruleset: string): Promise<void> {
    await scoreAccount(ctx.store, { account: accountId, ruleset, asOf: new Date(), save: true });
    ctx.now = new Date();
    ctx.loaders.reset();
  }
}
