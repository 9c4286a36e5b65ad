/**
 * Enumerations. Where the product contract names values in lower case
 * (`scored`, `at_risk`, `viewer`), the GraphQL values are the same words, so
 * a value read from the CLI's JSON and one read from GraphQL compare equal.
 */
import { registerEnumType } from 'type-graphql';

/** Whether an account had enough real data to be scored. */
export enum HealthStatus {
  scored = 'scored',
  insufficient_data = 'insufficient_data',
}

/** Why a metric has, or lacks, a score. */
export enum MetricStatus {
  ok = 'ok',
  missing = 'missing',
  stale = 'stale',
  imputed = 'imputed',
}

/** Which kind of rule (or person) moved a band. */
export enum OverrideKind {
  floor = 'floor',
  cap = 'cap',
  manual = 'manual',
}

/** How urgent an alert is. */
export enum Severity {
  low = 'low',
  medium = 'medium',
  high = 'high',
}

/** What a token may do; see the README's role table. */
export enum Role {
  viewer = 'viewer',
  ingest = 'ingest',
  editor = 'editor',
  admin = 'admin',
}

/** What happened at an account's renewal. */
export enum OutcomeKind {
  renewed = 'renewed',
  churned = 'churned',
  expanded = 'expanded',
}

/** Sort keys of `Query.accounts`. */
export enum AccountOrder {
  SCORE = 'SCORE',
  SCORE_CHANGE = 'SCORE_CHANGE',
  NAME = 'NAME',
}

/** Sort direction. */
export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}

/** Where a health result came from. */
export enum HealthSource {
  SNAPSHOT = 'SNAPSHOT',
  COMPUTED = 'COMPUTED',
}

/** Severity of a rule diagnostic. */
export enum DiagnosticSeverity {
  error = 'error',
  warning = 'warning',
}

registerEnumType(HealthStatus, {
  name: 'HealthStatus',
  description: '`scored`, or `insufficient_data` when coverage is below the minimum.',
});
registerEnumType(MetricStatus, {
  name: 'MetricStatus',
  description:
    '`ok`: has a value. `stale`: no value because a signal it reads is too old. ' +
    '`missing`: no value for another reason. `imputed`: no value, scored by `missing -> N`.',
});
registerEnumType(OverrideKind, {
  name: 'OverrideKind',
  description: '`floor` and `cap` come from the rules; `manual` was set through the API.',
});
registerEnumType(Severity, { name: 'Severity', description: 'Alert severity.' });
registerEnumType(Role, {
  name: 'Role',
  description:
    '`viewer` reads; `ingest` records observations and outcomes; `editor` reads, checks, ' +
    'publishes and activates rules and sets overrides; `admin` does all of it and manages tokens.',
});
registerEnumType(OutcomeKind, { name: 'OutcomeKind', description: 'A renewal outcome.' });
registerEnumType(AccountOrder, {
  name: 'AccountOrder',
  description:
    '`NAME`: by name, then id. `SCORE`: by current score. `SCORE_CHANGE`: by the change ' +
    'since `changeSince`. Accounts without a score sort last in either direction.',
});
registerEnumType(SortDirection, { name: 'SortDirection', description: 'Sort direction.' });
registerEnumType(HealthSource, {
  name: 'HealthSource',
  description:
    '`SNAPSHOT`: read from the latest stored scoring run. `COMPUTED`: evaluated for this ' +
    'request (another version, a past as-of, or a manual override newer than the snapshot).',
});
registerEnumType(DiagnosticSeverity, {
  name: 'DiagnosticSeverity',
  description: 'Errors block publishing; warnings never do.',
});
