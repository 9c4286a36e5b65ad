/**
 * The rule store: rulesets, their immutable versions, and which version is
 * active.
 *
 * Decisions:
 * - Publishing takes the version the author started from (`expectedVersion`,
 *   null for a new ruleset). If another version landed meanwhile the publish
 *   is refused with `ConflictError` and nothing is written. On PostgreSQL the
 *   check runs in a transaction holding the ruleset row's lock, and the
 *   (ruleset, version) primary key backs it up, so two concurrent publishes
 *   from the same base can never both succeed.
 * - The first version of a ruleset becomes active when published: a ruleset
 *   with no active version could not score anything. Later versions wait for
 *   `activateVersion`, so a publish never changes scores by itself.
 * - Activating a version older than the active one is a rollback and is
 *   recorded as such; activating the active version again changes nothing
 *   and records nothing.
 */
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, max } from 'drizzle-orm';
import { compile, hasErrors, type CompiledScorecard, type Diagnostic } from '../dsl/index.js';
import type { Store } from './db.js';
import { ConflictError, NotFoundError, RuleErrors } from './errors.js';
import { activations, rulesets, ruleVersions } from './schema.js';

/** A stored version, without its source. */
export interface RuleVersionInfo {
  ruleset: string;
  version: number;
  /** sha256 of the source, hex. */
  hash: string;
  message: string | null;
  author: string | null;
  createdAt: Date;
  parentVersion: number | null;
  active: boolean;
}

/** A stored version with its source text. */
export interface RuleVersion extends RuleVersionInfo {
  source: string;
}

export interface PublishInput {
  ruleset: string;
  source: string;
  /** The latest version the source was based on; null when the ruleset is new. */
  expectedVersion: number | null;
  message?: string | null;
  author?: string | null;
}

export interface PublishResult extends RuleVersionInfo {
  /** Warnings found while compiling; errors refuse the publish. */
  diagnostics: Diagnostic[];
}

export interface RulesetInfo {
  name: string;
  activeVersion: number | null;
  latestVersion: number | null;
  createdAt: Date;
}

export interface ActivationRecord {
  ruleset: string;
  version: number;
  actor: string | null;
  at: Date;
  kind: 'activate' | 'rollback';
}

/** sha256 of a rule source, hex: the content hash shown with every result. */
export function hashSource(source: string): string {
  return createHash('sha256').update(source, 'utf8').digest('hex');
}

/**
 * Publishes a new version of a ruleset. Refuses with `RuleErrors` when the
 * source has errors and with `ConflictError` when `expectedVersion` is not
 * the latest version; in both cases nothing is written.
 */
export async function publishRules(store: Store, input: PublishInput): Promise<PublishResult> {
  // 1. Compile outside the transaction: a broken file must not hold a lock.
  const compiled = compile(input.source, { file: `${input.ruleset}.health` });
  if (hasErrors(compiled.diagnostics) || !compiled.scorecard) {
    const errors = compiled.diagnostics.filter((d) => d.severity === 'error').length;
    throw new RuleErrors(
      `the rules have ${errors} error${errors === 1 ? '' : 's'}; nothing was published`,
      compiled.diagnostics,
    );
  }
  const hash = hashSource(input.source);

  const row = await store.transaction(async ({ db }) => {
    // 2. Make sure the ruleset row exists, then lock it: concurrent publishes
    //    of the same ruleset queue here, and each sees the one before it.
    await db.insert(rulesets).values({ name: input.ruleset }).onConflictDoNothing();
    const [locked] = await db
      .select()
      .from(rulesets)
      .where(eq(rulesets.name, input.ruleset))
      .for('update');
    const [latest] = await db
      .select({ version: max(ruleVersions.version) })
      .from(ruleVersions)
      .where(eq(ruleVersions.ruleset, input.ruleset));
    const current = latest?.version ?? null;

    // 3. Refuse a publish based on anything but the latest version.
    if (current !== input.expectedVersion) {
      throw new ConflictError(
        conflictMessage(input.ruleset, input.expectedVersion, current),
        input.expectedVersion,
        current,
      );
    }

    // 4. Write the version; the first one becomes active at once.
    const version = (current ?? 0) + 1;
    const [inserted] = await db
      .insert(ruleVersions)
      .values({
        ruleset: input.ruleset,
        version,
        source: input.source,
        hash,
        message: input.message ?? null,
        author: input.author ?? null,
        parentVersion: current,
      })
      .returning();
    let activeVersion = locked?.activeVersion ?? null;
    if (activeVersion === null) {
      activeVersion = version;
      await db.update(rulesets).set({ activeVersion }).where(eq(rulesets.name, input.ruleset));
      await db.insert(activations).values({
        ruleset: input.ruleset,
        version,
        actor: input.author ?? null,
        kind: 'activate',
      });
    }
    return { ...inserted!, active: activeVersion === version };
  });

  return {
    ruleset: row.ruleset,
    version: row.version,
    hash: row.hash,
    message: row.message,
    author: row.author,
    createdAt: row.createdAt,
    parentVersion: row.parentVersion,
    active: row.active,
    diagnostics: compiled.diagnostics,
  };
}

/**
 * Makes `version` the active version of `ruleset`, recording who did it and
 * whether it was a rollback (a version older than the one active before).
 * Returns the activation, or null when that version was already active.
 */
export async function activateVersion(
  store: Store,
  input: { ruleset: string; version: number; actor?: string | null },
): Promise<ActivationRecord | null> {
  return store.transaction(async ({ db }) => {
    const [ruleset] = await db
      .select()
      .from(rulesets)
      .where(eq(rulesets.name, input.ruleset))
      .for('update');
    if (!ruleset) throw new NotFoundError(`no ruleset named "${input.ruleset}"`);
    const [exists] = await db
      .select({ version: ruleVersions.version })
      .from(ruleVersions)
      .where(and(eq(ruleVersions.ruleset, input.ruleset), eq(ruleVersions.version, input.version)));
    if (!exists) {
      throw new NotFoundError(`ruleset "${input.ruleset}" has no version ${input.version}`);
    }
    if (ruleset.activeVersion === input.version) return null;

    const kind =
      ruleset.activeVersion !== null && input.version < ruleset.activeVersion
        ? 'rollback'
        : 'activate';
    await db
      .update(rulesets)
      .set({ activeVersion: input.version })
      .where(eq(rulesets.name, input.ruleset));
    const [row] = await db
      .insert(activations)
      .values({ ruleset: input.ruleset, version: input.version, actor: input.actor ?? null, kind })
      .returning();
    return {
      ruleset: row!.ruleset,
      version: row!.version,
      actor: row!.actor,
      at: row!.at,
      kind,
    };
  });
}

/** Every ruleset, by name. */
export async function listRulesets(store: Store): Promise<RulesetInfo[]> {
  const rows = await store.db
    .select({
      name: rulesets.name,
      activeVersion: rulesets.activeVersion,
      createdAt: rulesets.createdAt,
      latestVersion: max(ruleVersions.version),
    })
    .from(rulesets)
    .leftJoin(ruleVersions, eq(ruleVersions.ruleset, rulesets.name))
    .groupBy(rulesets.name)
    .orderBy(asc(rulesets.name));
  return rows.map((r) => ({ ...r, latestVersion: r.latestVersion ?? null }));
}

/** One ruleset, or null when there is none by that name. */
export async function getRuleset(store: Store, name: string): Promise<RulesetInfo | null> {
  const all = await listRulesets(store);
  return all.find((r) => r.name === name) ?? null;
}

/** A ruleset's versions, newest first, without their sources. */
export async function listVersions(store: Store, ruleset: string): Promise<RuleVersionInfo[]> {
  const [set] = await store.db.select().from(rulesets).where(eq(rulesets.name, ruleset));
  if (!set) throw new NotFoundError(`no ruleset named "${ruleset}"`);
  const rows = await store.db
    .select({
      ruleset: ruleVersions.ruleset,
      version: ruleVersions.version,
      hash: ruleVersions.hash,
      message: ruleVersions.message,
      author: ruleVersions.author,
      createdAt: ruleVersions.createdAt,
      parentVersion: ruleVersions.parentVersion,
    })
    .from(ruleVersions)
    .where(eq(ruleVersions.ruleset, ruleset))
    .orderBy(desc(ruleVersions.version));
  return rows.map((r) => ({ ...r, active: r.version === set.activeVersion }));
}

/**
 * One version with its source. Without `version`, the active one. Throws
 * `NotFoundError` when there is no such ruleset or version.
 */
export async function getRuleVersion(
  store: Store,
  ruleset: string,
  version?: number | null,
): Promise<RuleVersion> {
  const [set] = await store.db.select().from(rulesets).where(eq(rulesets.name, ruleset));
  if (!set) throw new NotFoundError(`no ruleset named "${ruleset}"`);
  const wanted = version ?? set.activeVersion;
  if (wanted === null) throw new NotFoundError(`ruleset "${ruleset}" has no active version`);
  const [row] = await store.db
    .select()
    .from(ruleVersions)
    .where(and(eq(ruleVersions.ruleset, ruleset), eq(ruleVersions.version, wanted)));
  if (!row) throw new NotFoundError(`ruleset "${ruleset}" has no version ${wanted}`);
  return { ...row, active: row.version === set.activeVersion };
}

/** A ruleset's activations and rollbacks, oldest first. */
export async function listActivations(store: Store, ruleset: string): Promise<ActivationRecord[]> {
  const rows = await store.db
    .select()
    .from(activations)
    .where(eq(activations.ruleset, ruleset))
    .orderBy(asc(activations.at), asc(activations.id));
  return rows.map((r) => ({
    ruleset: r.ruleset,
    version: r.version,
    actor: r.actor,
    at: r.at,
    kind: r.kind as ActivationRecord['kind'],
  }));
}

/** A version's evaluator, with the version it was built from. */
export interface LoadedScorecard {
  version: RuleVersion;
  scorecard: CompiledScorecard;
}

/**
 * Compiled evaluators, one per (ruleset, version, hash), for the life of the
 * process: versions are immutable, so compiling one twice would only waste
 * time. The hash is part of the key because tests open many databases in one
 * process and each may hold a different "default" version 1.
 */
const compiledCache = new Map<string, CompiledScorecard>();

/** Compiles a stored source, or takes it from the process-wide cache. */
export function compileVersion(version: RuleVersion): CompiledScorecard {
  const key = `${version.ruleset}\u0000${version.version}\u0000${version.hash}`;
  let scorecard = compiledCache.get(key);
  if (!scorecard) {
    const compiled = compile(version.source, { file: `${version.ruleset}.health` });
    if (!compiled.scorecard) {
      // Only sources that compiled were ever stored; a failure here means
      // the language changed under a stored version.
      throw new RuleErrors(
        `stored version ${version.version} of "${version.ruleset}" no longer compiles`,
        compiled.diagnostics,
      );
    }
    scorecard = compiled.scorecard;
    compiledCache.set(key, scorecard);
  }
  return scorecard;
}

/** The evaluator of a version (default: the active one) and that version's record. */
export async function getScorecard(
  store: Store,
  ruleset: string,
  version?: number | null,
): Promise<LoadedScorecard> {
  const row = await getRuleVersion(store, ruleset, version);
  return { version: row, scorecard: compileVersion(row) };
}

function conflictMessage(ruleset: string, expected: number | null, actual: number | null): string {
  const based = expected === null ? 'as a new ruleset' : `on version ${expected}`;
  const found = actual === null ? 'it has no versions yet' : `its latest version is ${actual}`;
  return (
    `conflict: the rules were based ${based} of "${ruleset}", but ${found}; ` +
    'review the newer version and publish again based on it'
  );
}
