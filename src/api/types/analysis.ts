/**
 * Analysis results in their GraphQL form: what a rule change does (text and
 * structural diff, impact on every account), one account under several
 * versions, a score move split into its rule and data parts, and whether the
 * bands predict renewal. The shapes follow `src/analysis`, renamed where a
 * frontend reads a name better (`delta` becomes `scoreChange` on scores).
 */
import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Account, PageInfo } from './account.js';
import { HealthStatus, MetricStatus } from './enums.js';
import { Band } from './health.js';
import { DateTime } from './scalars.js';

/** What a structural change did to a declaration. */
export enum RuleChangeType {
  added = 'added',
  removed = 'removed',
  changed = 'changed',
}

/** The kind of declaration a structural change touches. */
export enum RuleChangeKind {
  signal = 'signal',
  group = 'group',
  metric = 'metric',
  scoring = 'scoring',
  weight = 'weight',
  band = 'band',
  cap = 'cap',
  floor = 'floor',
  alert = 'alert',
  setting = 'setting',
  test = 'test',
}

registerEnumType(RuleChangeType, {
  name: 'RuleChangeType',
  description: 'Whether the declaration was `added`, `removed` or `changed`.',
});
registerEnumType(RuleChangeKind, {
  name: 'RuleChangeKind',
  description:
    'What kind of declaration changed. `weight` and `scoring` are a metric whose weight or ' +
    'scoring alone changed; `metric` is a metric added, removed or rewritten otherwise; ' +
    '`setting` is the title, `stale_after` or `min_coverage`.',
});

// ---------------------------------------------------------------------------
// Rule diff

@ObjectType({ description: 'One side of a rule diff: a stored version, or an unsaved draft.' })
export class RuleDiffSide {
  @Field(() => Int, { nullable: true, description: 'The version number; null for a draft.' })
  version!: number | null;

  @Field(() => String, { nullable: true, description: 'sha256 of the source; null for a draft.' })
  hash!: string | null;

  @Field(() => String, {
    description: 'How the text diff names this side: `default@3`, or `draft`.',
  })
  label!: string;
}

@ObjectType({
  description:
    'One structural difference between two rule versions, e.g. `usage.activation weight ' +
    '3 -> 2`. Comments and layout never count as changes.',
})
export class RuleChange {
  @Field(() => RuleChangeType, { description: 'Added, removed or changed.' })
  type!: RuleChangeType;

  @Field(() => RuleChangeKind, { description: 'The kind of declaration.' })
  kind!: RuleChangeKind;

  @Field(() => String, {
    description:
      'The declaration: `usage.activation` (group.metric), `bands.healthy`, `signals.nps`, ' +
      '`alerts.usage_dip`, `caps.at_risk`, `floors.stable`, `tests.<name>` or a setting name.',
  })
  path!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The part that changed (`weight`, `from`, `expression`, …) when only a part did.',
  })
  attribute!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The old text, formatted canonically; null when added.',
  })
  before!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The new text, formatted canonically; null when removed.',
  })
  after!: string | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'For a metric whose share of the score moved: its nominal weight (0..1) before; 0 when ' +
      'it did not exist. Null for other changes.',
  })
  nominalWeightBefore!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'The nominal weight (0..1) after; 0 when removed. Null for other changes.',
  })
  nominalWeightAfter!: number | null;

  @Field(() => String, { description: 'One readable line, e.g. `usage.activation weight 3 -> 2`.' })
  description!: string;
}

@ObjectType({ description: 'How many accounts went from one band to another.' })
export class TransitionCell {
  @Field(() => String, { description: 'The band under the old version (a row label).' })
  from!: string;

  @Field(() => String, { description: 'The band under the new version (a column label).' })
  to!: string;

  @Field(() => Int, { description: 'Accounts that made this move; never 0 in `cells`.' })
  count!: number;
}

@ObjectType({
  description:
    'Accounts per (band before, band after), ready for a heat map: rows are the band under ' +
    'the old version, columns the band under the new one, both labelled by `bands`. The ' +
    'diagonal holds the accounts that kept their band.',
})
export class TransitionMatrix {
  @Field(() => [String], {
    description:
      'Row and column labels, best band first: the old bands, then bands only the new version ' +
      'has, then `insufficient_data` when some account was not scored on either side.',
  })
  bands!: string[];

  @Field(() => [[Int]], {
    description:
      '`counts[i][j]`: accounts in `bands[i]` before and `bands[j]` after. A band one side ' +
      'does not declare has a row (or column) of zeros.',
  })
  counts!: number[][];

  @Field(() => [TransitionCell], {
    description: 'The non-zero entries of `counts`, row by row: the same data as a list.',
  })
  cells!: TransitionCell[];
}

@ObjectType({ description: "How one metric's points moved between two results." })
export class MetricPointsChange {
  @Field(() => String, { description: 'The full metric name, `group.metric`.' })
  metric!: string;

  @Field(() => Float, {
    description: 'Points before (effective weight × score); 0 where the metric did not exist.',
  })
  pointsBefore!: number;

  @Field(() => Float, { description: 'Points after; 0 where the metric does not exist.' })
  pointsAfter!: number;

  @Field(() => Float, { description: 'pointsAfter − pointsBefore, unrounded.' })
  delta!: number;
}

@ObjectType({ description: 'An account whose score or band a rule change moved.' })
export class Mover {
  @Field(() => Account, { description: 'The account; ask for `health` here for more.' })
  account!: Account;

  @Field(() => Float, { description: 'The score under the old version.' })
  scoreBefore!: number;

  @Field(() => Float, { description: 'The score under the new version.' })
  scoreAfter!: number;

  @Field(() => Float, { description: 'scoreAfter − scoreBefore, one decimal.' })
  scoreChange!: number;

  @Field(() => String, { description: 'The band name under the old version.' })
  bandBefore!: string;

  @Field(() => String, { description: 'The band name under the new version.' })
  bandAfter!: string;

  @Field(() => [MetricPointsChange], {
    description: 'Every metric of either version, the largest |delta| first: what moved it.',
  })
  metrics!: MetricPointsChange[];
}

@ObjectType({ description: 'A mover in a page, with the cursor that points at it.' })
export class MoverEdge {
  @Field(() => String, { description: 'Pass as `after` to continue after this mover.' })
  cursor!: string;

  @Field(() => Mover, { description: 'The mover.' })
  node!: Mover;
}

@ObjectType({
  description:
    'One page of the accounts a rule change moved, largest |score change| first (equal ' +
    'changes by account id).',
})
export class MoverConnection {
  @Field(() => [MoverEdge], { description: 'The movers of this page, in rank order.' })
  edges!: MoverEdge[];

  @Field(() => PageInfo, { description: 'Paging state.' })
  pageInfo!: PageInfo;

  @Field(() => Int, {
    description:
      'Accounts whose score or band moved, in all; more than can be paged through when ' +
      'over the paging limit.',
  })
  totalCount!: number;
}

@ObjectType({ description: 'A score change of one account.' })
export class AccountScoreChange {
  @Field(() => Account, { description: 'The account.' })
  account!: Account;

  @Field(() => Float, { description: 'Score under the new version minus under the old one.' })
  scoreChange!: number;
}

@ObjectType({
  description:
    'What a rule change does to every account at one time: each account is scored under ' +
    'both versions from the same observations. Manual overrides are left out: this is the ' +
    "rules' own effect.",
})
export class RuleImpact {
  @Field(() => DateTime, { description: 'The time both versions were evaluated at.' })
  asOf!: Date;

  @Field(() => Int, { description: 'Accounts compared: every account in the store.' })
  accountsCompared!: number;

  @Field(() => Int, {
    description: 'Accounts scored under both versions: the base of the score statistics.',
  })
  accountsScoredBoth!: number;

  @Field(() => Int, {
    description: 'Accounts whose band differs; moving into or out of `insufficient_data` counts.',
  })
  accountsChangedBand!: number;

  @Field(() => Int, { description: 'Accounts with insufficient data under the old version.' })
  insufficientBefore!: number;

  @Field(() => Int, { description: 'Accounts with insufficient data under the new version.' })
  insufficientAfter!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Mean score change over `accountsScoredBoth`, unrounded; null when none.',
  })
  meanScoreChange!: number | null;

  @Field(() => AccountScoreChange, {
    nullable: true,
    description: 'The change of largest magnitude (ties: smallest account id); null when none.',
  })
  largestScoreChange!: AccountScoreChange | null;

  @Field(() => TransitionMatrix, { description: 'Band to band moves, for a heat map.' })
  transitions!: TransitionMatrix;
}

@ObjectType({
  description:
    'What changed between two rule versions: the text diff, the structural changes and, ' +
    'when asked for, the impact on every account.',
})
export class RuleDiff {
  @Field(() => String, { description: 'The ruleset.' })
  ruleset!: string;

  @Field(() => RuleDiffSide, { description: 'The old side.' })
  from!: RuleDiffSide;

  @Field(() => RuleDiffSide, { description: 'The new side.' })
  to!: RuleDiffSide;

  @Field(() => String, {
    description:
      'The unified text diff (as `diff -u` prints it, 3 lines of context); empty when the ' +
      'sources are equal.',
  })
  text!: string;

  @Field(() => [RuleChange], {
    description:
      'Structural changes in a stable order: settings, signals, groups and metrics, ' +
      'nominal-weight shifts, bands, floors, caps, alerts, tests.',
  })
  changes!: RuleChange[];
}

// ---------------------------------------------------------------------------
// compareHealth

@ObjectType({ description: "An account's overall result under one version." })
export class VersionHealth {
  @Field(() => Int, { description: 'The version.' })
  version!: number;

  @Field(() => String, { description: "sha256 of the version's source." })
  hash!: string;

  @Field(() => HealthStatus, { description: '`scored` or `insufficient_data`.' })
  status!: HealthStatus;

  @Field(() => Float, { nullable: true, description: 'The score; null when not scored.' })
  score!: number | null;

  @Field(() => Band, { nullable: true, description: 'The band; null when not scored.' })
  band!: Band | null;

  @Field(() => Float, { description: 'Share (0..1) of nominal weight backed by real data.' })
  coverage!: number;

  @Field(() => Float, {
    nullable: true,
    description:
      'Score minus the score under the first version listed, one decimal; null when either ' +
      'is not scored (0 for the first version itself).',
  })
  scoreChange!: number | null;

  @Field(() => [String], { description: 'Names of the alerts that fire.' })
  alerts!: string[];

  @Field(() => [String], {
    description: 'Caps and floors that changed the result, e.g. `cap at_risk`.',
  })
  overrides!: string[];
}

@ObjectType({ description: 'One metric under one version.' })
export class MetricVersionCell {
  @Field(() => Int, { description: 'The version.' })
  version!: number;

  @Field(() => Float, { nullable: true, description: 'The score 0..100; null when unscored.' })
  score!: number | null;

  @Field(() => MetricStatus, { description: 'Why the metric has, or lacks, a score.' })
  status!: MetricStatus;

  @Field(() => Float, { description: 'Share (0..1) the rules give this metric.' })
  nominalWeight!: number;

  @Field(() => Float, { description: 'Share (0..1) after dropping metrics without a score.' })
  effectiveWeight!: number;

  @Field(() => Float, { description: 'Points contributed: effective weight × score.' })
  points!: number;

  @Field(() => Float, {
    description:
      'Points minus the points under the first version listed (0 there when it lacks ' +
      'the metric); unrounded.',
  })
  pointsChange!: number;
}

@ObjectType({ description: 'One metric across the versions compared: a row of the table.' })
export class MetricComparison {
  @Field(() => String, { description: 'The full metric name, `group.metric`.' })
  metric!: string;

  @Field(() => [MetricVersionCell], {
    nullable: 'items',
    description:
      'One cell per entry of `versions`, in the same order; null where that version does not ' +
      'have the metric.',
  })
  cells!: (MetricVersionCell | null)[];
}

@ObjectType({
  description:
    'One account under several rule versions at one time, side by side; changes are against ' +
    'the first version listed.',
})
export class HealthComparison {
  @Field(() => Account, { description: 'The account.' })
  account!: Account;

  @Field(() => String, { description: 'The ruleset.' })
  ruleset!: string;

  @Field(() => DateTime, { description: 'The time every version was evaluated at.' })
  asOf!: Date;

  @Field(() => [VersionHealth], { description: 'One column per version, in the order asked.' })
  versions!: VersionHealth[];

  @Field(() => [MetricComparison], {
    description: "The first version's metrics in order, then the ones later versions add.",
  })
  metrics!: MetricComparison[];
}

// ---------------------------------------------------------------------------
// explainChange

@ObjectType({ description: 'A score under one version at one time.' })
export class ScorePoint {
  @Field(() => Int, { description: 'The version.' })
  version!: number;

  @Field(() => DateTime, { description: 'The evaluation time.' })
  asOf!: Date;

  @Field(() => HealthStatus, { description: '`scored` or `insufficient_data`.' })
  status!: HealthStatus;

  @Field(() => Float, { nullable: true, description: 'The score; null when not scored.' })
  score!: number | null;

  @Field(() => String, { nullable: true, description: 'The band name; null when not scored.' })
  band!: string | null;
}

@ObjectType({
  description:
    "A score move and the metrics behind it. `scoreChange` = the sum of the metrics' " +
    '`delta` + `adjustment`.',
})
export class ScoreMovePart {
  @Field(() => Float, {
    description:
      'Score after minus score before, unrounded so parts add up; an unscored result counts 0.',
  })
  scoreChange!: number;

  @Field(() => [MetricPointsChange], { description: 'Per metric, the largest |delta| first.' })
  metrics!: MetricPointsChange[];

  @Field(() => Float, {
    description: 'What the metrics do not explain: score rounding and caps or floors that fired.',
  })
  adjustment!: number;
}

@ObjectType({
  description:
    "Why an account's score moved from (fromVersion at `from`) to (toVersion at `to`): " +
    '`rulePart` is what the rule change did (toVersion minus fromVersion, both at `from`), ' +
    "`dataPart` what the customer's data did (toVersion at `to` minus at `from`). The two " +
    'add up to `total`, overall and per metric.',
})
export class ChangeExplanation {
  @Field(() => Account, { description: 'The account.' })
  account!: Account;

  @Field(() => String, { description: 'The ruleset.' })
  ruleset!: string;

  @Field(() => ScorePoint, { description: 'fromVersion at `from`: where the move starts.' })
  start!: ScorePoint;

  @Field(() => ScorePoint, {
    description: 'toVersion at `from`: the start with only the rules changed.',
  })
  rulesChanged!: ScorePoint;

  @Field(() => ScorePoint, { description: 'toVersion at `to`: where the move ends.' })
  end!: ScorePoint;

  @Field(() => ScoreMovePart, { description: 'end − start.' })
  total!: ScoreMovePart;

  @Field(() => ScoreMovePart, { description: 'rulesChanged − start: the rule change.' })
  rulePart!: ScoreMovePart;

  @Field(() => ScoreMovePart, { description: "end − rulesChanged: the customer's data." })
  dataPart!: ScoreMovePart;

  @Field(() => Boolean, {
    description:
      'False when one of the three results is `insufficient_data`: it counts as 0 in the ' +
      'sums, which is not a real score.',
  })
  comparable!: boolean;
}

// ---------------------------------------------------------------------------
// validation

@ObjectType({ description: 'A 95% confidence interval of a rate (Wilson score interval).' })
export class RateInterval {
  @Field(() => Float, { description: 'Lower bound, 0..1.' })
  low!: number;

  @Field(() => Float, { description: 'Upper bound, 0..1.' })
  high!: number;
}

@ObjectType({ description: 'Outcomes of the accounts that were in one band at the horizon.' })
export class BandValidation {
  @Field(() => String, { description: 'The band name.' })
  band!: string;

  @Field(() => Int, {
    description: 'Outcomes counted in this band (an account with two outcomes counts twice).',
  })
  accounts!: number;

  @Field(() => Int, { description: 'Of which renewed.' })
  renewed!: number;

  @Field(() => Int, { description: 'Of which expanded (an expansion counts as a renewal).' })
  expanded!: number;

  @Field(() => Int, { description: 'Of which churned.' })
  churned!: number;

  @Field(() => Float, {
    nullable: true,
    description: '(renewed + expanded) / accounts, 0..1; null for an empty band.',
  })
  renewalRate!: number | null;

  @Field(() => RateInterval, {
    nullable: true,
    description: "The rate's 95% Wilson interval; null for an empty band.",
  })
  interval!: RateInterval | null;
}

@ObjectType({ description: 'Two neighbouring bands (better first) and their renewal rates.' })
export class BandPair {
  @Field(() => String, { description: 'The better band.' })
  better!: string;

  @Field(() => String, { description: 'The next worse band that holds outcomes.' })
  worse!: string;

  @Field(() => Float, { description: "The better band's renewal rate." })
  betterRate!: number;

  @Field(() => Float, { description: "The worse band's renewal rate." })
  worseRate!: number;
}

@ObjectType({
  description:
    'Do the bands separate renewals from churn? Each recorded outcome is paired with the ' +
    "account's score `horizonDays` before the outcome's date, from the data stored up to then.",
})
export class Validation {
  @Field(() => String, { description: 'The ruleset.' })
  ruleset!: string;

  @Field(() => Int, { description: 'The version validated.' })
  version!: number;

  @Field(() => Int, { description: 'Days between each score and its outcome.' })
  horizonDays!: number;

  @Field(() => Int, { description: 'Recorded outcomes used.' })
  outcomes!: number;

  @Field(() => Int, { description: 'Outcomes whose account had a score at the horizon.' })
  scored!: number;

  @Field(() => Int, {
    description: 'Outcomes whose account had insufficient data at the horizon; in no band.',
  })
  unscored!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Renewal rate of the unscored outcomes; null when there are none.',
  })
  unscoredRenewalRate!: number | null;

  @Field(() => [BandValidation], { description: 'Every band, best first, as declared.' })
  bands!: BandValidation[];

  @Field(() => Float, {
    nullable: true,
    description:
      'ROC AUC of the score for renewal versus churn: the chance a random renewal outscored ' +
      'a random churn (0.5 is a coin toss). Null without at least one of each.',
  })
  auc!: number | null;

  @Field(() => Boolean, {
    description: 'True when renewal rates never rise from a band to the next worse one.',
  })
  monotonic!: boolean;

  @Field(() => [BandPair], {
    description: 'Neighbouring bands where the worse one renews more often.',
  })
  violations!: BandPair[];

  @Field(() => [BandPair], {
    description: 'Neighbouring bands whose 95% intervals overlap: too close to tell apart.',
  })
  tooClose!: BandPair[];

  @Field(() => Validation, {
    nullable: true,
    description: 'With `compareTo`: the same validation of that version; otherwise null.',
  })
  comparedTo!: Validation | null;

  @Field(() => Float, {
    nullable: true,
    description:
      "With `compareTo`: this AUC minus that version's (positive: this version separates " +
      'better); null otherwise or when either AUC is null.',
  })
  aucDelta!: number | null;
}
