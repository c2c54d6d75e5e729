import { randomBytes } from 'node:crypto';
import { Binary, type Collection, type Db } from 'mongodb';
import type { Connection } from '../store/connection';
import type { Logger } from '../logger';
import { isDuplicateKeyError } from '../store/mongo-errors';
import { decodePage, emptyPage, encodePage, mergePage, PAGE_FORMAT, pageRecord, type PageContent } from './book-page.codec';
import { committedBatches, IMPORT_JOURNAL, PAGE_REGISTRY, type JournalEntry, type RegistryEntry } from './import-journal';
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
 * The records stay the truth. An import stages its rows (import-journal.ts), adds them to a
 * delta and publishes the delta at its end in the generation that commits the import, then
 * applies the staged rows to the records. An import that dies before publishing leaves only
 * staged rows no reader looks at, discarded by a later import; one that dies after publishing is
 * applied by the next import (and read through the staged rows until then).
 */
const REGISTRY = PAGE_REGISTRY;
const MARKERS = IMPORT_JOURNAL;
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

type GenerationDocument = RegistryEntry;
interface PageDocument {
  _id: number;
  data: Binary;
}
type MarkerDocument = JournalEntry;

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

  /** The newest generation number of any format: a new generation takes the next one (an older format's keep theirs until dropped). */
  private async lastGeneration(): Promise<number> {
    const all = await this.registry.find({}, { projection: { generation: 1 } }).toArray();
    return all.reduce((last, entry) => Math.max(last, entry.generation), 0);
  }

  /** The pages must be built from the records first: none of the current format, but loans, or pages of an older format. */
  async needsRebuild(store: PortfolioStore): Promise<boolean> {
    if (await this.current()) return false;
    return (await this.lastGeneration()) > 0 || (await store.countLoans()) > 0;
  }

  /** The newest published generation of the current format. */
  async current(): Promise<GenerationDocument | undefined> {
    const all = await this.registry.find({}).toArray();
    return all.filter((entry) => entry.format === PAGE_FORMAT && !entry.dropped).sort((a, b) => b.generation - a.generation)[0];
  }

  /**
   * The generation of the book as readers see it now, when every committed import has been applied to the records
   * (readers of the records directly, like the claim trigger's claim points, see a batch only once applied); undefined
   * while one is being applied or when no pages exist. Derived read models (the facts snapshots) are valid for it.
   */
  async settledGeneration(): Promise<number | undefined> {
    const generation = await this.current();
    if (!generation || (await committedBatches(this.db)).size > 0) return undefined;
    return generation.generation;
  }

  /**
   * Starts an import: first finishes what earlier imports left (applies the committed ones still
   * being applied, whoever ran them; discards the staged rows of dead ones that never committed),
   * then registers this one's batch in the journal. Its rows stay staged until it commits.
   */
  async beginImport(store: PortfolioStore, budget?: number): Promise<BookDelta> {
    await this.settle(store);
    const marker: MarkerDocument = { _id: randomBytes(8).toString('hex'), startedAt: new Date(this.now()), heartbeatAt: new Date(this.now()) };
    await this.markers.insertOne(marker);
    return new BookDelta(this, store, marker._id, this.now, budget);
  }

  /** Applies committed batches not yet applied (in generation order) and discards dead uncommitted ones. */
  async settle(store: PortfolioStore): Promise<void> {
    const committed = [...(await committedBatches(this.db))].sort(([, a], [, b]) => a - b);
    for (const [batch, generation] of committed) await this.applyBatch(store, batch, generation);
    const done = new Set(committed.map(([batch]) => batch));
    for (const marker of await this.markers.find({}).toArray()) {
      if (done.has(marker._id) || !this.isDead(marker)) continue;
      // A dead batch that committed meanwhile is left for the next settle; one that did not never will.
      if ((await committedBatches(this.db)).has(marker._id)) continue;
      await store.discard(marker._id);
      await this.markers.deleteOne({ _id: marker._id });
      this.logger.info({ startedAt: marker.startedAt }, 'discarded the staged rows of an import that died before committing');
    }
  }

  /** Copies a committed batch into the records and closes its journal entry. */
  async applyBatch(store: PortfolioStore, batch: string, generation: number): Promise<void> {
    await store.apply(batch, generation);
    await this.endImport(batch);
  }

  async heartbeat(markerId: string): Promise<void> {
    await this.markers.updateOne({ _id: markerId }, { $set: { heartbeatAt: new Date(this.now()) } });
  }

  async endImport(markerId: string): Promise<void> {
    await this.markers.deleteOne({ _id: markerId });
  }

  /**
   * Publishes a new generation: the current pages with the delta's rows merged into the pages they
   * belong to. Claiming it commits `imports` (their rows become visible with it). A delta too large
   * to hold at once is built in passes (`passes` > 1), each holding the rows of every passes-th page.
   * Returns the generation claimed.
   */
  async publish(
    delta: ReadonlyMap<number, PageContent> | ((pass: number, passes: number) => Promise<ReadonlyMap<number, PageContent>>),
    onProgress: () => Promise<void> = async () => undefined,
    imports: readonly string[] = [],
    passes = 1,
  ): Promise<number> {
    const deltaOfPass = typeof delta === 'function' ? delta : async () => delta;
    for (let attempt = 1; attempt <= PUBLISH_ATTEMPTS; attempt++) {
      const base = await this.current();
      const last = await this.lastGeneration();
      const target = this.newCollection(last);
      const written = new Set<number>();
      let batch: PageDocument[] = [];
      const flush = async () => {
        if (batch.length > 0) await target.insertMany(batch);
        batch = [];
        await onProgress();
      };
      for (let pass = 0; pass < passes; pass++) {
        const rowsByPage = await deltaOfPass(pass, passes);
        if (base) {
          for await (const page of this.db.collection<PageDocument>(base.collection).find({}, { batchSize: READ_BATCH })) {
            if (page._id % passes !== pass) continue;
            const rows = rowsByPage.get(page._id);
            batch.push(rows ? { _id: page._id, data: new Binary(encodePage(mergePage(decodePage(Buffer.from(page.data.buffer)), rows))) } : page);
            written.add(page._id);
            if (batch.length >= WRITE_BATCH) await flush();
          }
        }
        for (const [page, rows] of rowsByPage) {
          if (written.has(page)) continue;
          batch.push({ _id: page, data: new Binary(encodePage(mergePage(emptyPage(), rows))) });
          written.add(page);
          if (batch.length >= WRITE_BATCH) await flush();
        }
        await flush();
      }
      const generation = await this.claim(last, target, written.size, imports);
      if (generation !== undefined) return generation;
      this.logger.info({ attempt }, 'another writer published book pages first; merging again on top of theirs');
    }
    throw new Error(`could not publish the book pages after ${PUBLISH_ATTEMPTS} attempts (too many imports at once)`);
  }

  /**
   * Builds every page again from the records, in passes of at most a few hundred thousand loans'
   * pages so memory stays bounded. On FerretDB this reads every record; it runs only after an
   * import died, for a database without pages, or after the page format changed.
   */
  async rebuild(store: PortfolioStore): Promise<void> {
    const started = this.now();
    const loans = await store.countLoans();
    const passes = await this.build(loans, async (pass, passes, add) => {
      const adder = (kind: ImportKind) => (document: object) => add(kind, document as Record<string, unknown>);
      for await (const loan of store.loans()) adder('loans')(loan);
      for await (const repayment of store.repayments()) adder('repayments')(repayment);
      for await (const claim of store.claims()) adder('claims')(claim);
      for await (const recovery of store.recoveries()) adder('recoveries')(recovery);
      for await (const premium of store.premiums()) adder('premiums')(premium);
      for await (const rating of store.storedRatings()) adder('ratings')(rating);
    });
    this.logger.info({ loans, passes, durationMs: this.now() - started }, 'rebuilt the book pages from the records');
  }

  /**
   * Builds a whole generation from scratch and publishes it: `fill` is called once per pass and
   * hands every stored record (kind and stored form) to `add`; a pass keeps the pages with
   * page % passes === pass. Used by the rebuild from the records and by the benchmark's set-up.
   */
  async build(
    loans: number,
    fill: (pass: number, passes: number, add: (kind: ImportKind, document: Record<string, unknown>) => void) => Promise<void>,
  ): Promise<number> {
    const passes = Math.max(1, Math.ceil(loans / REBUILD_LOANS_PER_PASS));
    for (let attempt = 1; attempt <= PUBLISH_ATTEMPTS; attempt++) {
      const last = await this.lastGeneration();
      const target = this.newCollection(last);
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
      if ((await this.claim(last, target, pageCount, [])) !== undefined) return passes;
    }
    throw new Error(`could not publish the rebuilt book pages after ${PUBLISH_ATTEMPTS} attempts`);
  }

  /**
   * Runs `consume` over the pages of the newest generation, building them first when they were
   * never built for the records there are (or in an older format). If the generation is dropped
   * while being read (two newer ones were published meanwhile), reads again from the newest. An
   * import that died never needs a rebuild: its rows were staged, not in the records or pages.
   */
  async read<T>(store: PortfolioStore, consume: (pages: AsyncIterable<Buffer>) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let generation = await this.current();
      if (await this.needsRebuild(store)) {
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

  private newCollection(last: number): Collection<PageDocument> {
    const generation = last + 1;
    return this.db.collection<PageDocument>(`${COLLECTION_PREFIX}${String(generation).padStart(8, '0')}_${randomBytes(4).toString('hex')}`);
  }

  /** Claims generation base + 1 for the collection just written (committing `imports`); undefined (and the collection dropped) if another writer got there first. */
  private async claim(last: number, target: Collection<PageDocument>, pages: number, imports: readonly string[]): Promise<number | undefined> {
    const generation = last + 1;
    try {
      await this.registry.insertOne({
        _id: String(generation).padStart(10, '0'),
        generation,
        collection: target.collectionName,
        format: PAGE_FORMAT,
        createdAt: new Date(this.now()),
        pages,
        ...(imports.length > 0 ? { imports: [...imports] } : {}),
      });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      await target.drop().catch(() => undefined);
      return undefined;
    }
    await this.dropOlderThan(generation - 1);
    return generation;
  }

  /**
   * Drops the pages of generations older than `generation`. The registry entry of one that
   * committed an import still being applied stays (marked dropped): it is what tells readers that
   * the import's staged rows count.
   */
  private async dropOlderThan(generation: number): Promise<void> {
    const running = new Set((await this.markers.find({}, { projection: { _id: 1 } }).toArray()).map((marker) => marker._id));
    const old = (await this.registry.find({}).toArray()).filter((entry) => entry.generation < generation || entry.format !== PAGE_FORMAT);
    for (const entry of old) {
      if (!entry.dropped)
        await this.db
          .collection(entry.collection)
          .drop()
          .catch(() => undefined);
      if ((entry.imports ?? []).some((batch) => running.has(batch))) {
        if (!entry.dropped) await this.registry.updateOne({ _id: entry._id }, { $set: { dropped: true } });
      } else await this.registry.deleteOne({ _id: entry._id });
    }
  }

  private isDead(marker: MarkerDocument): boolean {
    return this.now() - marker.heartbeatAt.getTime() > DEAD_IMPORT_MS;
  }
}

/**
 * The rows an import staged, by page, until it commits. A delta that grows past its budget is
 * dropped from memory and built again from the staged rows at the commit, in passes, so a large
 * import's memory stays bounded without publishing (and so committing) part of it early.
 */
export class BookDelta {
  private pages = new Map<number, PageContent>();
  private rows = 0;
  private overflowed = false;
  private committed = false;
  private lastHeartbeat: number;

  constructor(
    private readonly owner: BookPages,
    private readonly store: PortfolioStore,
    /** The import's batch id, under which its rows are staged. */
    readonly markerId: string,
    private readonly now: () => number,
    private readonly budget = 500_000,
  ) {
    this.lastHeartbeat = now();
  }

  add(kind: ImportKind, document: Record<string, unknown>): void {
    this.rows++;
    if (this.overflowed) return;
    addToPages(this.pages, kind, document, () => true);
  }

  /** After each staged batch: keeps the marker alive, and lets go of the delta when it grows too large. */
  async written(): Promise<void> {
    if (!this.overflowed && this.rows >= this.budget) {
      this.overflowed = true;
      this.pages = new Map();
    }
    await this.keepAlive();
  }

  /**
   * Commits the import: publishes the pages with its rows in the generation that lists it (the
   * moment its rows become visible), then applies the staged rows to the records and closes the
   * journal entry. Returns the generation.
   */
  async finish(): Promise<number | undefined> {
    if (this.rows === 0) {
      await this.owner.endImport(this.markerId);
      return undefined;
    }
    // Pages of an older format (or none while loans exist) are built from the records first: publishing onto no base
    // would leave a generation holding only this import's rows.
    if (await this.owner.needsRebuild(this.store)) await this.owner.rebuild(this.store);
    const passes = this.overflowed ? Math.ceil(this.rows / this.budget) : 1;
    const generation = await this.owner.publish(
      this.overflowed ? (pass, count) => this.stagedDelta(pass, count) : this.pages,
      () => this.keepAlive(),
      [this.markerId],
      passes,
    );
    this.committed = true;
    this.pages = new Map();
    await this.owner.applyBatch(this.store, this.markerId, generation);
    return generation;
  }

  /**
   * Gives up an import that failed before committing: its staged rows go, nothing of it was ever
   * visible. One that failed after committing (while being applied) stays for the next import to apply.
   */
  async abandon(): Promise<void> {
    if (this.committed) return;
    await this.store.discard(this.markerId);
    await this.owner.endImport(this.markerId);
  }

  private async stagedDelta(pass: number, passes: number): Promise<Map<number, PageContent>> {
    const pages = new Map<number, PageContent>();
    for await (const { kind, document } of this.store.stagedRows(this.markerId)) {
      addToPages(pages, kind, document, (page) => page % passes === pass);
      await this.keepAlive();
    }
    return pages;
  }

  private async keepAlive(): Promise<void> {
    if (this.now() - this.lastHeartbeat < HEARTBEAT_MS) return;
    this.lastHeartbeat = this.now();
    await this.owner.heartbeat(this.markerId);
  }
}

function addToPages(pages: Map<number, PageContent>, kind: ImportKind, document: Record<string, unknown>, wanted: (page: number) => boolean): void {
  const record = pageRecord(kind, document);
  if (!record || !wanted(record.page)) return;
  let content = pages.get(record.page);
  if (!content) pages.set(record.page, (content = emptyPage()));
  record.add(content);
}

async function* emptyStream(): AsyncIterable<Buffer> {
  // no pages
}
