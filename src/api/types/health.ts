/**
 * The health of one account under one rule version, with its explanation.
 * The shapes mirror `src/dsl/result.ts`, the evaluator's output, so a
 * resolver can hand an evaluation or a stored snapshot over unchanged.
 */
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { HealthSource, HealthStatus, MetricStatus, OverrideKind, Severity } from './enums.js';
import { DateTime, SignalValueScalar } from './scalars.js';
import type { SignalValue } from '../../dsl/result.js';

@ObjectType({ description: 'A band as declared in the rules, ready to render.' })
export class Band {
  @Field(() => String, { description: 'The band name, e.g. `at_risk`.' })
  name!: string;

  @Field(() => Float, { description: 'The lowest score (inclusive) that falls in this band.' })
  from!: number;

  @Field(() => String, {
    description: 'One of `green yellow orange red blue gray`, as declared; map it to your palette.',
  })
  color!: string;

  @Field(() => String, {
    nullable: true,
    description: 'What the customer team should do for accounts in this band.',
  })
  action!: string | null;
}

@ObjectType({ description: 'Where a declaration stands in its rule file; counted from 1.' })
export class SourceLocation {
  @Field(() => String, { nullable: true, description: 'The file name, when known.' })
  file?: string | null;

  @Field(() => Int, { description: 'First line.' })
  line!: number;

  @Field(() => Int, { description: 'First column.' })
  column!: number;

  @Field(() => Int, { description: 'Last line.' })
  endLine!: number;

  @Field(() => Int, { description: 'Column just past the end.' })
  endColumn!: number;
}

@ObjectType({ description: 'A signal as an expression read it at the as-of time.' })
export class SignalReading {
  @Field(() => String, { description: 'The signal name.' })
  signal!: string;

  @Field(() => SignalValueScalar, {
    nullable: true,
    description: 'The value read, or null when there was no observation at or before as-of.',
  })
  value!: SignalValue | null;

  @Field(() => String, {
    nullable: true,
    description: 'ISO time of the observation read, or null.',
  })
  at!: string | null;

  @Field(() => Float, { nullable: true, description: 'Days between the observation and as-of.' })
  ageDays!: number | null;

  @Field(() => Boolean, {
    description: "True when older than the signal's `max_age`: the value counted as missing.",
  })
  stale!: boolean;
}

@ObjectType({ description: "One metric's part in the score: the row of an explanation table." })
export class MetricExplanation {
  @Field(() => String, { description: 'The group the metric belongs to.' })
  group!: string;

  @Field(() => String, { description: 'The metric name; its full name is `group.metric`.' })
  metric!: string;

  @Field(() => SignalValueScalar, {
    nullable: true,
    description: "The metric expression's value, or null when missing.",
  })
  value!: SignalValue | null;

  @Field(() => Float, { nullable: true, description: 'The score 0..100, or null when unscored.' })
  score!: number | null;

  @Field(() => MetricStatus, { description: 'Why the metric has, or lacks, a score.' })
  status!: MetricStatus;

  @Field(() => String, {
    nullable: true,
    description: 'Why the value is missing, e.g. `stale signal nps`; null when it is present.',
  })
  reason!: string | null;

  @Field(() => Float, { description: 'Share of the score (0..1) the rules give this metric.' })
  nominalWeight!: number;

  @Field(() => Float, {
    description: 'Share (0..1) after dropping metrics without a score; 0 when unscored.',
  })
  effectiveWeight!: number;

  @Field(() => Float, { description: 'Points contributed: effective weight × score.' })
  points!: number;

  @Field(() => Float, {
    description: 'Points the account would gain if this metric scored 100: a to-do ranking.',
  })
  headroom!: number;

  @Field(() => String, {
    nullable: true,
    description: 'The scoring branch that matched, as written, e.g. `<= 30 -> 60`.',
  })
  branch!: string | null;

  @Field(() => [SignalReading], { description: 'The signals the expression read.' })
  signals!: SignalReading[];

  @Field(() => SourceLocation, { description: 'Where the metric is declared.' })
  location!: SourceLocation;
}

@ObjectType({ description: 'A cap, floor or manual override that was in force.' })
export class HealthOverride {
  @Field(() => OverrideKind, { description: '`floor`, `cap` or `manual`.' })
  kind!: OverrideKind;

  @Field(() => String, { description: 'The band it moves the account to (at least or at most).' })
  band!: string;

  @Field(() => String, { nullable: true, description: 'The reason written with it.' })
  reason!: string | null;

  @Field(() => Boolean, {
    description: 'True when it changed the band or the score; false when it held but did nothing.',
  })
  applied!: boolean;

  @Field(() => [SignalReading], { description: 'The signals its condition read.' })
  signals!: SignalReading[];

  @Field(() => SourceLocation, {
    nullable: true,
    description: 'Where it is declared; null for manual overrides.',
  })
  location!: SourceLocation | null;
}

@ObjectType({ description: 'An alert whose condition held at the as-of time.' })
export class HealthAlert {
  @Field(() => String, { description: 'The alert name, e.g. `usage_dip`.' })
  name!: string;

  @Field(() => Severity, { description: 'How urgent it is.' })
  severity!: Severity;

  @Field(() => String, { nullable: true, description: 'The message written with it.' })
  message!: string | null;

  @Field(() => [SignalReading], { description: 'The signals its condition read.' })
  signals!: SignalReading[];

  @Field(() => SourceLocation, { description: 'Where it is declared.' })
  location!: SourceLocation;
}

@ObjectType({ description: 'The rule version that produced a result.' })
export class RuleVersionRef {
  @Field(() => String, { description: 'The ruleset name.' })
  ruleset!: string;

  @Field(() => Int, { description: 'The version number, from 1.' })
  version!: number;

  @Field(() => String, { description: "sha256 of the version's source, hex." })
  hash!: string;
}

@ObjectType({ description: "An account's health under one rule version at one time." })
export class Health {
  @Field(() => Float, {
    nullable: true,
    description: 'The score 0..100 with one decimal; null when data is insufficient.',
  })
  score!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'The unrounded sum of points before overrides; null when data is insufficient.',
  })
  rawScore!: number | null;

  @Field(() => Band, { nullable: true, description: 'The band; null when data is insufficient.' })
  band!: Band | null;

  @Field(() => HealthStatus, { description: '`scored` or `insufficient_data`.' })
  status!: HealthStatus;

  @Field(() => Float, { description: 'Share (0..1) of nominal weight backed by real data.' })
  coverage!: number;

  @Field(() => [MetricExplanation], {
    description: 'Every metric with its value, score, weights, points and headroom.',
  })
  metrics!: MetricExplanation[];

  @Field(() => [HealthOverride], { description: 'Overrides that held, applied or not.' })
  overrides!: HealthOverride[];

  @Field(() => [HealthAlert], { description: 'Alerts that were firing.' })
  alerts!: HealthAlert[];

  @Field(() => RuleVersionRef, { description: 'The rule version that produced this result.' })
  ruleVersion!: RuleVersionRef;

  @Field(() => DateTime, { description: 'The evaluation time: no later observation was read.' })
  asOf!: Date;

  @Field(() => HealthSource, { description: 'Read from a stored snapshot or computed now.' })
  source!: HealthSource;
}

@ObjectType({ description: "One point of an account's score history: a stored scoring run." })
export class HealthPoint {
  @Field(() => DateTime, { description: 'The as-of time of the run.' })
  asOf!: Date;

  @Field(() => Float, { nullable: true, description: 'The score, or null if not scored.' })
  score!: number | null;

  @Field(() => Band, { nullable: true, description: 'The band, or null if not scored.' })
  band!: Band | null;

  @Field(() => HealthStatus, { description: '`scored` or `insufficient_data`.' })
  status!: HealthStatus;

  @Field(() => Float, { description: 'Share (0..1) of nominal weight backed by real data.' })
  coverage!: number;

  @Field(() => Int, { description: 'The rule version of the run.' })
  version!: number;
}
