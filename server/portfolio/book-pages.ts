import { randomBytes } from 'node:crypto';
import { Binary, type Collection, type Db } from 'mongodb';
import type { Connection } from 'mongoose';
import type { Logger } from '../logger';
import { isDuplicateKeyError } from '../store/mongo-errors';
import { decodePage, emptyPage, encodePage, mergePage, PAGE_FORMAT, pageRecord, type PageContent } from './book-page.codec';
import type { ImportKind } from './import-rows';
import type { PortfolioStore } from './portfolio.store';

/**
 * The book pages: a derived, compact copy of the portfolio for the metrics to read (see
 * book-page.codec.ts). Pages are published in generations: a new generation is a complete new
 * collection of pages, written aside and then claimed by inserting its registry entry (the
 * unique _id of "generation n + 1" lets one writer win on every engine), so a reader streams one
 * immutable collection and never sees half an update. Two generations are kept so a reader that
 * started on the previous one can finish; older ones are dropped.
 *
 * The records stay the truth. An import adds the rows it wrote to a delta and publishes the
 * delta at its end (and whenever the delta grows large); an import that dies before that leaves
 * its marker behind, and the next read rebuilds the pages from the records.
 */
const REGISTRY = 'portfolio_book_generations';
const MARKERS = 'portfolio_book_imports';
const COLLECTION_PREFIX = 'portfolio_book_pages_g';
/** An import marker whose heartbeat is older than this belongs to an import that died. */
export const DEAD_IMPORT_MS = 10 * 60_000;
const HEARTBEAT_MS = 30_000;
/** Pages written per insert: a page is a few hundred kilobytes for a book of a million loans. */
const WRITE_BATCH = 16;
/** Pages read per round trip. */
const READ_BATCH = 8;
/** A rebuild from the records keeps at most about this many loans' pages in memory at once. */
const REBUILD_LOANS_PER_PASS = 250_000;
const PUBLISH_ATTEMPTS = 5;

interface GenerationDocument {
  _id: string;
  generation: number;
  collection: string;
  format: number;
  createdAt: Date;
  pages: number;
}
interface PageDocument {
  _id: number;
  data: Binary;
}
interface MarkerDocument {
  _id: string;
  startedAt: Date;
  heartbeatAt: Date;
}

export class BookPages {
  private readonly db: Db;

  constructor(
    connection: Connection,
    private readonly logger: Logger,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.db = connection.db!;
  }

  private get registry(): Collection<GenerationDocument> {
    return this.db.collection<GenerationDocument>(REGISTRY);
  }

  private get markers(): Collection<MarkerDocument> {
    return this.db.collection<MarkerDocument>(MARKERS);
  }

  /** The newest published generation of the current format. */
  async current(): Promise<GenerationDocument | undefined> {
    const all = await this.registry.find({}).toArray();
    return all.filter((entry) => entry.format === PAGE_FORMAT).sort((a, b) => b.generation - a.generation)[0];
  }

  /** Starts tracking an import: its marker tells readers that its rows may not be in the pages yet. */
  async beginImport(): Promise<BookDelta> {
    const marker: MarkerDocument = { _id: randomBytes(8).toString('hex'), startedAt: new Date(this.now()), heartbeatAt: new Date(this.now()) };
    await this.markers.insertOne(marker);
    return new BookDelta(this, marker._id, this.now);
  }

  async heartbeat(markerId: string): Promise<void> {
    await this.markers.updateOne({ _id: markerId }, { $set: { heartbeatAt: new Date(this.now()) } });
  }

  async endImport(markerId: string): Promise<void> {
    await this.markers.deleteOne({ _id: markerId });
  }

  /** Publishes a new generation: the current pages with the delta's rows merged into the pages they belong to. */
  async publish(delta: ReadonlyMap<number, PageContent>, onProgress: () => Promise<void> = async () => undefined): Promise<void> {
    for (let attempt = 1; attempt <= PUBLISH_ATTEMPTS; attempt++) {
      const base = await this.current();
      const target = this.newCollection(base);
      const written = new Set<number>();
      let batch: PageDocument[] = [];
      const flush = async () => {
        if (batch.length > 0) await target.insertMany(batch);
        batch = [];
        await onProgress();
      };
      if (base) {
        for await (const page of this.db.collection<PageDocument>(base.collection).find({}, { batchSize: READ_BATCH })) {
          const rows = delta.get(page._id);
          batch.push(rows ? { _id: page._id, data: new Binary(encodePage(mergePage(decodePage(Buffer.from(page.data.buffer)), rows))) } : page);
          written.add(page._id);
          if (batch.length >= WRITE_BATCH) await flush();
        }
      }
      for (const [page, rows] of delta) {
        if (written.has(page)) continue;
        batch.push({ _id: page, data: new Binary(encodePage(mergePage(emptyPage(), rows))) });
        written.add(page);
        if (batch.length >= WRITE_BATCH) await flush();
      }
      await flush();
      if (await this.claim(base, target, written.size)) return;
      this.logger.info({ attempt }, 'another writer published book pages first; merging again on top of theirs');
    }
    throw new Error(`could not publish the book pages after ${PUBLISH_ATTEMPTS} attempts (too many imports at once)`);
  }

  /**
   * Builds every page again from the records, in passes of at most a few hundred thousand loans'
   * pages so memory stays bounded. On FerretDB this reads every record, so it takes as long as
   * reading the records did before pages existed; it runs only after an import died, for a
   * database imported before pages existed, or after the page format changed.
   */
  async rebuild(store: PortfolioStore): Promise<void> {
    const started = this.now();
    const markersBefore = await this.markers.find({}).toArray();
    const loans = await store.countLoans();
    const passes = await this.build(loans, async (pass, passes, add) => {
      const adder = (kind: ImportKind) => (document: object) => add(kind, document as Record<string, unknown>);
      for await (const loan of store.loans()) adder('loans')(loan);
      for await (const repayment of store.repayments()) adder('repayments')(repayment);
      for await (const claim of store.claims()) adder('claims')(claim);
      for await (const recovery of store.recoveries()) adder('recoveries')(recovery);
      for await (const premium of store.premiums()) adder('premiums')(premium);
    });
    // The markers seen before reading the records belong to imports whose rows the rebuild read (or that died).
    const dead = markersBefore.filter((marker) => this.isDead(marker)).map((marker) => marker._id);
    if (dead.length > 0) await this.markers.deleteMany({ _id: { $in: dead } });
    this.logger.info({ loans, passes, durationMs: this.now() - started }, 'rebuilt the book pages from the records');
  }

  /**
   * Builds a whole generation from scratch and publishes it: `fill` is called once per pass and
   * hands every stored record (kind and stored form) to `add`; a pass keeps the pages with
   * page % passes === pass. Used by the rebuild from the records and by the benchmark's set-up.
   */
  async build(loans: number, fill: (pass: number, passes: number, add: (kind: ImportKind, document: Record<string, unknown>) => void) => Promise<void>): Promise<number> {
    const passes = Math.max(1, Math.ceil(loans / REBUILD_LOANS_PER_PASS));
    for (let attempt = 1; attempt <= PUBLISH_ATTEMPTS; attempt++) {
      const base = await this.current();
      const target = this.newCollection(base);
      let pageCount = 0;
      for (let pass = 0; pass < passes; pass++) {
        const pages = new Map<number, PageContent>();
        await fill(pass, passes, (kind, document) => {
          const record = pageRecord(kind, document);
          if (!record || record.page % passes !== pass) return;
          let content = pages.get(record.page);
          if (!content) pages.set(record.page, (content = emptyPage()));
          record.add(content);
        });
        pageCount += pages.size;
        let batch: PageDocument[] = [];
        for (const [page, content] of pages) {
          batch.push({ _id: page, data: new Binary(encodePage(content)) });
          pages.delete(page);
          if (batch.length >= WRITE_BATCH) {
            await target.insertMany(batch);
            batch = [];
          }
        }
        if (batch.length > 0) await target.insertMany(batch);
      }
      if (await this.claim(base, target, pageCount)) return passes;
    }
    throw new Error(`could not publish the rebuilt book pages after ${PUBLISH_ATTEMPTS} attempts`);
  }

  /**
   * Runs `consume` over the pages of the newest generation, rebuilding them first when an import
   * died or they were never built for the records there are. If the generation is dropped while
   * being read (two newer ones were published meanwhile), reads again from the newest.
   */
  async read<T>(store: PortfolioStore, consume: (pages: AsyncIterable<Buffer>) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let generation = await this.current();
      const markers = await this.markers.find({}).toArray();
      if (markers.some((marker) => this.isDead(marker)) || (!generation && (await store.countLoans()) > 0)) {
        await this.rebuild(store);
        generation = await this.current();
      }
      if (!generation) return consume(emptyStream());
      try {
        return await consume(this.pageData(generation.collection));
      } catch (error) {
        const newest = await this.current();
        if (attempt >= 3 || newest?.generation === generation.generation) throw error;
        this.logger.info({ generation: generation.generation }, 'book pages changed while being read; reading the newest');
      }
    }
  }

  /** The page data of a generation, the next batch requested while the current one is being used. */
  private async *pageData(collection: string): AsyncIterable<Buffer> {
    const cursor = this.db.collection<PageDocument>(collection).find({}, { batchSize: READ_BATCH });
    try {
      let next = cursor.next();
      for (;;) {
        const page = await next;
        if (!page) return;
        // Ask for the next page before handing this one out: the database works while the caller computes.
        next = cursor.next();
        yield Buffer.from(page.data.buffer);
      }
    } finally {
      await cursor.close();
    }
  }

  private newCollection(base: GenerationDocument | undefined): Collection<PageDocument> {
    const generation = (base?.generation ?? 0) + 1;
    return this.db.collection<PageDocument>(`${COLLECTION_PREFIX}${String(generation).padStart(8, '0')}_${randomBytes(4).toString('hex')}`);
  }

  /** Claims generation base + 1 for the collection just written; false (and the collection dropped) if another writer got there first. */
  private async claim(base: GenerationDocument | undefined, target: Collection<PageDocument>, pages: number): Promise<boolean> {
    const generation = (base?.generation ?? 0) + 1;
    try {
      await this.registry.insertOne({ _id: String(generation).padStart(10, '0'), generation, collection: target.collectionName, format: PAGE_FORMAT, createdAt: new Date(this.now()), pages });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      await target.drop().catch(() => undefined);
      return false;
    }
    await this.dropOlderThan(generation - 1);
    return true;
  }

  private async dropOlderThan(generation: number): Promise<void> {
    const old = (await this.registry.find({}).toArray()).filter((entry) => entry.generation < generation || entry.format !== PAGE_FORMAT);
    for (const entry of old) {
      await this.db.collection(entry.collection).drop().catch(() => undefined);
      await this.registry.deleteOne({ _id: entry._id });
    }
  }

  private isDead(marker: MarkerDocument): boolean {
    return this.now() - marker.heartbeatAt.getTime() > DEAD_IMPORT_MS;
  }
}

/** The rows an import wrote, by page, until they are published. */
export class BookDelta {
  private pages = new Map<number, PageContent>();
  private rows = 0;
  private lastHeartbeat: number;

  constructor(
    private readonly owner: BookPages,
    readonly markerId: string,
    private readonly now: () => number,
    /** Published early when it holds this many rows, so a large import's memory stays bounded. */
    private readonly budget = 500_000,
  ) {
    this.lastHeartbeat = now();
  }

  add(kind: ImportKind, document: Record<string, unknown>): void {
    const record = pageRecord(kind, document);
    if (!record) return;
    let content = this.pages.get(record.page);
    if (!content) this.pages.set(record.page, (content = emptyPage()));
    record.add(content);
    this.rows++;
  }

  /** After each written batch: keeps the marker alive and publishes when the delta is large. */
  async written(): Promise<void> {
    if (this.rows >= this.budget) await this.publish();
    else await this.keepAlive();
  }

  async publish(): Promise<void> {
    if (this.rows === 0) return;
    await this.owner.publish(this.pages, () => this.keepAlive());
    this.pages = new Map();
    this.rows = 0;
  }

  /** Publishes what is left and removes the marker. */
  async finish(): Promise<void> {
    await this.publish();
    await this.owner.endImport(this.markerId);
  }

  private async keepAlive(): Promise<void> {
    if (this.now() - this.lastHeartbeat < HEARTBEAT_MS) return;
    this.lastHeartbeat = this.now();
    await this.owner.heartbeat(this.markerId);
  }
}

async function* emptyStream(): AsyncIterable<Buffer> {
  // no pages
}
