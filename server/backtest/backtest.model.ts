import type { Collection, Db } from 'mongodb';
import type { Backtest, BacktestResult } from '../generated/schema-types';

/** A stored backtest: the API's view (schemas/backtest/backtest.json) with dates as dates and the book it covers. */
export interface BacktestRecord extends Omit<Backtest, 'backtestId' | 'requestedAt' | 'startedAt' | 'finishedAt' | 'result'> {
  _id: string;
  requestedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  result: BacktestResult | null;
  /** The org units whose obligors it covers (the requester's subtree, internet business left out); null: the whole book. */
  orgUnits: string[] | null;
  /** Set when a run of the job takes it; the on-demand job takes queued backtests oldest first. */
  worker?: string;
  /** A cancel asked for while it ran: the run stops at its next page or month-end and marks it cancelled. */
  cancelRequested?: boolean;
}

export const BACKTESTS = 'backtests';

/** The collection with the indexes its reads use: lists newest first (by unit, by rule set and version) and the queue. */
export async function backtestCollection(db: Db): Promise<Collection<BacktestRecord>> {
  const backtests = db.collection<BacktestRecord>(BACKTESTS);
  await backtests.createIndex({ requestedAt: -1, _id: -1 });
  await backtests.createIndex({ orgUnit: 1, requestedAt: -1, _id: -1 });
  await backtests.createIndex({ key: 1, requestedAt: -1, _id: -1 });
  await backtests.createIndex({ status: 1, requestedAt: 1, _id: 1 });
  return backtests;
}
