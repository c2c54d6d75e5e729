import type { ImportResult } from '../generated/schema-types';
import type { ErrorDetail } from '../http/errors';
import type { SchemaRegistry } from '../http/schema-registry';
import type { Logger } from '../logger';
import { IMPORT_KINDS, normalizeRow, ROW_SCHEMAS, rowId, WRITE_ORDER, type ImportKind, type NormalizedRow } from './import-rows';
import type { BookDelta, BookPages } from './book-pages';
import { activityDate, type LatestByKind } from './completeness';
import type { CompletenessService } from './completeness.service';
import type { PortfolioStore } from './portfolio.store';
import type { InstallmentDocument, LoanDocument, RepaymentDocument } from './portfolio.model';

/** One row as a reader produced it: a record to check, or a problem found while reading (a malformed line). */
export interface IncomingRow {
  kind: string;
  /** JSON body: position in the kind's array; NDJSON and CSV: line number. */
  index: number;
  record?: unknown;
  problems?: ErrorDetail[];
}

type Rejection = ImportResult['rejected'][number];

const MAX_LISTED_REJECTIONS = 1_000;

/**
 * Validates rows one by one and writes the valid ones in batches of bulk upserts. A bad row
 * never stops the import: it is reported (the first thousand in full, all of them counted).
 */
export class PortfolioImportService {
  private readonly committedListeners: ((accepted: Partial<Record<ImportKind, number>>) => void)[] = [];

  constructor(
    private readonly store: PortfolioStore,
    private readonly schemas: SchemaRegistry,
    private readonly logger: Logger,
    /** The derived book pages the metrics read; each import publishes the rows it wrote into them. */
    private readonly pages?: BookPages,
    private readonly batchSize = 1_000,
    /** Told the latest date each kind reached once an import has committed (how far the data is complete). */
    private readonly completeness?: CompletenessService,
  ) {}

  /** Told what an import accepted once it has committed (the collection-conduct check is queued so); must not throw or wait. */
  onCommitted(listener: (accepted: Partial<Record<ImportKind, number>>) => void): void {
    this.committedListeners.push(listener);
  }

  async import(rows: AsyncIterable<IncomingRow> | Iterable<IncomingRow>): Promise<ImportResult> {
    const accepted: Partial<Record<ImportKind, number>> = {};
    const rejected: Rejection[] = [];
    let rejectedCount = 0;
    const seen = new Map<ImportKind, Map<string, number>>(IMPORT_KINDS.map((kind) => [kind, new Map()]));
    let pending = new Map<ImportKind, PendingRow[]>();
    let pendingCount = 0;
    // Loans this import wrote or looked up: rows referring to them again need no database round trip.
    const orgUnitOfLoan = new Map<string, string>();
    // Schedules of the loans written lately, to check explicit allocations without a round trip.
    const schedules = new ScheduleCache();
    let delta: BookDelta | undefined;
    const latest: LatestByKind = {};

    const reject = (rejection: Rejection) => {
      rejectedCount++;
      if (rejected.length < MAX_LISTED_REJECTIONS) rejected.push(bounded(rejection));
    };

    const flush = async () => {
      const batch = pending;
      pending = new Map();
      pendingCount = 0;
      for (const kind of WRITE_ORDER) {
        let rowsOfKind = batch.get(kind) ?? [];
        const referenced = rowsOfKind
          .filter((entry) => entry.row.loanId !== undefined && !orgUnitOfLoan.has(entry.row.loanId))
          .map((entry) => entry.row.loanId!);
        if (referenced.length > 0) {
          for (const [loanId, orgUnit] of await this.store.orgUnitsOfLoans(referenced, delta?.markerId)) orgUnitOfLoan.set(loanId, orgUnit);
        }
        rowsOfKind = rowsOfKind.filter((entry) => {
          if (entry.row.loanId === undefined) return true;
          const orgUnit = orgUnitOfLoan.get(entry.row.loanId);
          // Repayments, claims and recoveries carry their loan's org unit, for branch scoping.
          if (orgUnit !== undefined) {
            if (kind !== 'premiums') entry.row.document.orgUnit = orgUnit;
            return true;
          }
          reject({ kind, index: entry.index, id: entry.row.id, errors: [{ path: '/loanId', message: `no loan ${entry.row.loanId} is known` }] });
          return false;
        });
        if (kind === 'repayments') rowsOfKind = await this.checkAllocations(rowsOfKind, schedules, reject, delta?.markerId);
        if (rowsOfKind.length > 0 && this.pages && !delta) delta = await this.pages.beginImport(this.store);
        // Staged under the import's batch: nothing of it is visible until it commits at the end.
        if (delta)
          await this.store.stage(
            kind,
            rowsOfKind.map((entry) => entry.row),
            delta.markerId,
          );
        else
          await this.store.upsert(
            kind,
            rowsOfKind.map((entry) => entry.row),
          );
        for (const entry of rowsOfKind) delta?.add(kind, entry.row.document);
        if (kind === 'loans') {
          for (const entry of rowsOfKind) {
            orgUnitOfLoan.set(entry.row.id, entry.row.document.orgUnit as string);
            schedules.remember(entry.row.id, (entry.row.document as unknown as LoanDocument).installments);
          }
        }
        if (rowsOfKind.length > 0) accepted[kind] = (accepted[kind] ?? 0) + rowsOfKind.length;
        for (const entry of rowsOfKind) {
          const date = activityDate(kind, entry.row.document);
          if (date !== undefined && date > (latest[kind as keyof LatestByKind] ?? '')) latest[kind as keyof LatestByKind] = date;
        }
      }
      await delta?.written();
    };

    const readRows = async () => {
      for await (const incoming of rows) {
        if (!(IMPORT_KINDS as readonly string[]).includes(incoming.kind)) {
          reject({
            kind: incoming.kind,
            index: incoming.index,
            id: null,
            errors: incoming.problems ?? [{ path: '/kind', message: `must be one of ${IMPORT_KINDS.join(', ')}` }],
          });
          continue;
        }
        const kind = incoming.kind as ImportKind;
        const id = rowId(kind, incoming.record);
        const problems = incoming.problems ?? this.schemas.check(ROW_SCHEMAS[kind], incoming.record);
        if (problems.length > 0) {
          reject({ kind, index: incoming.index, id, errors: problems.map(({ path, message }) => ({ path: path ?? '/', message })) });
          continue;
        }
        const normalized = normalizeRow(kind, incoming.record);
        if (!normalized.row) {
          reject({ kind, index: incoming.index, id, errors: normalized.errors.map(({ path, message }) => ({ path: path ?? '/', message })) });
          continue;
        }
        const earlier = seen.get(kind)!.get(normalized.row.id);
        if (earlier !== undefined) {
          reject({ kind, index: incoming.index, id, errors: [{ path: '/', message: `duplicate id in this import (first at index ${earlier})` }] });
          continue;
        }
        seen.get(kind)!.set(normalized.row.id, incoming.index);
        const list = pending.get(kind) ?? [];
        const allocation = kind === 'repayments' ? (incoming.record as { allocation?: { seq: number }[] }).allocation : undefined;
        list.push({
          row: normalized.row,
          index: incoming.index,
          ...(allocation ? { allocationPositions: new Map(allocation.map((part, position) => [part.seq, position])) } : {}),
        });
        pending.set(kind, list);
        if (++pendingCount >= this.batchSize) await flush();
      }
    };

    try {
      await readRows();
      await flush();
      // The commit: the pages and the records show the whole import from here on, or (if this fails first) none of it.
      await delta?.finish();
    } catch (error) {
      if (delta)
        await delta
          .abandon()
          .catch((cleanupError: unknown) =>
            this.logger.warn({ err: cleanupError }, 'could not discard the staged rows of a failed import; a later import will'),
          );
      throw error;
    }
    // After the commit: an import that failed reached nothing. A server killed between the two leaves the dates behind, which only understates.
    await this.completeness?.noteImported(latest);
    for (const listener of this.committedListeners) listener(accepted);
    // Counts only: ids can name obligors, which stay out of logs.
    this.logger.info({ accepted, rejectedCount }, 'portfolio import');
    // Unknown-loan rejections are found at write time, after later rows: report in file order.
    rejected.sort((a, b) => a.index - b.index);
    return { accepted, rejected, rejectedCount };
  }

  /**
   * An explicit allocation must name installments the loan has and book no more against one
   * than it is scheduled to owe. Checked at write time, like the loan itself, because the loan
   * may arrive earlier in the same import.
   */
  private async checkAllocations(
    rows: PendingRow[],
    schedules: ScheduleCache,
    reject: (rejection: Rejection) => void,
    ownBatch: string | undefined,
  ): Promise<PendingRow[]> {
    const allocating = rows.filter((entry) => (entry.row.document as unknown as RepaymentDocument).allocation !== undefined);
    if (allocating.length === 0) return rows;
    const missing = [...new Set(allocating.map((entry) => entry.row.loanId!).filter((loanId) => !schedules.has(loanId)))];
    if (missing.length > 0) for (const [loanId, installments] of await this.store.schedulesOfLoans(missing, ownBatch)) schedules.remember(loanId, installments);
    const refused = new Set<PendingRow>();
    for (const entry of allocating) {
      const repayment = entry.row.document as unknown as RepaymentDocument;
      const schedule = schedules.get(repayment.loanId);
      const errors: ErrorDetail[] = [];
      repayment.allocation!.forEach((part) => {
        // The stored allocation is sorted by seq; report against the position the caller sent.
        const position = entry.allocationPositions?.get(part.seq) ?? 0;
        const installment = schedule?.get(part.seq);
        if (!installment) errors.push({ path: `/allocation/${position}/seq`, message: `loan ${repayment.loanId} has no installment ${part.seq}` });
        else {
          if (part.principalCents > installment.principalCents)
            errors.push({
              path: `/allocation/${position}/principal`,
              message: `more than installment ${part.seq}'s principal of ${installment.principalCents / 100}`,
            });
          if (part.interestCents > installment.interestCents)
            errors.push({
              path: `/allocation/${position}/interest`,
              message: `more than installment ${part.seq}'s interest of ${installment.interestCents / 100}`,
            });
        }
      });
      if (errors.length > 0) {
        refused.add(entry);
        reject({ kind: 'repayments', index: entry.index, id: entry.row.id, errors });
      }
    }
    return refused.size === 0 ? rows : rows.filter((entry) => !refused.has(entry));
  }
}

// Business ids are at most 128 characters (schemas/portfolio/business-id.json); kinds are short words.
const MAX_ECHOED_ID = 128;
const MAX_ECHOED_KIND = 40;
const MAX_ECHOED_SEGMENT = 64;
const MAX_ECHOED_MESSAGE = 300;

/**
 * A rejection as reported back: whatever the row held is echoed only while it is short, so an
 * oversized id, kind or field name never comes back in the answer (or grows it without bound).
 */
function bounded(rejection: Rejection): Rejection {
  const clip = (text: string, limit: number) => (text.length <= limit ? text : `${text.slice(0, limit)}... (${text.length} characters)`);
  return {
    kind: rejection.kind.length <= MAX_ECHOED_KIND ? rejection.kind : 'unknown',
    index: rejection.index,
    id: typeof rejection.id === 'string' && rejection.id.length <= MAX_ECHOED_ID ? rejection.id : null,
    errors: rejection.errors.map((error) => ({
      ...error,
      path: (error.path ?? '/')
        .split('/')
        .map((segment) => (segment.length <= MAX_ECHOED_SEGMENT ? segment : `(a name of ${segment.length} characters)`))
        .join('/'),
      message: error.message.length <= MAX_ECHOED_MESSAGE ? error.message : clip(error.message.replace(/"[^"]{41,}"/g, '"..."'), MAX_ECHOED_MESSAGE),
    })),
  };
}

interface PendingRow {
  row: NormalizedRow;
  index: number;
  /** Repayments: where each seq stood in the allocation as sent (the stored one is sorted). */
  allocationPositions?: Map<number, number>;
}

type Schedule = Map<number, { principalCents: number; interestCents: number }>;

/** The schedules of the loans an import wrote lately (bounded: a large import keeps only the most recent ones). */
class ScheduleCache {
  private readonly schedules = new Map<string, Schedule>();

  constructor(private readonly limit = 20_000) {}

  has(loanId: string): boolean {
    return this.schedules.has(loanId);
  }

  get(loanId: string): Schedule | undefined {
    return this.schedules.get(loanId);
  }

  remember(loanId: string, installments: readonly InstallmentDocument[]): void {
    if (this.schedules.size >= this.limit) this.schedules.clear();
    this.schedules.set(
      loanId,
      new Map(installments.map((installment) => [installment.seq, { principalCents: installment.principalCents, interestCents: installment.interestCents }])),
    );
  }
}
