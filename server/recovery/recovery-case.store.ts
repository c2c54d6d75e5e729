import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import { unitFilter } from '../authority/org-scope';
import { findByIds } from '../store/find-by-ids';
import { insertManyIgnoringDuplicates } from '../store/insert-many';
import { BY_LATEST_CHANGE, collectionReader, readKeysetPage, type KeysetPage, type PageRequest } from '../store/keyset-page';
import { RevisionedWrites, type HistoryEntry, type RevisionChange } from '../store/revisioned-records';
import { recoveryCollections, type LedgerEntry, type RecoveryCaseRecord } from './recovery-case.model';

export interface RecoveryCaseFilter {
  orgUnits?: readonly string[];
  status?: 'open' | 'closed';
}

/** Recovery cases (revisioned: every change is a history entry, a stale revision loses) and their ledger. */
export class RecoveryCaseStore {
  private cases?: Collection<RecoveryCaseRecord>;
  private history?: Collection<HistoryEntry>;
  private ledger?: Collection<LedgerEntry>;
  private writes?: RevisionedWrites;

  constructor(private readonly connection: Connection) {}

  async init(): Promise<void> {
    const { cases, history, ledger } = await recoveryCollections(this.connection);
    this.cases = cases;
    this.history = history;
    this.ledger = ledger;
    this.writes = new RevisionedWrites(cases as never, history);
  }

  byIds(ids: readonly string[]): Promise<RecoveryCaseRecord[]> {
    return findByIds(this.cases!, ids);
  }

  async find(caseId: string): Promise<RecoveryCaseRecord | undefined> {
    return (await this.cases!.findOne({ _id: caseId })) ?? undefined;
  }

  /** The open cases (by the indexed status). */
  open(): Promise<RecoveryCaseRecord[]> {
    return this.cases!.find({ status: 'open' }).toArray();
  }

  /** Closed cases still carrying an impairment allowance: the monthly impairment run releases it. */
  closedWithAllowance(): Promise<RecoveryCaseRecord[]> {
    return this.cases!.find({ status: 'closed', 'impairment.allowanceCents': { $gt: 0 } }).toArray();
  }

  /** The cases of these loans (indexed loanId): an imported recovery names the loan, not the claim. */
  ofLoans(loanIds: readonly string[]): Promise<RecoveryCaseRecord[]> {
    return loanIds.length === 0 ? Promise.resolve([]) : this.cases!.find({ loanId: { $in: [...loanIds] } }).toArray();
  }

  insertNew(records: readonly RecoveryCaseRecord[], entryOf: (record: RecoveryCaseRecord) => RevisionChange['entry']): Promise<Set<string>> {
    return this.writes!.insertNew(records as never, entryOf as never);
  }

  applyOne(change: RevisionChange): Promise<boolean> {
    return this.writes!.applyOne(change);
  }

  historyOf(caseId: string): Promise<HistoryEntry[]> {
    return this.history!.find({ subjectId: caseId }).sort({ revision: 1 }).toArray();
  }

  page(filter: RecoveryCaseFilter, request: PageRequest): Promise<KeysetPage<RecoveryCaseRecord>> {
    const query: Record<string, unknown> = {};
    if (filter.status) query.status = filter.status;
    return readKeysetPage(collectionReader(this.cases!), { ...query, ...unitFilter(filter.orgUnits) }, BY_LATEST_CHANGE, request);
  }

  /** Ledger entries under their unique ids: an entry already written (a retried run, the other worker) is skipped. */
  async addLedger(entries: readonly LedgerEntry[]): Promise<void> {
    if (entries.length > 0) await insertManyIgnoringDuplicates(this.ledger!, entries);
  }

  ledgerOf(caseId: string): Promise<LedgerEntry[]> {
    return this.ledger!.find({ caseId }).sort({ at: 1, _id: 1 }).toArray();
  }

  /** Ledger entries of a month (the indexed month field). */
  ledgerOfMonth(month: string): Promise<LedgerEntry[]> {
    return this.ledger!.find({ month }).toArray();
  }

  /** The book's recovery ids already in the ledger, of these (indexed recoveryId). */
  async bookedRecoveryIds(recoveryIds: readonly string[]): Promise<Set<string>> {
    if (recoveryIds.length === 0) return new Set();
    const found = await this.ledger!.find({ recoveryId: { $in: [...recoveryIds] } }, { projection: { recoveryId: 1 } }).toArray();
    return new Set(found.map((entry) => entry.recoveryId!));
  }
}
