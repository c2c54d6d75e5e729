import { createHash } from 'node:crypto';
import path from 'node:path';
import { monthIndexFromText } from '../../../server/ground/calendar';
import { DEFAULT_METRIC_SETTINGS } from '../../../server/metrics/metric-settings';
import { computePortfolioMonth } from '../../../server/metrics/portfolio-month';
import { SchemaRegistry } from '../../../server/http/schema-registry';
import { normalizeRow, ROW_SCHEMAS, type ImportKind } from '../../../server/portfolio/import-rows';
import { bookFromRecords } from '../../../server/portfolio/synthetic/synthetic-book';
import { syntheticPortfolio, type SyntheticRecord } from '../../../server/portfolio/synthetic/synthetic-portfolio';

const OPTIONS = { loans: 6000, months: 24, seed: 11 };
const records: SyntheticRecord[] = [...syntheticPortfolio(OPTIONS)];
const ofKind = (kind: string) => records.filter((record) => record.kind === kind);
const hash = (list: Iterable<SyntheticRecord>) => {
  const digest = createHash('sha256');
  for (const record of list) digest.update(JSON.stringify(record));
  return digest.digest('hex');
};

test('the same seed gives the same portfolio; another seed another one', () => {
  expect(hash(syntheticPortfolio(OPTIONS))).toBe(hash(records));
  expect(hash(syntheticPortfolio({ ...OPTIONS, seed: 12 }))).not.toBe(hash(records));
});

test('every generated record passes the import schemas and checks', () => {
  const schemas = new SchemaRegistry(path.resolve(__dirname, '../../../schemas'));
  const problems: unknown[] = [];
  for (const { kind, ...record } of records) {
    const errors = schemas.check(ROW_SCHEMAS[kind as ImportKind], record);
    const normalized = errors.length === 0 ? normalizeRow(kind as ImportKind, record) : { errors };
    if (normalized.errors) problems.push({ kind, record, errors: normalized.errors });
  }
  expect(problems.slice(0, 3)).toEqual([]);
});

test('loan sizes and terms look like the domain brief; the awkward cases are there', () => {
  const consumer = ofKind('loans').filter((loan) => loan.product === 'consumer');
  const amounts = consumer.map((loan) => loan.principal as number).sort((a, b) => a - b);
  const median = amounts[Math.floor(amounts.length / 2)]!;
  expect(median).toBeGreaterThan(15_000);
  expect(median).toBeLessThan(26_000);
  expect(amounts[0]).toBeGreaterThanOrEqual(1_000);
  expect(amounts.at(-1)).toBeLessThanOrEqual(200_000);
  const twelve = consumer.filter((loan) => (loan.installments as unknown[]).length === 12).length / consumer.length;
  expect(twelve).toBeGreaterThan(0.35);
  expect(twelve).toBeLessThan(0.55);
  expect(ofKind('repayments').filter((repayment) => repayment.payeeAccountType === 'personal')).toHaveLength(1);
  expect(ofKind('repayments').filter((repayment) => repayment.paymentMethod === 'cash')).toHaveLength(1);
  expect(ofKind('loans').some((loan) => (loan.installments as unknown[]).length === 1)).toBe(true); // bullet
  expect(ofKind('loans').some((loan) => loan.product === 'sme')).toBe(true); // interest-only then principal
  expect(ofKind('claims').length).toBeGreaterThan(0);
  expect(ofKind('recoveries').length).toBeGreaterThan(0);
  expect(new Set(ofKind('loans').map((loan) => loan.obligorId)).size).toBeLessThan(OPTIONS.loans); // obligors with two loans
});

test("portfolio figures land in the brief's ranges and differ by customer tier", () => {
  const { book, premiums } = bookFromRecords(records);
  const result = computePortfolioMonth({
    book,
    premiums,
    financials: [],
    monthIndex: monthIndexFromText('2026-09'),
    groupBy: ['customerTier'],
    settings: DEFAULT_METRIC_SETTINGS,
  });
  expect(result.total.overdueRate).toBeGreaterThan(0.01);
  expect(result.total.overdueRate).toBeLessThan(0.08);
  expect(result.total.m0_1).toBeGreaterThan(0.005);
  expect(result.total.m0_1).toBeLessThan(0.05);
  expect(result.total.over180Principal).toBeGreaterThan(0); // defaulted loans never claimed
  const rate = (tier: string) => result.segments.find((segment) => segment.segment.customerTier === tier)!.figures.overdueRate!;
  expect(rate('subprime')).toBeGreaterThan(rate('prime'));
});
