import type { AnyBulkWriteOperation, Collection } from 'mongodb';
import type { Connection, Model } from 'mongoose';
import type { ImportKind, NormalizedRow } from './import-rows';
import {
  portfolioModels, type ClaimDocument, type FinancialsDocument, type LoanDocument, type PortfolioModels, type PremiumDocument,
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

  /** One bulk write per batch; the unique business key makes a re-import replace instead of duplicate. */
  async upsert(kind: ImportKind, rows: readonly NormalizedRow[]): Promise<void> {
    if (rows.length === 0) return;
    const collection = (this.models[MODEL_OF_KIND[kind]] as unknown as Model<unknown>).collection as unknown as Collection<{ _id: string }>;
    const operations: AnyBulkWriteOperation<{ _id: string }>[] = rows.map((row) => ({
      replaceOne: { filter: row.filter, replacement: row.document, upsert: true },
    }));
    // The driver's collection, not mongoose: the rows are already validated and shaped, and casting a million of them costs seconds.
    await collection.bulkWrite(operations, { ordered: false });
  }

  async existingLoanIds(loanIds: readonly string[]): Promise<Set<string>> {
    if (loanIds.length === 0) return new Set();
    const found = await this.models.Loan.find({ _id: { $in: [...new Set(loanIds)] } }, { _id: 1 }).lean<{ _id: string }[]>();
    return new Set(found.map((loan) => loan._id));
  }

  async countLoans(): Promise<number> {
    return this.models.Loan.estimatedDocumentCount();
  }

  loans(filter: Record<string, unknown> = {}): AsyncIterable<LoanDocument> {
    return this.models.Loan.find(filter, NO_ID).lean<LoanDocument>().cursor({ batchSize: CURSOR_BATCH });
  }

  repayments(filter: Record<string, unknown> = {}): AsyncIterable<RepaymentDocument> {
    return this.models.Repayment.find(filter, { _id: 0, loanId: 1, paidAt: 1, amountCents: 1 }).lean<RepaymentDocument>().cursor({ batchSize: CURSOR_BATCH });
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
