/**
 * Recording observations and outcomes from applications that push data
 * rather than drop files.
 */
import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import {
  getRuleset,
  recordObservations,
  recordOutcomes,
  rescore,
  type Store,
} from '../../store/index.js';
import { CAN_INGEST } from '../auth.js';
import { DEFAULT_RULESET, type ApiContext } from '../context.js';
import { badInput } from '../errors.js';
import { ObservationInput, OutcomeInput, RecordResult } from '../types/ingest.js';

/** Records in one request; larger loads belong in `health ingest`. */
export const MAX_RECORDS = 5_000;

function checkBatchSize(count: number): void {
  if (count > MAX_RECORDS) {
    throw badInput(
      `a batch holds at most ${MAX_RECORDS} records; received ${count}. ` +
        'Split it, or load files with `health ingest`.',
      { argument: 'records' },
    );
  }
}

interface Summary {
  stored: number;
  duplicates: number;
  rejected: { line: number; reason: string }[];
}

// The store numbers records from 1 like file lines; the API reports list indexes from 0.
function toResult(summary: Summary, rescored = 0): RecordResult {
  return {
    stored: summary.stored,
    duplicates: summary.duplicates,
    rejected: summary.rejected.length,
    errors: summary.rejected.map((r) => ({ index: r.line - 1, message: r.reason })),
    rescored,
  };
}

/**
 * Scores again, as of now, the accounts whose new observations were stored,
 * so `Account.health` shows the new data at once instead of the last stored
 * run. Returns how many accounts were scored; none when the ruleset has no
 * active version yet.
 */
async function rescoreTouched(
  store: Store,
  ruleset: string,
  records: readonly ObservationInput[],
  summary: Summary,
): Promise<number> {
  if (summary.stored === 0) return 0;
  const info = await getRuleset(store, ruleset);
  if (info?.activeVersion == null) return 0;
  const refused = new Set(summary.rejected.map((r) => r.line - 1));
  const accounts = records.filter((_, i) => !refused.has(i)).map((r) => r.account);
  const done = await rescore(store, { ruleset, accounts, asOf: new Date() });
  return done.accounts;
}

/** `recordObservations` and `recordOutcomes`. */
@Resolver()
export class IngestResolver {
  @Authorized(CAN_INGEST)
  @Mutation(() => RecordResult, {
    description:
      'Stores observations. Each is checked against the signal types of the active ' +
      '`default` rules; refused records are listed in `errors` and the others are kept. ' +
      'Sending a record twice stores it once. At most 5,000 records per call. ' +
      'Accounts that received new observations are scored again at once (see `rescored`).',
  })
  async recordObservations(
    @Ctx() ctx: ApiContext,
    @Arg('records', () => [ObservationInput], { description: 'The observations.' })
    records: ObservationInput[],
    @Arg('ruleset', () => String, {
      nullable: true,
      description: 'The ruleset whose signal declarations check the values; default `default`.',
    })
    ruleset: string | null,
  ): Promise<RecordResult> {
    checkBatchSize(records.length);
    const name = ruleset ?? DEFAULT_RULESET;
    const summary = await recordObservations(
      ctx.store,
      records.map((r) => ({
        account: r.account,
        signal: r.signal,
        value: r.value,
        at: r.at.toISOString(),
      })),
      { ruleset: name },
    );
    return toResult(summary, await rescoreTouched(ctx.store, name, records, summary));
  }

  @Authorized(CAN_INGEST)
  @Mutation(() => RecordResult, {
    description:
      'Stores renewal outcomes, used by `validation`. Idempotent; at most 5,000 per call.',
  })
  async recordOutcomes(
    @Ctx() ctx: ApiContext,
    @Arg('records', () => [OutcomeInput], { description: 'The outcomes.' })
    records: OutcomeInput[],
  ): Promise<RecordResult> {
    checkBatchSize(records.length);
    const summary = await recordOutcomes(
      ctx.store,
      records.map((r) => ({ account: r.account, outcome: r.outcome, at: r.at.toISOString() })),
    );
    return toResult(summary);
  }
}
