/**
 * The analysis queries: `ruleDiff` (with the impact of the change on every
 * account), `compareHealth`, `explainChange` and `validation`. The work is
 * done by `src/analysis`; this file checks arguments, pages the movers and
 * reshapes results for the frontend.
 *
 * An impact scores every account twice, so it is computed only when the
 * `impact` field is selected, and it keeps only as many top movers as the
 * selected `movers` pages need.
 */
import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Info,
  Int,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import {
  compare,
  explainChange,
  impact,
  INSUFFICIENT_DATA,
  ruleDiff,
  streamHistories,
  validation as validateVersion,
  type MovePart,
  type Mover as RankedMover,
  type RuleChange as RuleChangeRecord,
  type ScorePoint as ScorePointRecord,
  type StoredValidation,
  type TransitionMatrix as MatrixRecord,
} from '../../analysis/index.js';
import type { CompiledScorecard } from '../../dsl/scorecard.js';
import {
  getNamedType,
  isObjectType,
  Kind,
  getArgumentValues,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from '../graphql.js';
import { CAN_READ } from '../auth.js';
import type { ApiContext } from '../context.js';
import type { AccountRow } from '../data/reads.js';
import { badInput } from '../errors.js';
import { bandOf } from '../health.js';
import { checkPageSize, pageInfo } from '../paging.js';
import {
  ChangeExplanation,
  HealthComparison,
  MoverConnection,
  RuleChange,
  RuleChangeKind,
  RuleChangeType,
  RuleDiff,
  RuleImpact,
  ScoreMovePart,
  ScorePoint,
  TransitionMatrix,
  Validation,
} from '../types/analysis.js';
import { HealthStatus, MetricStatus } from '../types/enums.js';
import { DateTime } from '../types/scalars.js';

/**
 * How deep the movers can be paged. Each kept mover holds its history until
 * the pass ends and is explained twice, so the ranking is bounded.
 */
export const MAX_RANKED_MOVERS = 1_000;

/** The most versions one `compareHealth` lines up: each is a full evaluation. */
const MAX_COMPARED_VERSIONS = 10;

/** The longest validation horizon, ten years: beyond it no history is kept anyway. */
const MAX_HORIZON_DAYS = 3_650;

/** What the `impact` field hands to its own fields: the report and the ranked movers. */
export interface ImpactRoot extends RuleImpact {
  /** The top movers, best first; as many as the selected pages need, plus one. */
  ranked: RankedMover[];
  /** How many accounts moved in all, ranked or not. */
  moved: number;
}

/** What `ruleDiff` hands to `RuleDiff.impact`: the diff and what the impact needs. */
interface RuleDiffRoot extends RuleDiff {
  versions: { from: number; to: number };
  asOf: Date;
}

/** `Query.ruleDiff`, `compareHealth`, `explainChange` and `validation`. */
@Resolver()
export class AnalysisResolver {
  @Authorized(CAN_READ)
  @Query(() => RuleDiff, {
    description:
      'What changed between two versions of a ruleset: the unified text diff, the ' +
      'structural changes and, when `impact` is selected, what the change does to every ' +
      'account. NOT_FOUND for an unknown ruleset or version.',
  })
  async ruleDiff(
    @Ctx() ctx: ApiContext,
    @Arg('ruleset', () => String, { description: 'The ruleset, e.g. `default`.' })
    ruleset: string,
    @Arg('from', () => Int, { description: 'The old version.' }) from: number,
    @Arg('to', () => Int, { description: 'The new version.' }) to: number,
    @Arg('asOf', () => DateTime, {
      nullable: true,
      description: 'When both versions are evaluated for the impact. Default: now.',
    })
    asOf: Date | null,
  ): Promise<RuleDiffRoot> {
    const report = await ruleDiff(ctx.store, ruleset, from, to);
    return {
      ruleset,
      from: report.from,
      to: report.to,
      text: report.text,
      changes: report.changes.map(toRuleChange),
      versions: { from, to },
      asOf: asOf ?? ctx.now,
    };
  }

  @Authorized(CAN_READ)
  @Query(() => HealthComparison, {
    description:
      'One account under several versions of a ruleset at one time, side by side, with the ' +
      'per-metric change in points against the first version listed. NOT_FOUND for an ' +
      'unknown account, ruleset or version.',
  })
  async compareHealth(
    @Ctx() ctx: ApiContext,
    @Arg('accountId', () => ID, { description: 'The account id.' }) accountId: string,
    @Arg('ruleset', () => String, { description: 'The ruleset, e.g. `default`.' })
    ruleset: string,
    @Arg('versions', () => [Int], {
      description: `The versions, 1 to ${MAX_COMPARED_VERSIONS} of them; the first is the base.`,
    })
    versions: number[],
    @Arg('asOf', () => DateTime, {
      nullable: true,
      description: 'Evaluate as of this time; later observations are not read. Default: now.',
    })
    asOf: Date | null,
  ): Promise<HealthComparison> {
    if (versions.length === 0 || versions.length > MAX_COMPARED_VERSIONS) {
      throw badInput(
        `"versions" must list 1 to ${MAX_COMPARED_VERSIONS} versions; received ` +
          `${versions.length}.`,
        { argument: 'versions' },
      );
    }

    // 1. Score the account under every version (this also checks that each exists).
    const report = await compare(ctx.store, accountId, ruleset, versions, asOf ?? ctx.now);
    const loaded = await Promise.all(versions.map((v) => ctx.loaders.scorecard(ruleset, v)));

    // 2. Reshape: columns and cells carry their version number, not a label.
    return {
      account: await accountOf(ctx, accountId),
      ruleset,
      asOf: new Date(report.asOf),
      versions: report.versions.map((column, i) => ({
        version: versions[i]!,
        hash: loaded[i]!.version.hash,
        status: column.status as HealthStatus,
        score: column.score,
        band: bandOf(loaded[i]!, column.band),
        coverage: column.coverage,
        scoreChange: column.scoreDelta,
        alerts: column.alerts,
        overrides: column.overrides,
      })),
      metrics: report.metrics.map((row) => ({
        metric: row.metric,
        cells: row.cells.map((cell, i) =>
          cell === null
            ? null
            : {
                version: versions[i]!,
                score: cell.score,
                status: cell.status as MetricStatus,
                nominalWeight: cell.nominalWeight,
                effectiveWeight: cell.effectiveWeight,
                points: cell.points,
                pointsChange: cell.pointsDelta,
              },
        ),
      })),
    };
  }

  @Authorized(CAN_READ)
  @Query(() => ChangeExplanation, {
    description:
      "Why an account's score moved from (fromVersion at `from`) to (toVersion at `to`), " +
      'split into the part the rule change made and the part the data made, each per ' +
      'metric. Use the same version twice to see only the data part, or the same time twice ' +
      'to see only the rule part. NOT_FOUND for an unknown account, ruleset or version.',
  })
  async explainChange(
    @Ctx() ctx: ApiContext,
    @Arg('accountId', () => ID, { description: 'The account id.' }) accountId: string,
    @Arg('ruleset', () => String, { description: 'The ruleset, e.g. `default`.' })
    ruleset: string,
    @Arg('fromVersion', () => Int, { description: 'The version at the start.' })
    fromVersion: number,
    @Arg('toVersion', () => Int, { description: 'The version at the end.' }) toVersion: number,
    @Arg('from', () => DateTime, { description: 'The start time.' }) from: Date,
    @Arg('to', () => DateTime, { description: 'The end time.' }) to: Date,
  ): Promise<ChangeExplanation> {
    const report = await explainChange(
      ctx.store,
      accountId,
      ruleset,
      { from: fromVersion, to: toVersion },
      from,
      to,
    );
    return {
      account: await accountOf(ctx, accountId),
      ruleset,
      start: toScorePoint(report.points.aAtT1, fromVersion),
      rulesChanged: toScorePoint(report.points.bAtT1, toVersion),
      end: toScorePoint(report.points.bAtT2, toVersion),
      total: toMovePart(report.total),
      rulePart: toMovePart(report.rules),
      dataPart: toMovePart(report.data),
      comparable: report.comparable,
    };
  }

  @Authorized(CAN_READ)
  @Query(() => Validation, {
    description:
      "Do the bands separate renewals from churn? Scores each recorded outcome's account " +
      '`horizonDays` before the outcome and reports renewal rates per band, the AUC and ' +
      'whether the rates fall from the best band to the worst. With `compareTo`, the other ' +
      'version is validated the same way alongside. NOT_FOUND for an unknown ruleset or ' +
      'version.',
  })
  async validation(
    @Ctx() ctx: ApiContext,
    @Arg('ruleset', () => String, { description: 'The ruleset, e.g. `default`.' })
    ruleset: string,
    @Arg('version', () => Int, { nullable: true, description: 'Default: the active version.' })
    version: number | null,
    @Arg('horizonDays', () => Int, {
      defaultValue: 90,
      description: `Days before each outcome to take the score at, 0 to ${MAX_HORIZON_DAYS}.`,
    })
    horizonDays: number,
    @Arg('compareTo', () => Int, {
      nullable: true,
      description: 'Another version to validate alongside, e.g. the active one.',
    })
    compareTo: number | null,
  ): Promise<Validation> {
    if (horizonDays < 0 || horizonDays > MAX_HORIZON_DAYS) {
      throw badInput(
        `"horizonDays" must be between 0 and ${MAX_HORIZON_DAYS}; received ${horizonDays}.`,
        { argument: 'horizonDays' },
      );
    }
    const main = await validateVersion(ctx.store, ruleset, version ?? null, horizonDays);
    const other =
      compareTo === null || compareTo === undefined
        ? null
        : await validateVersion(ctx.store, ruleset, compareTo, horizonDays);
    return {
      ...toValidation(main),
      comparedTo: other && toValidation(other),
      aucDelta: other && main.auc !== null && other.auc !== null ? main.auc - other.auc : null,
    };
  }
}

/** `RuleDiff.impact`, computed only when selected. */
@Resolver(() => RuleDiff)
export class RuleDiffResolver {
  @FieldResolver(() => RuleImpact, {
    description:
      'What the change does to every account at `asOf`. Scores every account under both ' +
      'versions, so it takes seconds on a large store: select it only where it is shown.',
  })
  async impact(
    @Root() diff: RuleDiffRoot,
    @Ctx() ctx: ApiContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<ImpactRoot> {
    const before = await ctx.loaders.scorecard(diff.ruleset, diff.versions.from);
    const after = await ctx.loaders.scorecard(diff.ruleset, diff.versions.to);
    return impactOf(ctx, before.scorecard, after.scorecard, diff.asOf, info);
  }
}

/** `RuleImpact.movers`: pages through the ranked movers. */
@Resolver(() => RuleImpact)
export class RuleImpactResolver {
  @FieldResolver(() => MoverConnection, {
    description:
      'The accounts whose score or band moved, largest |score change| first, with the ' +
      `metrics that moved them. The first ${MAX_RANKED_MOVERS} can be paged through.`,
  })
  async movers(
    @Root() root: ImpactRoot,
    @Ctx() ctx: ApiContext,
    @Arg('first', () => Int, { defaultValue: 10, description: 'Page size, 1 to 100.' })
    first: number,
    @Arg('after', () => String, {
      nullable: true,
      description: '`endCursor` of the previous page.',
    })
    after: string | null,
  ): Promise<MoverConnection> {
    // 1. Check the arguments.
    checkPageSize(first, ctx.limits.maxPageSize);
    const offset = after ? moverOffset(after) : 0;
    if (offset === null) {
      throw badInput(`"after" is not a movers cursor: ${JSON.stringify(after)}`, {
        argument: 'after',
      });
    }
    if (offset + first > MAX_RANKED_MOVERS) {
      throw badInput(
        `only the first ${MAX_RANKED_MOVERS} movers can be paged through; this page would ` +
          `end at ${offset + first}.`,
        { argument: 'first' },
      );
    }

    // 2. The page, with its accounts read in one batch.
    const page = root.ranked.slice(offset, offset + first);
    const accounts = await Promise.all(page.map((m) => accountOf(ctx, m.account)));
    const edges = page.map((m, i) => ({
      cursor: moverCursor(offset + i + 1),
      node: {
        account: accounts[i]!,
        scoreBefore: m.scoreBefore,
        scoreAfter: m.scoreAfter,
        scoreChange: m.delta,
        bandBefore: m.bandBefore,
        bandAfter: m.bandAfter,
        metrics: m.metrics,
      },
    }));
    const end = offset + first;
    const hasNextPage = root.ranked.length > end && end < MAX_RANKED_MOVERS;
    return { edges, pageInfo: pageInfo(edges, hasNextPage, offset > 0), totalCount: root.moved };
  }
}

/**
 * The impact of going from `before` to `after` on every stored account at
 * `asOf`, keeping as many top movers as the `movers` fields under `info` ask
 * for. Also serves `checkRules`, whose draft is never stored.
 */
export async function impactOf(
  ctx: ApiContext,
  before: CompiledScorecard,
  after: CompiledScorecard,
  asOf: Date,
  info: GraphQLResolveInfo,
): Promise<ImpactRoot> {
  const topMovers = moversWanted(info, ctx.limits.maxPageSize);
  const accounts = streamHistories(ctx.store, [before, after], asOf);
  const report = await impact(accounts, before, after, asOf, { topMovers });
  const largest = report.largestScoreChange;
  return {
    asOf: new Date(report.asOf),
    accountsCompared: report.accounts,
    accountsScoredBoth: report.scoredBoth,
    accountsChangedBand: report.bandChanged,
    insufficientBefore: report.insufficientBefore,
    insufficientAfter: report.insufficientAfter,
    meanScoreChange: report.meanScoreChange,
    largestScoreChange: largest && {
      account: await accountOf(ctx, largest.account),
      scoreChange: largest.delta,
    },
    transitions: squareMatrix(report.transitions),
    ranked: report.topMovers,
    moved: report.moved,
  };
}

// ---------------------------------------------------------------------------
// Helpers

/** The account row, or a bare one when the account row is gone since it was scored. */
async function accountOf(ctx: ApiContext, id: string): Promise<AccountRow> {
  return (await ctx.loaders.accounts.load(id)) ?? { id, name: null, segment: null };
}

/** A structural change of the analysis module as its GraphQL type. */
export function toRuleChange(c: RuleChangeRecord): RuleChange {
  return {
    type: c.type as RuleChangeType,
    kind: c.kind as RuleChangeKind,
    path: c.path,
    attribute: c.attribute ?? null,
    before: c.before,
    after: c.after,
    nominalWeightBefore: c.nominalWeightBefore ?? null,
    nominalWeightAfter: c.nominalWeightAfter ?? null,
    description: c.description,
  };
}

/**
 * The analysis gives rows in the old version's bands and columns in the new
 * one's; a heat map wants one label list for both axes. Rows and columns are
 * laid out over the union, so a band only one side has gets zeros on the
 * other, and `insufficient_data` stays last.
 */
function squareMatrix(m: MatrixRecord): TransitionMatrix {
  const declared = [...m.from, ...m.to].filter((b) => b !== INSUFFICIENT_DATA);
  const bands = [...new Set(declared)];
  if (m.from.includes(INSUFFICIENT_DATA) || m.to.includes(INSUFFICIENT_DATA)) {
    bands.push(INSUFFICIENT_DATA);
  }
  const counts = bands.map((row) =>
    bands.map((column) => {
      const i = m.from.indexOf(row);
      const j = m.to.indexOf(column);
      return i < 0 || j < 0 ? 0 : m.counts[i]![j]!;
    }),
  );
  const cells = counts.flatMap((row, i) =>
    row.flatMap((count, j) => (count > 0 ? [{ from: bands[i]!, to: bands[j]!, count }] : [])),
  );
  return { bands, counts, cells };
}

function toScorePoint(p: ScorePointRecord, version: number): ScorePoint {
  return {
    version,
    asOf: new Date(p.asOf),
    status: p.status as HealthStatus,
    score: p.score,
    band: p.band,
  };
}

function toMovePart(p: MovePart): ScoreMovePart {
  return { scoreChange: p.delta, metrics: p.metrics, adjustment: p.adjustment };
}

function toValidation(v: StoredValidation): Validation {
  return {
    ruleset: v.ruleset,
    version: v.version,
    horizonDays: v.horizonDays,
    outcomes: v.outcomes,
    scored: v.scored,
    unscored: v.insufficientData.accounts,
    unscoredRenewalRate: v.insufficientData.renewalRate,
    bands: v.bands,
    auc: v.auc,
    monotonic: v.monotonic,
    violations: v.violations,
    tooClose: v.tooClose,
    comparedTo: null,
    aucDelta: null,
  };
}

// ---------------------------------------------------------------------------
// Mover cursors

// A cursor is the rank of the mover it points at. Ranks are stable for one
// diff at one `asOf` over the same data; `ruleDiff` without `asOf` uses "now",
// so a client paging a live store should pass the `asOf` of its first page.
function moverCursor(rank: number): string {
  return Buffer.from(JSON.stringify(['mover', rank])).toString('base64url');
}

/** The number of movers before the page that follows `cursor`, or null when it is not one. */
function moverOffset(cursor: string): number | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || parsed[0] !== 'mover') return null;
  const rank = parsed[1];
  return Number.isInteger(rank) && rank >= 1 ? (rank as number) : null;
}

/**
 * How many top movers the `movers` fields selected under an `impact` field
 * need: the deepest page end over every selection (aliases may ask for
 * several pages at once), plus one to tell whether another page follows.
 * Fragments are followed. Arguments that `movers` itself will refuse count
 * as nothing here; 0 when no movers are selected.
 */
function moversWanted(info: GraphQLResolveInfo, maxPageSize: number): number {
  const type = getNamedType(info.returnType);
  const field = isObjectType(type) ? type.getFields()['movers'] : undefined;
  if (!field) return 0;

  let deepest = -1;
  const visit = (set: SelectionSetNode | undefined, seen: Set<string>): void => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, seen);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        if (seen.has(name)) continue;
        seen.add(name);
        visit(info.fragments[name]?.selectionSet, seen);
      } else if (selection.name.value === 'movers') {
        let args: Record<string, unknown>;
        try {
          args = getArgumentValues(field, selection, info.variableValues);
        } catch {
          continue;
        }
        const first = Number(args['first']);
        const offset = typeof args['after'] === 'string' ? moverOffset(args['after']) : 0;
        if (!Number.isInteger(first) || first < 1 || first > maxPageSize || offset === null) {
          continue;
        }
        deepest = Math.max(deepest, Math.min(offset + first, MAX_RANKED_MOVERS));
      }
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet, new Set());
  return deepest < 0 ? 0 : deepest + 1;
}
