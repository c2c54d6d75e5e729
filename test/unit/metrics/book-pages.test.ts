import { obligorSummaries, ObligorSummaryAccumulator } from '../../../server/metrics/obligor-batch';
import { addPageRatings, pageBook, SharedDictionaries } from '../../../server/metrics/page-book';
import type { RatingInput } from '../../../server/metrics/obligor-facts';
import { dateFromDay, dayFromDate, monthEndDay, monthIndexFromText } from '../../../server/ground/calendar';
import { computePortfolioMonth, PortfolioMonthAccumulator } from '../../../server/metrics/portfolio-month';
import { rollRateMatrix, RollRateAccumulator } from '../../../server/metrics/roll-rates';
import { vintageCurves, VintageAccumulator } from '../../../server/metrics/vintages';
import { DEFAULT_METRIC_SETTINGS } from '../../../server/metrics/metric-settings';
import { decodePage, emptyPage, encodePage, mergePage, pageOf, PAGE_COUNT, pageRecord, type PageContent } from '../../../server/portfolio/book-page.codec';
import { normalizeRow, type ImportKind } from '../../../server/portfolio/import-rows';
import { bookFromRecords } from '../../../server/portfolio/synthetic/synthetic-book';
import { syntheticPortfolio } from '../../../server/portfolio/synthetic/synthetic-portfolio';

/** The generated records, with a few explicit and principal-first allocations added, as the import would store them, split into pages. */
function paged(records: ReturnType<typeof generated>) {
  const pages = new Map<number, PageContent>();
  for (const { kind, ...record } of records) {
    const normalized = normalizeRow(kind as ImportKind, record);
    if (!normalized.row) throw new Error(JSON.stringify(normalized.errors));
    const target = pageRecord(kind as ImportKind, normalized.row.document);
    if (!target) continue;
    if (!pages.has(target.page)) pages.set(target.page, emptyPage());
    target.add(pages.get(target.page)!);
  }
  return pages;
}

function generated() {
  const records = [...syntheticPortfolio({ loans: 400, months: 24, seed: 11 })];
  // Every tenth repayment of a monthly loan books itself to its loan's first installment, every seventh pays principal first.
  const firstInstallment = new Map<string, { seq: number; principal: number; interest: number }>();
  let count = 0;
  return records.map((record) => {
    if (record.kind === 'loans')
      firstInstallment.set(record.loanId as string, (record.installments as { seq: number; principal: number; interest: number }[])[0]!);
    if (record.kind !== 'repayments') return record;
    count++;
    const first = firstInstallment.get(record.loanId as string)!;
    if (count % 10 === 0 && first.principal + first.interest >= (record.amount as number)) {
      const interest = Math.min(first.interest, record.amount as number);
      return { ...record, allocation: [{ seq: first.seq, interest, principal: Math.round(((record.amount as number) - interest) * 100) / 100 }] };
    }
    return count % 7 === 0 ? { ...record, allocationOrder: 'principal-first' } : record;
  });
}

test('a page id hash is stable and spreads ids over all pages', () => {
  expect(pageOf('L00000001')).toBe(pageOf('L00000001'));
  const used = new Set(Array.from({ length: 20_000 }, (_, k) => pageOf(`L${String(k).padStart(8, '0')}`)));
  expect(used.size).toBe(PAGE_COUNT);
});

test('a page survives encoding: decode(encode(page)) encodes to the same bytes, and merging a row replaces it by id', () => {
  const pages = paged(generated());
  for (const content of [...pages.values()].slice(0, 50)) {
    const bytes = encodePage(content);
    expect(encodePage(decodePage(bytes)).equals(bytes)).toBe(true);
  }
  const [page, content] = [...pages.entries()][0]!;
  const repayment = [...content.repayments.values()][0]!;
  const changed = mergePage(decodePage(encodePage(content)), {
    ...emptyPage(),
    repayments: new Map([[repayment.repaymentId, { ...repayment, amountCents: 1 }]]),
  });
  expect(changed.repayments.size).toBe(content.repayments.size);
  expect(changed.repayments.get(repayment.repaymentId)!.amountCents).toBe(1);
  expect(page).toBeGreaterThanOrEqual(0);
});

test('reading the book page by page gives exactly the figures of the whole book in memory', () => {
  const records = generated();
  const { book, premiums } = bookFromRecords(records);
  const monthIndex = monthIndexFromText('2026-10');
  const settings = DEFAULT_METRIC_SETTINGS;
  const dictionaries = new SharedDictionaries();
  const month = new PortfolioMonthAccumulator(monthIndex, ['channel', 'customerTier'], settings);
  const obligors = new ObligorSummaryAccumulator(monthEndDay(monthIndex), settings);
  const vintages = new VintageAccumulator(monthIndexFromText('2025-01'), monthIndexFromText('2026-06'), 30, monthIndex);
  const rolls = new RollRateAccumulator(monthIndex, settings);
  for (const content of paged(records).values()) {
    const page = pageBook(encodePage(content), dictionaries);
    month.add(page.book, page.premiums);
    obligors.add(page.book);
    vintages.add(page.book);
    rolls.add(page.book);
  }
  const streamed = month.finish([]);
  const whole = computePortfolioMonth({ book, premiums, financials: [], monthIndex, groupBy: ['channel', 'customerTier'], settings });
  const bySegment = (result: typeof whole) => ({
    total: result.total,
    ...Object.fromEntries(result.segments.map((segment) => [JSON.stringify(segment.segment), segment.figures])),
  });
  // Sums are added in another order, so amounts may differ in the last bits of a double: compare to a thousandth.
  const segments = bySegment(streamed) as unknown as Record<string, Record<string, number | null>>;
  expect(Object.keys(segments).sort()).toEqual(Object.keys(bySegment(whole)).sort());
  for (const [key, figures] of Object.entries(bySegment(whole))) {
    for (const [name, value] of Object.entries(figures)) {
      if (value === null) expect(segments[key]![name]).toBeNull();
      else expect(segments[key]![name]).toBeCloseTo(value, 3);
    }
  }
  expect(whole.total.loanCount).toBe(400);

  const summaries = obligors.finish();
  const expected = obligorSummaries(book, monthEndDay(monthIndex), settings);
  const byObligor = (result: typeof expected) =>
    Object.fromEntries(
      result.obligorIds.map((id, k) => [
        id,
        [result.loanCount[k], result.remainingPrincipal[k], result.overdueAmount[k], result.repaidAmount[k], result.dpd[k], result.bucket[k]],
      ]),
    );
  expect(byObligor(summaries)).toEqual(byObligor(expected));
  expect(vintages.finish()).toEqual(vintageCurves(book, monthIndexFromText('2025-01'), monthIndexFromText('2026-06'), 30, monthIndex));
  const rows = rolls.finish();
  rollRateMatrix(book, monthIndex, settings).forEach((row, position) => {
    expect(rows[position]).toMatchObject({ from: row.from, loanCount: row.loanCount });
    expect(rows[position]!.principalCents).toBeCloseTo(row.principalCents, 3);
  });
});

test('the pages carry every rating of the records, by obligor, and a re-imported rating replaces its day', () => {
  const records = generated();
  const fromRecords = new Map<string, RatingInput[]>();
  for (const record of records) {
    if (record.kind !== 'ratings') continue;
    const list = fromRecords.get(record.obligorId as string) ?? [];
    list.push({
      ratedDay: dayFromDate(record.ratedAt as string),
      score: record.score as number,
      grade: record.grade as string,
      baseline: record.baseline === true,
    });
    fromRecords.set(record.obligorId as string, list);
  }
  expect(fromRecords.size).toBeGreaterThan(100);
  const pages = paged(records);
  const fromPages = new Map<string, RatingInput[]>();
  const dictionaries = new SharedDictionaries();
  for (const content of pages.values()) addPageRatings(fromPages, pageBook(encodePage(content), dictionaries).ratings);
  const byDay = (ratings: Map<string, RatingInput[]>) =>
    Object.fromEntries([...ratings].map(([obligorId, list]) => [obligorId, [...list].sort((a, b) => a.ratedDay - b.ratedDay)]));
  expect(byDay(fromPages)).toEqual(byDay(fromRecords));

  // The same obligor and day again (a corrected rating) replaces the stored one; another day adds one.
  const [obligorId, [first]] = [...fromRecords].find(([, list]) => list.length === 1)!;
  const rated = { obligorId, ratedAt: dateFromDay(first!.ratedDay + 1), score: 1, grade: 'E' };
  const target = pageRecord('ratings', { obligorId, ratedAt: dateFromDay(first!.ratedDay), score: 2, grade: 'D' })!;
  const added = pageRecord('ratings', rated)!;
  const rows = emptyPage();
  target.add(rows);
  added.add(rows);
  const merged = mergePage(decodePage(encodePage(pages.get(target.page)!)), rows);
  const again = new Map<string, RatingInput[]>();
  addPageRatings(again, pageBook(encodePage(merged), dictionaries).ratings);
  expect(again.get(obligorId)).toEqual([
    { ratedDay: first!.ratedDay, score: 2, grade: 'D', baseline: false },
    { ratedDay: first!.ratedDay + 1, score: 1, grade: 'E', baseline: false },
  ]);
});
