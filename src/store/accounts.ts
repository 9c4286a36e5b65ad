/**
 * Reading accounts and outcomes in the shapes the long jobs need: account
 * ids a page at a time (rescoring, impact) and every recorded outcome
 * (validation).
 */
import type { Store } from './db.js';

/**
 * Up to `limit` account ids after `after` (null: from the first), in id
 * order. Paging by the last id seen, not by offset, keeps each page one
 * index range read however far the job has gone.
 */
export async function pageAccountIds(
  store: Store,
  after: string | null,
  limit: number,
): Promise<string[]> {
  const rows = await store.sql.query<{ id: string }>(
    `select id from accounts where ($1::text is null or id > $1) order by id limit $2`,
    [after, limit],
  );
  return rows.map((r) => r.id);
}

/** A recorded renewal outcome. */
export interface OutcomeRecordRow {
  account: string;
  outcome: 'renewed' | 'churned' | 'expanded';
  at: Date;
}

/** Every recorded outcome, by date, then account and outcome. */
export async function listOutcomes(store: Store): Promise<OutcomeRecordRow[]> {
  const rows = await store.sql.query<{ account: string; outcome: string; at: Date | string }>(
    `select account, outcome, at from outcomes order by at, account, outcome`,
  );
  return rows.map((r) => ({
    account: r.account,
    outcome: r.outcome as OutcomeRecordRow['outcome'],
    at: new Date(r.at),
  }));
}
