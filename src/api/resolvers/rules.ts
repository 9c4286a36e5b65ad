/**
 * Rulesets: reading versions and activations, checking a rule text,
 * publishing and activating versions.
 */
import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  Info,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { structuralDiff } from '../../analysis/structural-diff.js';
import { compile, type Diagnostic } from '../../dsl/index.js';
import type { CompiledScorecard } from '../../dsl/scorecard.js';
import {
  activateVersion,
  getRuleset,
  getRuleVersion,
  listActivations,
  listRulesets,
  listVersions,
  publishRules,
  RuleErrors,
  type RuleVersionInfo,
  type RulesetInfo,
} from '../../store/index.js';
import type { GraphQLResolveInfo } from '../graphql.js';
import { CAN_EDIT, CAN_READ } from '../auth.js';
import { DEFAULT_RULESET, type ApiContext } from '../context.js';
import { badInput, notFound } from '../errors.js';
import { RuleChange, RuleImpact } from '../types/analysis.js';
import { DiagnosticSeverity } from '../types/enums.js';
import {
  Activation,
  CheckRulesResult,
  RuleDiagnostic,
  Ruleset,
  RuleVersion,
} from '../types/rules.js';
import { DateTime } from '../types/scalars.js';
import { impactOf, toRuleChange, type ImpactRoot } from './analysis.js';

/** A diagnostic in its GraphQL form. */
export function toRuleDiagnostic(d: Diagnostic): RuleDiagnostic {
  return {
    code: d.code,
    severity: d.severity as DiagnosticSeverity,
    message: d.message,
    location: {
      line: d.range.start.line,
      column: d.range.start.column,
      endLine: d.range.end.line,
      endColumn: d.range.end.column,
    },
  };
}

/**
 * What `checkRules` hands to its fields: the check, and the compiled draft
 * (null when the text has errors) with its ruleset for the impact preview.
 */
interface CheckedRules extends CheckRulesResult {
  ruleset: string;
  draft: CompiledScorecard | null;
}

/** Names are used in file names and URLs; keep them plain. */
function checkRulesetName(name: string): void {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) {
    throw badInput(
      `ruleset names are 1 to 64 letters, digits, "_" or "-"; received ${JSON.stringify(name)}.`,
      { argument: 'ruleset' },
    );
  }
}

/** `Query.ruleset`, the rule mutations and the fields of `Ruleset`. */
@Resolver(() => Ruleset)
export class RulesResolver {
  @Authorized(CAN_READ)
  @Query(() => Ruleset, { nullable: true, description: 'A ruleset by name, or null.' })
  async ruleset(
    @Arg('name', () => String, { description: 'e.g. `default`.' }) name: string,
    @Ctx() ctx: ApiContext,
  ): Promise<RulesetInfo | null> {
    return getRuleset(ctx.store, name);
  }

  @Authorized(CAN_READ)
  @Query(() => [Ruleset], { description: 'Every ruleset, by name.' })
  async rulesets(@Ctx() ctx: ApiContext): Promise<RulesetInfo[]> {
    return listRulesets(ctx.store);
  }

  @FieldResolver(() => [RuleVersion], { description: 'Every version, newest first.' })
  async versions(@Root() ruleset: RulesetInfo, @Ctx() ctx: ApiContext): Promise<RuleVersion[]> {
    return (await listVersions(ctx.store, ruleset.name)) as RuleVersion[];
  }

  @FieldResolver(() => RuleVersion, {
    nullable: true,
    description: 'One version by number, or null.',
  })
  async version(
    @Root() ruleset: RulesetInfo,
    @Arg('number', () => Int, { description: 'The version number.' }) number: number,
    @Ctx() ctx: ApiContext,
  ): Promise<RuleVersion | null> {
    try {
      return await getRuleVersion(ctx.store, ruleset.name, number);
    } catch (err) {
      if (err instanceof Error && err.name === 'NotFoundError') return null;
      throw err;
    }
  }

  @FieldResolver(() => RuleVersion, {
    nullable: true,
    description: 'The active version with its source, or null.',
  })
  async active(@Root() ruleset: RulesetInfo, @Ctx() ctx: ApiContext): Promise<RuleVersion | null> {
    if (ruleset.activeVersion === null) return null;
    return getRuleVersion(ctx.store, ruleset.name, ruleset.activeVersion);
  }

  @FieldResolver(() => [Activation], {
    description: 'Activations and rollbacks, oldest first: who switched versions and when.',
  })
  async activations(@Root() ruleset: RulesetInfo, @Ctx() ctx: ApiContext): Promise<Activation[]> {
    return listActivations(ctx.store, ruleset.name);
  }

  @Authorized(CAN_EDIT)
  @Mutation(() => CheckRulesResult, {
    description:
      'Checks a rule text and reports every problem; `impact` previews what the text would do ' +
      'to every account against the active version of `ruleset`. Nothing is saved.',
  })
  checkRules(
    @Arg('source', () => String, { description: 'The whole `.health` file.' }) source: string,
    @Arg('ruleset', () => String, {
      nullable: true,
      description:
        'The ruleset the text is meant for, compared with in `impact`. Default `default`.',
    })
    ruleset: string | null,
  ): CheckedRules {
    const name = ruleset ?? DEFAULT_RULESET;
    checkRulesetName(name);
    const { diagnostics, scorecard } = compile(source);
    return {
      ok: !diagnostics.some((d) => d.severity === 'error'),
      diagnostics: diagnostics.map(toRuleDiagnostic),
      ruleset: name,
      draft: scorecard ?? null,
    };
  }

  @Authorized(CAN_EDIT)
  @Mutation(() => RuleVersion, {
    description:
      'Publishes a new version. Refused with CONFLICT when `expectedVersion` is not the ' +
      'latest version, and with BAD_USER_INPUT (diagnostics in `extensions.diagnostics`) ' +
      'when the text has errors; nothing is written then. The first version of a ruleset ' +
      'becomes active; later ones wait for `activateRuleVersion`.',
  })
  async publishRules(
    @Ctx() ctx: ApiContext,
    @Arg('ruleset', () => String, { description: 'The ruleset name.' }) ruleset: string,
    @Arg('source', () => String, { description: 'The whole `.health` file.' }) source: string,
    @Arg('expectedVersion', () => Int, {
      nullable: true,
      description: 'The latest version the text was based on; null for a new ruleset.',
    })
    expectedVersion: number | null,
    @Arg('message', () => String, { nullable: true, description: 'Why this change.' })
    message: string | null,
  ): Promise<RuleVersionInfo & { source: string }> {
    checkRulesetName(ruleset);
    try {
      const published = await publishRules(ctx.store, {
        ruleset,
        source,
        expectedVersion: expectedVersion ?? null,
        message: message ?? null,
        author: ctx.caller?.name ?? ctx.caller?.tokenId ?? null,
      });
      ctx.caches.clearRules();
      return { ...published, source };
    } catch (err) {
      if (err instanceof RuleErrors) {
        throw badInput(err.message, { diagnostics: err.diagnostics.map(toRuleDiagnostic) });
      }
      throw err;
    }
  }

  @Authorized(CAN_EDIT)
  @Mutation(() => Ruleset, {
    description:
      'Makes a version the active one (going back to an older one is recorded as a rollback).',
  })
  async activateRuleVersion(
    @Ctx() ctx: ApiContext,
    @Arg('ruleset', () => String, { description: 'The ruleset name.' }) ruleset: string,
    @Arg('version', () => Int, { description: 'The version to activate.' }) version: number,
  ): Promise<RulesetInfo> {
    await activateVersion(ctx.store, {
      ruleset,
      version,
      actor: ctx.caller?.name ?? ctx.caller?.tokenId ?? null,
    });
    ctx.caches.clearRules();
    ctx.loaders.reset();
    const info = await getRuleset(ctx.store, ruleset);
    if (!info) throw notFound(`no ruleset named "${ruleset}"`);
    return info;
  }
}

/** `CheckRulesResult.impact`: the draft's impact, computed only when selected. */
@Resolver(() => CheckRulesResult)
export class CheckRulesResolver {
  @FieldResolver(() => RuleImpact, {
    nullable: true,
    description:
      'What the checked text would do to every account if it replaced the active version of ' +
      'the ruleset, scored at `asOf`; null when the text has errors. Scores every account ' +
      'twice, so select it on demand (a "preview" button), not on every keystroke. Fails ' +
      'with NOT_FOUND, leaving the diagnostics intact, when the ruleset has no active version.',
  })
  async impact(
    @Root() checked: CheckedRules,
    @Ctx() ctx: ApiContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('asOf', () => DateTime, {
      nullable: true,
      description: 'When both versions are evaluated. Default: now.',
    })
    asOf: Date | null,
  ): Promise<ImpactRoot | null> {
    if (checked.draft === null) return null;
    const active = await ctx.loaders.scorecard(checked.ruleset, null);
    return impactOf(ctx, active.scorecard, checked.draft, asOf ?? ctx.now, info);
  }

  @FieldResolver(() => [RuleChange], {
    nullable: true,
    description:
      'How the checked text differs from the active version of the ruleset, as structural ' +
      'changes (e.g. `usage.activation weight 3 -> 2`); null when the text has errors. Cheap: ' +
      'no account is scored. Fails with NOT_FOUND when the ruleset has no active version.',
  })
  async changes(
    @Root() checked: CheckedRules,
    @Ctx() ctx: ApiContext,
  ): Promise<RuleChange[] | null> {
    if (checked.draft === null) return null;
    const active = await ctx.loaders.scorecard(checked.ruleset, null);
    return structuralDiff(active.scorecard.ast, checked.draft.ast).map(toRuleChange);
  }
}

/** Fields of `RuleVersion` that need work: its source and its diagnostics. */
@Resolver(() => RuleVersion)
export class RuleVersionResolver {
  @FieldResolver(() => String, { description: 'The rule text.' })
  async source(
    @Root() version: RuleVersionInfo & { source?: string },
    @Ctx() ctx: ApiContext,
  ): Promise<string> {
    if (typeof version.source === 'string') return version.source;
    return (await getRuleVersion(ctx.store, version.ruleset, version.version)).source;
  }

  @FieldResolver(() => [RuleDiagnostic], {
    description: 'Warnings the text had when checked (a stored version never has errors).',
  })
  async diagnostics(
    @Root() version: RuleVersionInfo & { source?: string },
    @Ctx() ctx: ApiContext,
  ): Promise<RuleDiagnostic[]> {
    const source = await this.source(version, ctx);
    return compile(source).diagnostics.map(toRuleDiagnostic);
  }
}
