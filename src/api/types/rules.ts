/**
 * Rulesets, their versions and what checking a rule file reports.
 */
import { Field, Int, ObjectType } from 'type-graphql';
import { DiagnosticSeverity } from './enums.js';
import { DateTime } from './scalars.js';

@ObjectType({ description: 'A span of the rule text; lines and columns count from 1.' })
export class SourceRange {
  @Field(() => Int, { description: 'First line.' })
  line!: number;

  @Field(() => Int, { description: 'First column.' })
  column!: number;

  @Field(() => Int, { description: 'Last line.' })
  endLine!: number;

  @Field(() => Int, { description: 'Column just past the end.' })
  endColumn!: number;
}

@ObjectType({ description: 'A problem found in a rule file, with where to underline it.' })
export class RuleDiagnostic {
  @Field(() => String, { description: 'A stable code, e.g. `HR101`; see the README.' })
  code!: string;

  @Field(() => DiagnosticSeverity, { description: '`error` blocks publishing; `warning` not.' })
  severity!: DiagnosticSeverity;

  @Field(() => String, { description: 'What was expected and what was found.' })
  message!: string;

  @Field(() => SourceRange, { description: 'The text the problem is about.' })
  location!: SourceRange;
}

@ObjectType({ description: 'One immutable version of a ruleset.' })
export class RuleVersion {
  @Field(() => String, { description: 'The ruleset name.' })
  ruleset!: string;

  @Field(() => Int, { description: 'The version number, from 1.' })
  version!: number;

  @Field(() => String, { description: 'sha256 of the source, hex.' })
  hash!: string;

  @Field(() => String, { nullable: true, description: 'The publish message.' })
  message!: string | null;

  @Field(() => String, { nullable: true, description: 'Who published it.' })
  author!: string | null;

  @Field(() => DateTime, { description: 'When it was published.' })
  createdAt!: Date;

  @Field(() => Int, { nullable: true, description: 'The version it was based on; null: first.' })
  parentVersion!: number | null;

  @Field(() => Boolean, { description: 'True when this is the active version.' })
  active!: boolean;
}

@ObjectType({ description: 'An activation or rollback of a version.' })
export class Activation {
  @Field(() => Int, { description: 'The version made active.' })
  version!: number;

  @Field(() => String, {
    description: '`activate`, or `rollback` when going back to an older one.',
  })
  kind!: string;

  @Field(() => String, { nullable: true, description: 'Who did it.' })
  actor!: string | null;

  @Field(() => DateTime, { description: 'When.' })
  at!: Date;
}

@ObjectType({ description: 'A named, versioned set of rules.' })
export class Ruleset {
  @Field(() => String, { description: 'The name, e.g. `default`.' })
  name!: string;

  @Field(() => Int, { nullable: true, description: 'The active version number.' })
  activeVersion!: number | null;

  @Field(() => Int, { nullable: true, description: 'The newest version number.' })
  latestVersion!: number | null;
}

@ObjectType({
  description:
    'What checking a rule text found and, when asked for, what it would do to every account. ' +
    'Nothing is saved.',
})
export class CheckRulesResult {
  @Field(() => Boolean, { description: 'True when there are no errors (warnings allowed).' })
  ok!: boolean;

  @Field(() => [RuleDiagnostic], { description: 'Every problem, sorted by position.' })
  diagnostics!: RuleDiagnostic[];
}
