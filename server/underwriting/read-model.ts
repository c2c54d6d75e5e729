import type { PortfolioStore } from '../portfolio/portfolio.store';
import { checkEntry } from './check-logic';
import type { CheckEntry, ObligorCheckDocument, ObligorLine, UnderwritingRecordDocument } from './underwriting.model';
import type { UnderwritingStore } from './underwriting.store';

/** How long a process trusts its segment cache before it asks whether another process changed a segment record. */
const SEGMENT_RECHECK_MS = 1_000;
/** The obligors' lines kept in memory: dropped whole after an import in this process, and at the latest this long after they were read. */
const LINES_TTL_MS = 60_000;
const LINES_MAX_OBLIGORS = 250_000;
/** How long a process trusts its obligor documents before it asks whether another process changed a record; and how many it keeps. */
const DOCUMENTS_RECHECK_MS = 1_000;
const DOCUMENTS_MAX_OBLIGORS = 250_000;
/** Obligors whose documents are rewritten per round (one read of their records and lines, bounded bulk writes). */
const REFRESH_CHUNK = 1_000;

export interface SegmentBlock {
  record: UnderwritingRecordDocument;
  entry: CheckEntry;
}

/**
 * The check's read model: one document per obligor with records, rewritten from the obligor's
 * records whenever one changes, and the open segment records in memory. A change in this process
 * drops the cache at once; a change in another process (a monitoring worker) bumps the segment
 * generation, which each process looks at no more than once a second.
 */
export class CheckReadModel {
  private segments: SegmentBlock[] = [];
  private generation = -1;
  private checkedAt = 0;
  private stale = true;
  private loading: Promise<SegmentBlock[]> | undefined;
  /** Lines of business by obligor, as the book had them when read (an obligor without loans: none). */
  private lineCache = new Map<string, ObligorLine[]>();
  private linesReadAt = 0;
  /** The obligors' read-model documents as last read (null: the obligor has none), valid for `documentGeneration`. */
  private documentCache = new Map<string, ObligorCheckDocument | null>();
  private documentGeneration = -1;
  private documentsCheckedAt = 0;
  private documentsChecking: Promise<void> | undefined;

  constructor(
    private readonly records: UnderwritingStore,
    private readonly portfolio: PortfolioStore,
  ) {}

  /** The records' store (the checks read the documents through it). */
  store(): UnderwritingStore {
    return this.records;
  }

  /**
   * Rewrites the documents of these obligors from their records (after any change to one of them).
   * This process forgets its copies at once; the generation bump makes every other process drop
   * its documents within DOCUMENTS_RECHECK_MS.
   */
  async refreshObligors(obligorIds: Iterable<string>): Promise<void> {
    const refreshed = [...new Set(obligorIds)];
    if (refreshed.length === 0) return;
    for (let start = 0; start < refreshed.length; start += REFRESH_CHUNK) {
      const chunk = refreshed.slice(start, start + REFRESH_CHUNK);
      const recordsOf = new Map<string, UnderwritingRecordDocument[]>();
      for (const record of await this.records.ofObligors(chunk)) {
        const records = recordsOf.get(record.obligorId!) ?? [];
        records.push(record);
        recordsOf.set(record.obligorId!, records);
      }
      const linesOf = await this.readLines(chunk);
      await this.records.writeReadModels(
        chunk.map((obligorId) => {
          const records = recordsOf.get(obligorId) ?? [];
          const lines = linesOf.get(obligorId) ?? [];
          const orgUnit = records.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0]?.orgUnit ?? lines[0]?.orgUnit ?? '';
          return { obligorId, orgUnit, lines, entries: records.filter((record) => record.open).map(checkEntry) };
        }),
      );
      for (const obligorId of chunk) this.documentCache.delete(obligorId);
    }
    const known = this.documentGeneration;
    const generation = await this.records.bumpObligorGeneration();
    for (const obligorId of refreshed) this.documentCache.delete(obligorId);
    // Our own bump is no news; anyone else's in between (the count jumped by more than one) is: drop everything at the next look.
    if (generation === known + 1) this.documentGeneration = generation;
  }

  /**
   * The obligors' read-model documents (null for none), from memory where known and the rest in one
   * read. A change in this process drops its obligors' copies at once; a change in another process
   * (a monitoring worker) bumps the generation, which this process looks at no more than once a second.
   */
  async documentsOf(obligorIds: readonly string[]): Promise<Map<string, ObligorCheckDocument | null>> {
    await this.checkDocumentGeneration();
    const found = new Map<string, ObligorCheckDocument | null>();
    const unknown: string[] = [];
    for (const obligorId of obligorIds) {
      const cached = this.documentCache.get(obligorId);
      if (cached !== undefined) found.set(obligorId, cached);
      else unknown.push(obligorId);
    }
    if (unknown.length === 0) return found;
    const generation = this.documentGeneration;
    const read = new Map((await this.records.readModels(unknown)).map((document) => [document._id, document]));
    if (this.documentCache.size > DOCUMENTS_MAX_OBLIGORS) this.documentCache = new Map();
    for (const obligorId of unknown) {
      const document = read.get(obligorId) ?? null;
      found.set(obligorId, document);
      // A copy read while a change in this process was under way could be older than it: kept only if nothing changed meanwhile.
      if (generation === this.documentGeneration) this.documentCache.set(obligorId, document);
    }
    return found;
  }

  /** The first look is waited for; later ones (once a second) run beside the checks, which answer from memory meanwhile. */
  private checkDocumentGeneration(): Promise<void> {
    if (Date.now() - this.documentsCheckedAt < DOCUMENTS_RECHECK_MS) return Promise.resolve();
    this.documentsChecking ??= (async () => {
      const startedAt = Date.now();
      const generation = await this.records.obligorGeneration();
      if (generation !== this.documentGeneration) {
        this.documentCache = new Map();
        this.documentGeneration = generation;
      }
      this.documentsCheckedAt = startedAt;
    })().finally(() => (this.documentsChecking = undefined));
    if (this.documentsCheckedAt === 0) return this.documentsChecking;
    this.documentsChecking.catch(() => undefined);
    return Promise.resolve();
  }

  /** A segment record changed: this process reloads now, the others within a second. */
  async segmentsChanged(): Promise<void> {
    this.stale = true;
    await this.records.bumpSegmentGeneration();
  }

  /** The open segment records, from memory; reloaded when stale. */
  async segmentBlocks(): Promise<SegmentBlock[]> {
    const now = Date.now();
    if (!this.stale && now - this.checkedAt < SEGMENT_RECHECK_MS) return this.segments;
    this.loading ??= this.reload(now).finally(() => (this.loading = undefined));
    // A change in this process (or the first read) is waited for; the once-a-second look at other processes' changes is
    // not: the checks meanwhile answer from memory, so no check waits for the database's round trip under load.
    if (this.stale || this.generation < 0) return this.loading;
    this.loading.catch(() => undefined);
    return this.segments;
  }

  private async reload(now: number): Promise<SegmentBlock[]> {
    const generation = await this.records.segmentGeneration();
    if (this.stale || generation !== this.generation) {
      this.stale = false;
      this.segments = (await this.records.openSegmentRecords()).map((record) => ({ record, entry: checkEntry(record) }));
      this.generation = generation;
    }
    this.checkedAt = now;
    return this.segments;
  }

  /** An obligor's lines of business from the book (indexed by obligorId): its units and the segments it belongs to. */
  async lines(obligorId: string): Promise<ObligorLine[]> {
    return (await this.readLines([obligorId])).get(obligorId) ?? [];
  }

  /** The book changed (an import committed): the lines are read again. */
  bookChanged(): void {
    this.lineCache = new Map();
  }

  /**
   * Lines from memory where known, the rest in one read of the loan records. The book changes
   * only by imports: this process drops the lines after each of its own, and every process drops
   * them a minute after it first read them, so an import by another process shows within a minute.
   */
  async linesOf(obligorIds: readonly string[]): Promise<Map<string, ObligorLine[]>> {
    const now = Date.now();
    if (now - this.linesReadAt > LINES_TTL_MS || this.lineCache.size > LINES_MAX_OBLIGORS) {
      this.lineCache = new Map();
      this.linesReadAt = now;
    }
    const found = new Map<string, ObligorLine[]>();
    const unknown: string[] = [];
    for (const obligorId of obligorIds) {
      const cached = this.lineCache.get(obligorId);
      if (cached) found.set(obligorId, cached);
      else unknown.push(obligorId);
    }
    if (unknown.length === 0) return found;
    const read = await this.readLines(unknown);
    for (const obligorId of unknown) {
      const lines = read.get(obligorId) ?? [];
      this.lineCache.set(obligorId, lines);
      found.set(obligorId, lines);
    }
    return found;
  }

  private async readLines(obligorIds: readonly string[]): Promise<Map<string, ObligorLine[]>> {
    const byObligor = new Map<string, ObligorLine[]>();
    for (const loan of await this.portfolio.obligorLoanLines(obligorIds)) {
      const line: ObligorLine = {
        orgUnit: loan.orgUnit,
        product: loan.product,
        channel: loan.channel,
        customerTier: loan.customerTier,
        vintage: loan.disbursedAt.slice(0, 7),
      };
      const lines = byObligor.get(loan.obligorId) ?? [];
      if (!lines.some((known) => sameLine(known, line))) lines.push(line);
      byObligor.set(loan.obligorId, lines);
    }
    return byObligor;
  }
}

function sameLine(a: ObligorLine, b: ObligorLine): boolean {
  return a.orgUnit === b.orgUnit && a.product === b.product && a.channel === b.channel && a.customerTier === b.customerTier && a.vintage === b.vintage;
}
