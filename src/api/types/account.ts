/**
 * Accounts and the paged list of them (a Relay cursor connection).
 */
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Severity } from './enums.js';
import { DateTime } from './scalars.js';

@ObjectType({ description: 'A customer account.' })
export class Account {
  @Field(() => ID, { description: 'The account id used in observations, e.g. `acme`.' })
  id!: string;

  @Field(() => String, { nullable: true, description: 'Display name; null when never given.' })
  name!: string | null;

  @Field(() => String, { nullable: true, description: 'Customer segment, e.g. `enterprise`.' })
  segment!: string | null;
}

@ObjectType({ description: 'An account in a page, with the cursor that points at it.' })
export class AccountEdge {
  @Field(() => String, { description: 'Pass as `after` to continue after this account.' })
  cursor!: string;

  @Field(() => Account, { description: 'The account.' })
  node!: Account;
}

@ObjectType({ description: 'Where a page stands in the whole list.' })
export class PageInfo {
  @Field(() => Boolean, { description: 'True when more accounts follow this page.' })
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: 'True when this page started after a cursor.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first edge.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last edge.' })
  endCursor!: string | null;
}

@ObjectType({ description: 'One page of accounts.' })
export class AccountConnection {
  @Field(() => [AccountEdge], { description: 'The accounts of this page, in order.' })
  edges!: AccountEdge[];

  @Field(() => PageInfo, { description: 'Paging state.' })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'How many accounts match the filters, over all pages.' })
  totalCount!: number;
}

@ObjectType({ description: 'An alert that fired when the account was scored, as stored.' })
export class AlertEvent {
  @Field(() => String, { description: 'The alert name.' })
  name!: string;

  @Field(() => Severity, { description: 'How urgent it is.' })
  severity!: Severity;

  @Field(() => String, { nullable: true, description: 'The message written with it.' })
  message!: string | null;

  @Field(() => DateTime, { description: 'The as-of time of the scoring run that raised it.' })
  asOf!: Date;

  @Field(() => String, { description: 'The ruleset.' })
  ruleset!: string;

  @Field(() => Int, { description: 'The rule version.' })
  version!: number;
}

@ObjectType({ description: 'A band set by hand for one account under one ruleset.' })
export class ManualOverride {
  @Field(() => ID, { description: 'The override id.' })
  id!: string;

  @Field(() => String, { description: 'The account.' })
  accountId!: string;

  @Field(() => String, { description: 'The ruleset it applies to.' })
  ruleset!: string;

  @Field(() => String, { description: 'The band it sets.' })
  band!: string;

  @Field(() => String, { description: 'Why it was set.' })
  reason!: string;

  @Field(() => String, { nullable: true, description: 'Who set it (the token name).' })
  author!: string | null;

  @Field(() => DateTime, { description: 'When it was set.' })
  createdAt!: Date;

  @Field(() => DateTime, { nullable: true, description: 'When it stops applying; null: never.' })
  expiresAt!: Date | null;
}

@ObjectType({ description: 'How many accounts are in one band.' })
export class BandCount {
  @Field(() => String, { description: 'The band name.' })
  name!: string;

  @Field(() => String, { description: 'The band color, as declared.' })
  color!: string;

  @Field(() => String, { nullable: true, description: 'The band action.' })
  action!: string | null;

  @Field(() => Int, { description: 'Accounts in the band now.' })
  accounts!: number;

  @Field(() => Float, { description: 'Share (0..1) of the scored accounts.' })
  share!: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Accounts in the band at `comparedTo`; null when no date was asked for.',
  })
  accountsBefore!: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'accounts − accountsBefore; null when no date was asked for.',
  })
  change!: number | null;
}

@ObjectType({ description: 'The portfolio at a glance: accounts per band and the mean score.' })
export class HealthSummary {
  @Field(() => String, { description: 'The ruleset summarised.' })
  ruleset!: string;

  @Field(() => Int, { description: 'The active version the figures come from.' })
  version!: number;

  @Field(() => Int, { description: 'All accounts known to the store.' })
  totalAccounts!: number;

  @Field(() => Int, { description: 'Accounts with a score.' })
  scoredAccounts!: number;

  @Field(() => Int, {
    description: 'Accounts not scored: insufficient data or never scored by this version.',
  })
  unscoredAccounts!: number;

  @Field(() => Float, { nullable: true, description: 'Mean score of scored accounts.' })
  meanScore!: number | null;

  @Field(() => [BandCount], { description: 'Every band in declared order, best first.' })
  bands!: BandCount[];

  @Field(() => DateTime, {
    nullable: true,
    description: 'The past date compared against, as asked.',
  })
  comparedTo!: Date | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Mean score at `comparedTo` (latest snapshot at or before it, same version).',
  })
  meanScoreBefore!: number | null;

  @Field(() => Float, { nullable: true, description: 'meanScore − meanScoreBefore.' })
  meanScoreChange!: number | null;
}
