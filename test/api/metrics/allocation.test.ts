import { startTestApp, type TestApp } from '../../support/test-app';
import type { ImportResult } from '../../../server/generated/schema-types';

interface LoanFacts {
  loanId: string;
  facts: Record<string, unknown>;
}

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

// 1,200 from 2025-01-15 in three installments of 400 principal + 10 interest due 2025-02-15 (seq 1), 03-15 (seq 2), 04-15 (seq 3).
const loan = (loanId: string) => ({
  loanId,
  obligorId: `OB-${loanId}`,
  policyId: 'P1',
  orgUnit: 'BR-SH',
  product: 'consumer',
  channel: 'online',
  customerTier: 'prime',
  principal: 1200,
  disbursedAt: '2025-01-15',
  installments: [
    { seq: 1, dueDate: '2025-02-15', principal: 400, interest: 10 },
    { seq: 2, dueDate: '2025-03-15', principal: 400, interest: 10 },
    { seq: 3, dueDate: '2025-04-15', principal: 400, interest: 10 },
  ],
});
const repayment = (repaymentId: string, loanId: string, paidAt: string, amount: number, allocation: [number, number, number][]) => ({
  repaymentId,
  loanId,
  paidAt,
  amount,
  allocation: allocation.map(([seq, principal, interest]) => ({ seq, principal, interest })),
});

const obligorFacts = (obligorId: string, asOf: string) =>
  app.request<{ facts: Record<string, unknown>; loans: LoanFacts[] }>('GET', `/api/v1/metrics/obligors/${obligorId}?asOf=${asOf}`);

test('repayments that name their allocation: JSON, CSV and NDJSON imports, row-level errors, obligor and portfolio facts', async () => {
  const json = await app.request<ImportResult>('POST', '/api/v1/portfolio/import', {
    body: {
      loans: [loan('A1'), loan('A2')],
      repayments: [
        repayment('AR1', 'A1', '2025-03-20', 410, [[2, 400, 10]]),
        repayment('AR2', 'A1', '2025-03-20', 410, [[7, 400, 10]]),
        repayment('AR3', 'A1', '2025-03-20', 410, [[3, 405, 5]]),
        repayment('AR4', 'A1', '2025-03-20', 410, [[3, 400, 5]]),
        repayment('AR5', 'A1', '2025-03-20', 410, [[3, -400, 10]]),
        { ...repayment('AR6', 'A1', '2025-03-20', 410, [[3, 400, 10]]), allocationOrder: 'principal-first' },
      ],
    },
  });
  expect(json.status).toBe(200);
  expect(json.body.accepted).toEqual({ loans: 2, repayments: 1 });
  const errors = Object.fromEntries(json.body.rejected.map((row) => [row.id, row.errors]));
  expect(errors.AR2).toEqual([{ path: '/allocation/0/seq', message: 'loan A1 has no installment 7' }]);
  expect(errors.AR3).toEqual([{ path: '/allocation/0/principal', message: "more than installment 3's principal of 400" }]);
  expect(errors.AR4).toEqual([{ path: '/allocation', message: 'the parts add up to 405, not the amount 410' }]);
  expect(errors.AR5).toEqual([expect.objectContaining({ path: '/allocation/0/principal', message: expect.stringMatching(/>= 0/) })]);
  expect(errors.AR6).toEqual([{ path: '/allocationOrder', message: 'give either allocation or allocationOrder, not both' }]);
  expect(await app.connection.collection('portfolio_repayments').findOne({ _id: 'AR1' as never })).toMatchObject({
    amountCents: 41000,
    allocation: [{ seq: 2, principalCents: 40000, interestCents: 1000 }],
  });

  // CSV: one installment per line in flat columns (or a JSON allocation cell), and a named order.
  const csv = [
    'repaymentId,loanId,paidAt,amount,allocationSeq,allocationPrincipal,allocationInterest,allocationOrder',
    'BR1,A2,2025-02-20,300,,,,principal-first',
    'BR2,A2,2025-03-15,410,2,400,10,',
    'BR3,A2,2025-03-15,410,2,400,,',
    'BR4,A2,2025-03-15,10,9,0,10,',
  ].join('\n');
  const fromCsv = await app.request<ImportResult>('POST', '/api/v1/portfolio/import/repayments', { rawBody: csv, headers: { 'content-type': 'text/csv' } });
  expect(fromCsv.status).toBe(200);
  expect(fromCsv.body.accepted).toEqual({ repayments: 2 });
  expect(fromCsv.body.rejected.map((row) => [row.index, row.id, row.errors[0]!.path])).toEqual([
    [4, 'BR3', '/allocationInterest'],
    [5, 'BR4', '/allocation/0/seq'],
  ]);

  // NDJSON: A3 pays seq 1 on time by an explicit booking (the same as the default would do).
  const ndjson = [
    JSON.stringify({ kind: 'loans', ...loan('A3') }),
    JSON.stringify({ kind: 'repayments', ...repayment('CR1', 'A3', '2025-02-15', 410, [[1, 400, 10]]) }),
  ].join('\n');
  const fromNdjson = await app.request<ImportResult>('POST', '/api/v1/portfolio/import', {
    rawBody: ndjson,
    headers: { 'content-type': 'application/x-ndjson' },
  });
  expect(fromNdjson.body).toMatchObject({ accepted: { loans: 1, repayments: 1 }, rejectedCount: 0 });

  // A1 on 2025-03-20: the 410 paid seq 2, so seq 1 (due 02-15) is 33 days past due: M2, 410 overdue, 1,200 - 400 = 800 left.
  const a1 = await obligorFacts('OB-A1', '2025-03-20');
  expect(a1.status).toBe(200);
  expect(a1.body.loans[0]!.facts).toMatchObject({
    dpd: 33,
    bucket: 'M2',
    overdueAmount: 410,
    remainingPrincipal: 800,
    installmentsPaid: 1,
    repaidAmount: 410,
    nextDueDate: '2025-04-15',
  });
  // A2 on 2025-03-20: 300 principal-first left seq 1 owing 100 + 10; seq 2 booked in full. dpd 33, overdue 110,
  // 1,200 - 300 - 400 = 500 left (interest first, the 300 would have paid 10 + 290 and left 510).
  const a2 = await obligorFacts('OB-A2', '2025-03-20');
  expect(a2.body.facts).toMatchObject({ dpd: 33, bucket: 'M2', overdueAmount: 110, remainingPrincipal: 500, installmentsPaid: 1, repaidAmount: 710 });

  // March 2025 month end: A1 44 dpd (M2, 800), A2 44 dpd (M2, 500), A3 owes seq 2 since 03-15: 16 dpd (M1, 800).
  const march = await app.request<{ total: { metrics: Record<string, number | null> } }>('GET', '/api/v1/metrics/portfolio?month=2025-03');
  expect(march.body.total.metrics).toMatchObject({ m0Principal: 0, m1Principal: 800, m2Principal: 1300, remainingPrincipal: 2100 });
});
