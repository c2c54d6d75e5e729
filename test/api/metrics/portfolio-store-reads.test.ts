import { normalizeRow, type ImportKind, type NormalizedRow } from '../../../server/portfolio/import-rows';
import { PortfolioStore } from '../../../server/portfolio/portfolio.store';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * The reads the monitoring and claim-trigger services make of the portfolio go through the store
 * (its mongoose models are its own): plain ratings for a filter, and the claim terms of loans by id.
 */
let app: TestApp;
let store: PortfolioStore;
beforeAll(async () => {
  app = await startTestApp();
  store = new PortfolioStore(app.connection);
});
afterAll(() => app.close());

function row(kind: ImportKind, record: Record<string, unknown>): NormalizedRow {
  const normalized = normalizeRow(kind, record);
  if (!normalized.row) throw new Error(`invalid ${kind}: ${JSON.stringify(normalized.errors)}`);
  return normalized.row;
}

const loan = (loanId: string, terms: Record<string, unknown>) =>
  row('loans', {
    loanId,
    obligorId: 'OB-READS-1',
    policyId: 'P1',
    orgUnit: 'BR-SH',
    product: 'consumer',
    channel: 'app',
    customerTier: 'prime',
    principal: 1000,
    disbursedAt: '2026-01-05',
    installments: [{ seq: 1, dueDate: '2026-02-05', principal: 1000, interest: 10 }],
    ...terms,
  });

test('ratings(filter) yields the plain ratings the filter selects, with the fields monitoring reads', async () => {
  await store.upsert('ratings', [
    row('ratings', { obligorId: 'OB-READS-1', ratedAt: '2026-01-01', score: 700, grade: 'A', baseline: true }),
    row('ratings', { obligorId: 'OB-READS-1', ratedAt: '2026-03-01', score: 640, grade: 'B' }),
    row('ratings', { obligorId: 'OB-READS-2', ratedAt: '2026-02-01', score: 500, grade: 'C' }),
  ]);
  const found: { ratedAt: string }[] = [];
  for await (const rating of store.ratings({ obligorId: 'OB-READS-1' })) found.push(rating);
  expect(found.sort((a, b) => a.ratedAt.localeCompare(b.ratedAt))).toEqual([
    { obligorId: 'OB-READS-1', ratedAt: '2026-01-01', score: 700, grade: 'A', baseline: true },
    { obligorId: 'OB-READS-1', ratedAt: '2026-03-01', score: 640, grade: 'B', baseline: false },
  ]);
  let all = 0;
  for await (const _rating of store.ratings()) all++;
  expect(all).toBe(3);
});

test('loanClaimTerms(ids) returns the claim terms the loan import holds, for the loans that exist', async () => {
  await store.upsert('loans', [
    loan('LN-READS-1', { claimPointDays: 90, claimConditionMetAt: '2026-04-01' }),
    loan('LN-READS-2', { claimPointDays: 60 }),
    loan('LN-READS-3', {}),
  ]);
  const terms = await store.loanClaimTerms(['LN-READS-1', 'LN-READS-2', 'LN-READS-3', 'LN-READS-MISSING']);
  expect(terms.sort((a, b) => a._id.localeCompare(b._id))).toEqual([
    { _id: 'LN-READS-1', claimPointDays: 90, claimConditionMetAt: '2026-04-01' },
    { _id: 'LN-READS-2', claimPointDays: 60 },
    { _id: 'LN-READS-3' },
  ]);
});

test("the mongoose models are the store's own (the type checker refuses a reach past the store)", () => {
  // @ts-expect-error `models` is private: services read the portfolio through the store's methods.
  expect(store.models).toBeDefined();
});
