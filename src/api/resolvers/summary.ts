/**
 * `Query.healthSummary`: the portfolio at a glance for a dashboard header.
 */
import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { CAN_READ } from '../auth.js';
import { DEFAULT_RULESET, type ApiContext } from '../context.js';
import { readListedAccounts } from '../data/account-list.js';
import { HealthSummary } from '../types/account.js';
import { DateTime } from '../types/scalars.js';

/** Accounts per band and the mean score, now and at a past date. */
@Resolver()
export class SummaryResolver {
  @Authorized(CAN_READ)
  @Query(() => HealthSummary, {
    description:
      'Accounts per band (with colors) and the mean score under the active version, from ' +
      'the latest stored runs; with `comparedTo`, the same figures at that date.',
  })
  async healthSummary(
    @Ctx() ctx: ApiContext,
    @Arg('ruleset', () => String, { nullable: true, description: 'Default `default`.' })
    ruleset: string | null,
    @Arg('comparedTo', () => DateTime, {
      nullable: true,
      description: 'A past date to compare with (latest run at or before it).',
    })
    comparedTo: Date | null,
  ): Promise<HealthSummary> {
    const name = ruleset ?? DEFAULT_RULESET;
    const loaded = await ctx.loaders.scorecard(name, null);
    const rows = await readListedAccounts(ctx.store, name, loaded.version.version, comparedTo);

    // Count now and before in one pass.
    const now = new Map<string, number>();
    const before = new Map<string, number>();
    let sum = 0;
    let scored = 0;
    let sumBefore = 0;
    let scoredBefore = 0;
    for (const row of rows) {
      if (row.score !== null && row.band !== null) {
        now.set(row.band, (now.get(row.band) ?? 0) + 1);
        sum += row.score;
        scored++;
      }
      if (row.scoreBefore !== null && row.bandBefore !== null) {
        before.set(row.bandBefore, (before.get(row.bandBefore) ?? 0) + 1);
        sumBefore += row.scoreBefore;
        scoredBefore++;
      }
    }

    const mean = scored > 0 ? round1(sum / scored) : null;
    const meanBefore = comparedTo && scoredBefore > 0 ? round1(sumBefore / scoredBefore) : null;
    return {
      ruleset: name,
      version: loaded.version.version,
      totalAccounts: rows.length,
      scoredAccounts: scored,
      unscoredAccounts: rows.length - scored,
      meanScore: mean,
      bands: loaded.scorecard.bands.map((band) => {
        const accounts = now.get(band.name) ?? 0;
        const accountsBefore = comparedTo ? (before.get(band.name) ?? 0) : null;
        return {
          name: band.name,
          color: band.color,
          action: band.action,
          accounts,
          share: scored > 0 ? accounts / scored : 0,
          accountsBefore,
          change: accountsBefore === null ? null : accounts - accountsBefore,
        };
      }),
      comparedTo,
      meanScoreBefore: meanBefore,
      meanScoreChange: mean !== null && meanBefore !== null ? round1(mean - meanBefore) : null,
    };
  }
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
