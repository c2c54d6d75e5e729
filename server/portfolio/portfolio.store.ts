import type { AnyBulkWriteOperation, Collection, Db, Document } from 'mongodb';
import type { Connection, Model } from 'mongoose';
import { chunkedBulkWrite } from '../store/bulk-writes';
import { findByIds } from '../store/find-by-ids';
import { isDuplicateKeyError } from '../store/mongo-errors';
import { committedBatches } from './import-journal';
import { WRITE_ORDER, type ImportKind, type NormalizedRow } from './import-rows';
import { matchesFilter, StagedRows } from './staged-rows';
import {
  portfolioModels,
  type ClaimDocument,
  type FinancialsDocument,
  type InstallmentDocument,
  type LoanDocument,
  type PolicyDocument,
  type PortfolioModels,
  type PremiumDocument,
  type RatingDocument,
  type RecoveryDocument,
  type RepaymentDocument,
} from './portfolio.model';

const MODEL_OF_KIND: Record<ImportKind, keyof PortfolioModels> = {
  loans: 'Loan',
  repayments: 'Repayment',
  claims: 'Claim',
  recoveries: 'Recovery',
  premiums: 'Premium',
  ratings: 'Rating',
  financials: 'Financials',
  policies: 'Policy',
};
const CURSOR_BATCH = 5_000;
/** Rows copied from the staged rows into the records per insert. */
const APPLY_BATCH = 1_000;
// `gen` on a record is the generation of book pages that committed it (absent on records `upsert` writes straight: generation 0).
const HIDDEN = { _id: 0, gen: 0 } as const;

type StoredRecord = Document & { _id: string; gen?: number };
/** A rating as monitoring reads it (baseline may be absent on a stored rating). */
export interface StoredRating {
  obligorId: string;
  ratedAt: string;
  score: number;
  grade: string;
  baseline?: boolean;
}
/** A loan's claim terms by its _id (the book pages do not carry them). */
export type LoanClaimTerms = { _id: string } & Pick<LoanDocument, 'claimPointDays' | 'claimConditionMetAt'>;

/** The imported portfolio: idempotent upserts in, plain objects (and streams of them) out. */
export class PortfolioStore {
  private readonly models: PortfolioModels;
  private readonly db: Db;
  private readonly staged: StagedRows;

  constructor(connection: Connection) {
    this.models = portfolioModels(connection);
    this.db = connection.db!;
    this.staged = new StagedRows(this.db);
  }

  private records(kind: ImportKind): Collection<StoredRecord> {
    return (this.models[MODEL_OF_KIND[kind]] as unknown as Model<unknown>).collection as unknown as Collection<StoredRecord>;
  }

  /** Writes rows of an import aside, under its batch id: no reader sees them until the batch commits. */
  async stage(kind: ImportKind, rows: readonly NormalizedRow[], batch: string): Promise<void> {
    await this.staged.stage(
      batch,
      rows.map((row) => ({ kind, id: row.filter._id, document: row.document })),
    );
  }

  /**
   * Copies a committed batch's staged rows into the records (each record marked with the
   * generation that committed it), then removes them. Running it twice writes the same again.
   */
  async apply(batch: string, generation: number): Promise<void> {
    const pending = new Map<ImportKind, StoredRecord[]>();
    const write = async (kind: ImportKind) => {
      await this.writeRecords(kind, pending.get(kind) ?? []);
      pending.set(kind, []);
    };
    for await (const row of this.staged.rowsOf([batch])) {
      let documents = pending.get(row.kind);
      if (!documents) pending.set(row.kind, (documents = []));
      documents.push({ ...row.document, _id: row.id, gen: generation });
      if (documents.length >= APPLY_BATCH) await write(row.kind);
    }
    for (const kind of WRITE_ORDER) await write(kind);
    await this.staged.discard(batch);
  }

  /** Drops the staged rows of a batch that never committed. */
  async discard(batch: string): Promise<void> {
    await this.staged.discard(batch);
  }

  /** The staged rows of a batch in their stored form (to build the pages of a large import at its commit). */
  async *stagedRows(batch: string): AsyncIterable<{ kind: ImportKind; document: Record<string, unknown> }> {
    for await (const row of this.staged.rowsOf([batch])) yield { kind: row.kind, document: row.document };
  }

  /** Inserts, then replaces (by _id, the one filter every engine looks up directly) the records that existed. */
  private async writeRecords(kind: ImportKind, documents: StoredRecord[]): Promise<void> {
    if (documents.length === 0) return;
    let existing: number[];
    try {
      await this.records(kind).insertMany(documents, { ordered: false });
      return;
    } catch (error) {
      existing = duplicateIndexes(error);
    }
    const operations: AnyBulkWriteOperation<StoredRecord>[] = existing.map((index) => ({
      replaceOne: { filter: { _id: documents[index]!._id }, replacement: documents[index]!, upsert: true },
    }));
    await chunkedBulkWrite(this.records(kind), operations);
  }

  /**
   * The records of a kind matching a filter as readers must see them: the records, except where a
   * committed batch not yet applied has a newer version of one (then that version, if it
   * matches). Without such a batch (nearly always) this is the plain cursor.
   */
  private async *visible<T>(kind: ImportKind, filter: Record<string, unknown>, projection: Record<string, 0 | 1>, sortedById = false): AsyncIterable<T> {
    const committed = await committedBatches(this.db);
    const inclusive = Object.values(projection).includes(1);
    const plain = () => {
      const cursor = this.records(kind).find(filter, { projection: inclusive ? projection : { ...projection, ...HIDDEN }, batchSize: CURSOR_BATCH });
      return (sortedById ? cursor.sort({ _id: 1 }) : cursor) as unknown as AsyncIterable<T>;
    };
    // The newest committed version of every staged record of this kind.
    const newest = new Map<string, { generation: number; document: Record<string, unknown> }>();
    for await (const row of this.staged.rowsOf([...committed.keys()])) {
      const generation = committed.get(row.batch)!;
      if (row.kind === kind && (newest.get(row.id)?.generation ?? -1) < generation) newest.set(row.id, { generation, document: row.document });
    }
    if (newest.size === 0) {
      yield* plain();
      return;
    }
    const outputProjection = inclusive ? projection : undefined;
    const recordGeneration = new Map<string, number>();
    // Sorted output (one obligor's payments) is collected and sorted here; otherwise rows pass straight through.
    const sorted: [string, T][] = [];
    for await (const record of this.records(kind).find(filter, { batchSize: CURSOR_BATCH })) {
      recordGeneration.set(record._id, record.gen ?? 0);
      if ((newest.get(record._id)?.generation ?? -1) > (record.gen ?? 0)) continue;
      const document = shape(record, outputProjection) as T;
      if (sortedById) sorted.push([record._id, document]);
      else yield document;
    }
    const matching = [...newest].filter(([, { document }]) => matchesFilter(document, filter));
    // A staged row whose record the filter did not return: that record may still be newer (written by a later batch); look those up at once.
    const unseen = matching.map(([id]) => id).filter((id) => !recordGeneration.has(id));
    if (unseen.length > 0)
      for await (const record of this.records(kind).find({ _id: { $in: unseen } }, { projection: { gen: 1 } }))
        recordGeneration.set(record._id, record.gen ?? 0);
    for (const [id, { generation, document: staged }] of matching) {
      if (generation <= (recordGeneration.get(id) ?? -1)) continue;
      const document = shape(staged, outputProjection) as T;
      if (sortedById) sorted.push([id, document]);
      else yield document;
    }
    sorted.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [, document] of sorted) yield document;
  }

  /**
   * Writes rows straight into the records, visible at once (tests and the benchmark's set-up;
   * imports stage their rows and apply them when they commit). Inserts the batch, then replaces the rows whose id already existed. Plain inserts are what
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

  /** The org unit of each of these loans that exists (or that the running import `ownBatch` staged). */
  async orgUnitsOfLoans(loanIds: readonly string[], ownBatch?: string): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (const loan of await this.loansById<{ loanId: string; orgUnit: string }>(loanIds, { _id: 0, loanId: 1, orgUnit: 1 }, ownBatch))
      found.set(loan.loanId, loan.orgUnit);
    return found;
  }

  /** The schedules of these loans that exist (or that the running import `ownBatch` staged), to check explicit repayment allocations. */
  async schedulesOfLoans(loanIds: readonly string[], ownBatch?: string): Promise<Map<string, InstallmentDocument[]>> {
    const found = new Map<string, InstallmentDocument[]>();
    for (const loan of await this.loansById<{ loanId: string; installments: InstallmentDocument[] }>(loanIds, { _id: 0, loanId: 1, installments: 1 }, ownBatch))
      found.set(loan.loanId, loan.installments);
    return found;
  }

  private async loansById<T>(loanIds: readonly string[], projection: Record<string, 0 | 1>, ownBatch?: string): Promise<T[]> {
    if (loanIds.length === 0) return [];
    const ids = new Set(loanIds);
    const found: T[] = [];
    for await (const loan of this.visible<T>('loans', { loanId: { $in: [...ids] } }, projection)) found.push(loan);
    // The import's own loans (the import remembers most; this is for the ones it no longer holds) come last, so they win.
    if (ownBatch) {
      for await (const row of this.staged.rowsOf([ownBatch])) if (row.kind === 'loans' && ids.has(row.id)) found.push(shape(row.document, projection) as T);
    }
    return found;
  }

  async countLoans(): Promise<number> {
    return this.models.Loan.estimatedDocumentCount();
  }

  loans(filter: Record<string, unknown> = {}): AsyncIterable<LoanDocument> {
    return this.visible<LoanDocument>('loans', filter, HIDDEN);
  }

  /** Sorting by id costs a sort on the server; ask for it only for a few (one obligor's) payments. */
  repayments(filter: Record<string, unknown> = {}, sortedById = false): AsyncIterable<RepaymentDocument> {
    return this.visible<RepaymentDocument>(
      'repayments',
      filter,
      { _id: 0, repaymentId: 1, loanId: 1, paidAt: 1, amountCents: 1, allocation: 1, allocationOrder: 1 },
      sortedById,
    );
  }

  /** Repayments matching `filter` with every stored field (the loan's org unit, payee account and payment method included). */
  repaymentRecords(filter: Record<string, unknown>): AsyncIterable<RepaymentDocument> {
    return this.visible<RepaymentDocument>('repayments', filter, HIDDEN);
  }

  /**
   * The lines of business of these obligors' loans (unit, product, channel, tier, disbursement day), read straight from
   * the records by the indexed obligorId: the underwriting check's hot path, which a committed import's rows reach once
   * copied into the records (a moment after the commit), without the staged-rows pass of the other readers.
   */
  async obligorLoanLines(
    obligorIds: readonly string[],
  ): Promise<Pick<LoanDocument, 'obligorId' | 'orgUnit' | 'product' | 'channel' | 'customerTier' | 'disbursedAt'>[]> {
    if (obligorIds.length === 0) return [];
    const filter = obligorIds.length === 1 ? { obligorId: obligorIds[0] } : { obligorId: { $in: [...obligorIds] } };
    const projection = { _id: 0, obligorId: 1, orgUnit: 1, product: 1, channel: 1, customerTier: 1, disbursedAt: 1 };
    return (await this.records('loans').find(filter, { projection }).toArray()) as never;
  }

  /** Whose loans these are and where they were booked, for these loans that exist (one lookup by _id each: for a few loans). */
  async loanOwners(loanIds: readonly string[]): Promise<Pick<LoanDocument, 'loanId' | 'obligorId' | 'orgUnit' | 'channel'>[]> {
    return (await findByIds(this.records('loans'), loanIds)).map((loan) => ({
      loanId: loan._id,
      obligorId: loan.obligorId as string,
      orgUnit: loan.orgUnit as string,
      channel: loan.channel as string,
    }));
  }

  claims(filter: Record<string, unknown> = {}): AsyncIterable<ClaimDocument> {
    return this.visible<ClaimDocument>('claims', filter, HIDDEN);
  }

  recoveries(filter: Record<string, unknown> = {}): AsyncIterable<RecoveryDocument> {
    return this.visible<RecoveryDocument>('recoveries', filter, HIDDEN);
  }

  premiums(): AsyncIterable<PremiumDocument> {
    return this.visible<PremiumDocument>('premiums', {}, HIDDEN);
  }

  /** Every rating as readers see it (a committed import's staged ones included), for the book pages' rebuild. */
  storedRatings(): AsyncIterable<RatingDocument> {
    return this.visible<RatingDocument>('ratings', {}, HIDDEN);
  }

  async financials(): Promise<FinancialsDocument[]> {
    return collect(this.visible<FinancialsDocument>('financials', {}, HIDDEN));
  }

  /**
   * The ratings `filter` selects, with the fields monitoring reads, straight from the records (one pass over the
   * collection, so the daily run groups them by obligor instead of asking per obligor).
   */
  ratings(filter: Record<string, unknown> = {}): AsyncIterable<StoredRating> {
    return this.models.Rating.find(filter, { _id: 0, obligorId: 1, ratedAt: 1, score: 1, grade: 1, baseline: 1 })
      .lean<StoredRating>()
      .cursor({ batchSize: CURSOR_BATCH });
  }

  /** The contract's claim terms that the loan import holds, for these loans (by _id) that exist; callers send at most a thousand ids at a time. */
  async loanClaimTerms(loanIds: readonly string[]): Promise<LoanClaimTerms[]> {
    return this.models.Loan.find({ _id: { $in: loanIds } }, { _id: 1, claimPointDays: 1, claimConditionMetAt: 1 }).lean<LoanClaimTerms[]>();
  }

  /**
   * The funder of each of these policies whose loans name one (a policy insures one funder): the collection cases'
   * funder lines. A thousand policies a query, by the indexed policyId; only policyId and funderId are read.
   */
  async policyFunders(policyIds: readonly string[]): Promise<Map<string, string>> {
    const funders = new Map<string, string>();
    const unique = [...new Set(policyIds)];
    for (let start = 0; start < unique.length; start += 1000) {
      const loans = await this.models.Loan.find({ policyId: { $in: unique.slice(start, start + 1000) } }, { _id: 0, policyId: 1, funderId: 1 }).lean<
        { policyId: string; funderId?: string }[]
      >();
      for (const loan of loans) if (loan.funderId) funders.set(loan.policyId, loan.funderId);
    }
    return funders;
  }

  /** These policies with their claim clauses, by policyId (the claim workflow and the credit-bureau checks); absent ids are left out. */
  async policiesById(policyIds: readonly string[]): Promise<Map<string, PolicyDocument>> {
    const policies = await findByIds(this.models.Policy.collection as unknown as Collection<PolicyDocument & { _id: string }>, policyIds);
    return new Map(policies.map(({ _id, ...policy }) => [policy.policyId, policy as PolicyDocument]));
  }

  async ratingsOf(obligorId: string): Promise<RatingDocument[]> {
    const ratings = await collect(this.visible<RatingDocument>('ratings', { obligorId }, HIDDEN));
    return ratings.sort((a, b) => (a.ratedAt < b.ratedAt ? -1 : a.ratedAt > b.ratedAt ? 1 : 0));
  }
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const found: T[] = [];
  for await (const item of items) found.push(item);
  return found;
}

/** A document without _id and gen, or only the fields an inclusive projection names. */
function shape(document: Document, projection: Record<string, 0 | 1> | undefined): Document {
  if (projection && Object.values(projection).includes(1)) {
    return Object.fromEntries(
      Object.entries(projection)
        .filter(([field, keep]) => keep === 1 && field in document)
        .map(([field]) => [field, document[field]]),
    );
  }
  const { _id: _ignored, gen: _generation, ...shaped } = document;
  return shaped;
}

/** The positions that failed only because their _id exists; any other failure is rethrown. */
function duplicateIndexes(error: unknown): number[] {
  const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
  const list = (Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : []) as { index: number; code: number }[];
  if (list.length === 0 || list.some((writeError) => !isDuplicateKeyError(writeError))) throw error;
  return list.map((writeError) => writeError.index);
}
