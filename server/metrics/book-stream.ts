import type { BookPages } from '../portfolio/book-pages';
import type { PortfolioStore } from '../portfolio/portfolio.store';
import { pageBook, SharedDictionaries, type PageBook } from './page-book';

/** Something that adds up the book page by page (the metric accumulators) and gives a result at the end. */
export interface BookConsumer<T> {
  add(page: PageBook): void;
  finish(): T;
}

/** Where the time of a streamed read went: waiting for the database, unpacking pages, computing. */
export interface ReadTiming {
  waitMs: number;
  decodeMs: number;
  computeMs: number;
  pages: number;
  bytes: number;
  loans: number;
}

export function emptyTiming(): ReadTiming {
  return { waitMs: 0, decodeMs: 0, computeMs: 0, pages: 0, bytes: 0, loans: 0 };
}

/**
 * Streams the book pages through a consumer: one page's columns at a time, so memory holds the
 * consumer's sums and the page in hand, not the book. A read that has to start over (the pages
 * changed under it) gets a fresh consumer.
 */
export async function readBook<T>(
  pages: BookPages,
  store: PortfolioStore,
  create: () => BookConsumer<T>,
  timing?: ReadTiming,
  /** Told after each page how many were read (it may throw to stop the read, e.g. when its caller went away). */
  onPage?: (pagesRead: number) => void,
): Promise<T> {
  return pages.read(store, async (stream) => {
    let pagesRead = 0;
    const consumer = create();
    const dictionaries = new SharedDictionaries();
    if (timing) Object.assign(timing, emptyTiming());
    const iterator = stream[Symbol.asyncIterator]();
    for (;;) {
      let mark = performance.now();
      const next = await iterator.next();
      if (timing) timing.waitMs += performance.now() - mark;
      if (next.done) break;
      mark = performance.now();
      const page = pageBook(next.value, dictionaries);
      if (timing) {
        const decoded = performance.now();
        timing.decodeMs += decoded - mark;
        mark = decoded;
      }
      consumer.add(page);
      if (timing) {
        timing.computeMs += performance.now() - mark;
        timing.pages++;
        timing.bytes += next.value.length;
        timing.loans += page.book.size;
      }
      onPage?.(++pagesRead);
    }
    return consumer.finish();
  });
}
