import type { AnyBulkWriteOperation, Collection } from 'mongodb';
import type { Connection, Model } from 'mongoose';
import { chunkedBulkWrite } from '../store/bulk-writes';
import { isDuplicateKeyError } from '../store/mongo-errors';
import type { ImportKind, NormalizedRow } from './import-rows';
import {
  portfolioModels, type ClaimDocument, type FinancialsDocument, type InstallmentDocument, type LoanDocument, type PortfolioModels, type PremiumDocument,
  type RatingDocument, type RecoveryDocument, type RepaymentDocument,
} from './portfolio.model';

const MODEL_OF_KIND: Record<ImportKind, keyof PortfolioModels> = {
  loans: 'Loan', repayments: 'Repayment', claims: 'Claim', recoveries: 'Recovery', premiums: 'Premium', ratings: 'Rating', financials: 'Financials',
};
const CURSOR_BATCH = 5_000;
const NO_ID = { _id: 0 } as const;

/** The imported portfolio: idempotent upserts in, plain objects (and streams of them) out. */
export class PortfolioStore {
  readonly models: PortfolioModels;

  constructor(connection: Connection) {
    this.models = portfolioModels(connection);
  }

  /**
   * Inserts the batch, then replaces the rows whose id already existed. Plain inserts are what
   * every engine does fastest (FerretDB on SQLite takes seconds per thousand upserts, and longer as
   * the collection grows), and on a first import nothing exists; a re-import pays for the replaces.
   */
  async upsert(kind: ImportKind, rows: readonly NormalizedRow[]): Promise<void> {
    if (rows.length === 0) return;
    const collection = (this.models[MODEL_OF_KIND[kind]] as unknown as Model<unknown>).collection as unknown as Collection<{ _id: string }>;
    const documents = rows.map((row) => ({ ...row.document, _id: row.filter._id }));
    let existing: number[];
    try {
      // The driver's collection, not mongoose: the rows are already validated and shaped, and casting a million of them costs seconds.
      await collection.insertMany(documents, { ordered: false });
      return;
    } catch (error) {
      existing = duplicateIndexes(error);
    }
    const operations: AnyBulkWriteOperation<{ _id: string }>[] = existing.map((index) => ({
      replaceOne: { filter: { _id: documents[index]!._id }, replacement: documents[index]!, upsert: true },
    }));
    await chunkedBulkWrite(collection, operations);
  }

  /** The org unit of each of these loans that exists. */
  async orgUnitsOfLoans(loanIds: readonly string[]): Promise<Map<string, string>> {
    if (loanIds.length === 0) return new Map();
    const found = await this.models.Loan.find({ _id: { $in: [...new Set(loanIds)] } }, { _id: 1, orgUnit: 1 }).lean<{ _id: string; orgUnit: string }[]>();
    return new Map(found.map((loan) => [loan._id, loan.orgUnit]));
  }

  /** The schedules of these loans that exist (to check explicit repayment allocations). */
  async schedulesOfLoans(loanIds: readonly string[]): Promise<Map<string, InstallmentDocument[]>> {
    if (loanIds.length === 0) return new Map();
    const found = await this.models.Loan.find({ _id: { $in: [...new Set(loanIds)] } }, { _id: 1, installments: 1 }).lean<{ _id: string; installments: InstallmentDocument[] }[]>();
    return new Map(found.map((loan) => [loan._id, loan.installments]));
  }

  async countLoans(): Promise<number> {
    return this.models.Loan.estimatedDocumentCount();
  }

  loans(filter: Record<string, unknown> = {}): AsyncIterable<LoanDocument> {
    return this.models.Loan.find(filter, NO_ID).lean<LoanDocument>().cursor({ batchSize: CURSOR_BATCH });
  }

  /** Sorting by id costs a sort on the server; ask for it only for a few (one obligor's) payments. */
  repayments(filter: Record<string, unknown> = {}, sortedById = false): AsyncIterable<RepaymentDocument> {
    const query = this.models.Repayment.find(filter, { _id: 0, repaymentId: 1, loanId: 1, paidAt: 1, amountCents: 1, allocation: 1, allocationOrder: 1 });
    return (sortedById ? query.sort({ _id: 1 }) : query).lean<RepaymentDocument>().cursor({ batchSize: CURSOR_BATCH });
  }

  claims(filter: Record<string, unknown> = {}): AsyncIterable<ClaimDocument> {
    return this.models.Claim.find(filter, NO_ID).lean<ClaimDocument>().cursor({ batchSize: CURSOR_BATCH });
  }

  recoveries(filter: Record<string, unknown> = {}): AsyncIterable<RecoveryDocument> {
    return this.models.Recovery.find(filter, NO_ID).lean<RecoveryDocument>().cursor({ batchSize: CURSOR_BATCH });
  }

  premiums(): AsyncIterable<PremiumDocument> {
    return this.models.Premium.find({}, NO_ID).lean<PremiumDocument>().cursor({ batchSize: CURSOR_BATCH });
  }

  async financials(): Promise<FinancialsDocument[]> {
    return this.models.Financials.find({}, NO_ID).lean<FinancialsDocument[]>();
  }

  async ratingsOf(obligorId: string): Promise<RatingDocument[]> {
    return this.models.Rating.find({ obligorId }, NO_ID).sort({ ratedAt: 1 }).lean<RatingDocument[]>();
  }
}

/** The positions that failed only because their _id exists; any other failure is rethrown. */
function duplicateIndexes(error: unknown): number[] {
  const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
  const list = (Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : []) as { index: number; code: number }[];
  if (list.length === 0 || list.some((writeError) => !isDuplicateKeyError(writeError))) throw error;
  return list.map((writeError) => writeError.index);
}
