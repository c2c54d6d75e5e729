import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * The obligor page reads the obligor's own rows once (its loans by the indexed obligorId, their
 * payments by loanId), not once per month of its timeline: its cost is the obligor's rows.
 */
let app: TestApp;

const loan = (loanId: string, obligorId: string) => ({
  loanId,
  obligorId,
  orgUnit: 'HQ',
  channel: 'branch',
  policyId: 'P1',
  product: 'consumer',
  customerTier: 'prime',
  principal: 1000,
  disbursedAt: '2025-01-10',
  installments: Array.from({ length: 10 }, (_, position) => ({
    seq: position + 1,
    dueDate: `2025-${String(position + 2).padStart(2, '0')}-10`,
    principal: 100,
    interest: 0,
  })),
});
const paid = (loanId: string, months: number[]) =>
  months.map((month) => ({ repaymentId: `${loanId}-${month}`, loanId, paidAt: `2025-${String(month).padStart(2, '0')}-10`, amount: 100 }));

beforeAll(async () => {
  app = await startTestApp();
  const imported = await app.request<{ rejectedCount: number }>('POST', '/api/v1/portfolio/import', {
    body: { loans: [loan('A', 'O1'), loan('B', 'O1'), loan('C', 'O2')], repayments: [...paid('A', [2, 3, 4]), ...paid('B', [2]), ...paid('C', [2, 3])] },
  });
  expect(imported.body.rejectedCount).toBe(0);
}, 60_000);
afterAll(() => app.close());

test("the obligor page's timeline of month ends comes from one read of the obligor's loans", async () => {
  const { reads } = app.platform.services.metrics;
  const before = reads.bookLoads;
  const page = await app.request<{ timeline: { asOf: string; facts: { loanCount: number; overdueAmount: number } }[] }>(
    'GET',
    '/api/v1/obligors/O1/monitoring?asOf=2025-06-30&months=12',
  );
  expect(page.status).toBe(200);
  // Month ends from January 2025 (the loans' disbursement) to May, then the day itself.
  expect(page.body.timeline.map((entry) => entry.asOf)).toEqual(['2025-01-31', '2025-02-28', '2025-03-31', '2025-04-30', '2025-05-31', '2025-06-30']);
  expect(page.body.timeline.every((entry) => entry.facts.loanCount === 2)).toBe(true);
  expect(page.body.timeline.at(-1)!.facts.overdueAmount).toBe(600);
  expect(reads.bookLoads - before).toBe(1);
});
