/**
 * Inputs and results of recording observations and outcomes.
 */
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { OutcomeKind } from './enums.js';
import { DateTime, SignalValueScalar } from './scalars.js';
import type { SignalValue } from '../../dsl/result.js';

@InputType({ description: 'One value of one signal for one account at one instant.' })
export class ObservationInput {
  @Field(() => String, { description: 'The account id.' })
  account!: string;

  @Field(() => String, { description: 'A signal declared by the active rules.' })
  signal!: string;

  @Field(() => SignalValueScalar, { description: "A value of the signal's declared type." })
  value!: SignalValue;

  @Field(() => DateTime, { description: 'When it was observed.' })
  at!: Date;
}

@InputType({ description: 'What happened at one renewal.' })
export class OutcomeInput {
  @Field(() => String, { description: 'The account id.' })
  account!: string;

  @Field(() => OutcomeKind, { description: '`renewed`, `churned` or `expanded`.' })
  outcome!: OutcomeKind;

  @Field(() => DateTime, { description: 'When it happened.' })
  at!: Date;
}

@ObjectType({ description: 'A record that was refused, and why.' })
export class RecordError {
  @Field(() => Int, { description: 'Its position in the `records` list, from 0.' })
  index!: number;

  @Field(() => String, { description: 'What was wrong with it.' })
  message!: string;
}

@ObjectType({
  description:
    'What a batch did. Valid records are kept even when others are refused; sending the ' +
    'same record again stores nothing new.',
})
export class RecordResult {
  @Field(() => Int, { description: 'Records stored now.' })
  stored!: number;

  @Field(() => Int, { description: 'Records already stored before: sent again, kept once.' })
  duplicates!: number;

  @Field(() => Int, { description: 'Records refused; see `errors`.' })
  rejected!: number;

  @Field(() => [RecordError], { description: 'One entry per refused record.' })
  errors!: RecordError[];

  @Field(() => Int, {
    description:
      'Accounts scored again, as of now, because new observations of theirs were stored ' +
      '(0 for outcomes, and when the ruleset has no active version).',
  })
  rescored!: number;
}
