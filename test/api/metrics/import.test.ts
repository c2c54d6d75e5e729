import { startTestApp, type TestApp } from '../../support/test-app';
import type { ImportResult } from '../../../server/generated/schema-types';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const loan = (loanId: string, overrides: Record<string, unknown> = {}) => ({
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
  ...overrides,
});

const importJson = (body: unknown) => app.request<ImportResult>('POST', '/api/v1/portfolio/import', { body });

test('a JSON import lands valid rows of every kind and lists each rejected row with its reasons', async () => {
  const response = await importJson({
    loans: [loan('J1'), loan('J2', { disbursedAt: '2025-02-30' }), loan('J3', { principal: -5 }), loan('J1')],
    repayments: [
      { repaymentId: 'JR1', loanId: 'J1', paidAt: '2025-02-15', amount: 410 },
      { repaymentId: 'JR2', loanId: 'NO-SUCH-LOAN', paidAt: '2025-02-15', amount: 410 },
      { repaymentId: 'JR3', loanId: 'J1', paidAt: '2025-03-15', amount: 10.005 },
    ],
    claims: [{ claimId: 'JC1', loanId: 'J1', paidAt: '2025-06-01', amount: 800 }],
    recoveries: [{ recoveryId: 'JV1', loanId: 'J1', receivedAt: '2025-07-01', amount: 50 }],
    premiums: [{ premiumId: 'JP1', policyId: 'P1', orgUnit: 'BR-SH', dueDate: '2025-01-15', amount: 30 }],
    ratings: [{ obligorId: 'OB-J1', ratedAt: '2025-01-15', score: 700, grade: 'B' }],
    financials: [
      {
        month: '2025-01',
        earnedPremium: 1,
        claimsPaid: 0,
        recoveries: 0,
        cededClaimsRecovered: 0,
        assumedClaimsPaid: 0,
        outstandingClaimReserveProvision: -1,
        cededReserveRecovered: 0,
        operatingExpenses: 0,
        cededExpensesRecovered: 0,
        commissions: 0,
        reinsuranceExpenses: 0,
        taxesAndSurcharges: 0,
      },
    ],
  });
  expect(response.status).toBe(200);
  expect(response.body.accepted).toEqual({ loans: 1, repayments: 1, claims: 1, recoveries: 1, premiums: 1, ratings: 1, financials: 1 });
  expect(response.body.rejectedCount).toBe(5);
  const reasons = Object.fromEntries(response.body.rejected.map((row) => [`${row.kind}#${row.index}`, row]));
  expect(reasons['loans#1']).toMatchObject({ id: 'J2', errors: [expect.objectContaining({ path: '/disbursedAt' })] });
  expect(reasons['loans#2']).toMatchObject({
    id: 'J3',
    errors: expect.arrayContaining([expect.objectContaining({ path: '/principal', message: expect.stringMatching(/>= 0/) })]),
  });
  expect(reasons['loans#3']!.errors[0]!.message).toMatch(/duplicate id in this import \(first at index 0\)/);
  expect(reasons['repayments#1']).toMatchObject({ id: 'JR2', errors: [{ path: '/loanId', message: 'no loan NO-SUCH-LOAN is known' }] });
  expect(reasons['repayments#2']).toMatchObject({ id: 'JR3', errors: [{ path: '/amount', message: 'must have at most two decimals' }] });
});

test('re-importing the same rows upserts them: counts stay, values are replaced', async () => {
  const first = await importJson({ loans: [loan('R1')], repayments: [{ repaymentId: 'RR1', loanId: 'R1', paidAt: '2025-02-15', amount: 410 }] });
  const second = await importJson({ loans: [loan('R1')], repayments: [{ repaymentId: 'RR1', loanId: 'R1', paidAt: '2025-02-15', amount: 200 }] });
  expect(first.body.accepted).toEqual({ loans: 1, repayments: 1 });
  expect(second.body.accepted).toEqual({ loans: 1, repayments: 1 });
  const platform = app.connection;
  expect(await platform.collection('portfolio_loans').countDocuments({ loanId: 'R1' })).toBe(1);
  const repayments = await platform.collection('portfolio_repayments').find({ repaymentId: 'RR1' }).toArray();
  expect(repayments).toHaveLength(1);
  expect(repayments[0]!.amountCents).toBe(20000);
  // The loan's org unit is copied onto its repayments (for branch scoping).
  expect(repayments[0]!.orgUnit).toBe('BR-SH');
});

test('re-importing more rows than the database has connections finishes (updates go in bounded commands)', async () => {
  // 150 replace statements in one bulk command exhausted FerretDB's pool of 100 connections and never answered.
  const loans = Array.from({ length: 150 }, (_unused, index) => loan(`BULK${index}`));
  expect((await importJson({ loans })).body.accepted).toEqual({ loans: 150 });
  const again = await importJson({ loans: loans.map((row) => ({ ...row, principal: 1200, customerTier: 'subprime' })) });
  expect(again.body.accepted).toEqual({ loans: 150 });
  expect(await app.connection.collection('portfolio_loans').countDocuments({ loanId: /^BULK/, customerTier: 'subprime' })).toBe(150);
});

test('a schedule whose principals do not add up, or that runs backwards, is rejected whole', async () => {
  const response = await importJson({
    loans: [
      loan('S1', { principal: 1300 }),
      loan('S2', {
        installments: [
          { seq: 1, dueDate: '2025-03-15', principal: 600, interest: 0 },
          { seq: 2, dueDate: '2025-02-15', principal: 600, interest: 0 },
        ],
      }),
    ],
  });
  expect(response.body.accepted).toEqual({});
  expect(response.body.rejected.map((row) => row.errors[0]!.message)).toEqual([
    'installment principals add up to 1200, not the loan principal 1300',
    'installment 2 falls due before installment 1',
  ]);
  expect(await app.connection.collection('portfolio_loans').countDocuments({ loanId: { $in: ['S1', 'S2'] } })).toBe(0);
});

test('NDJSON streams line by line: loans before their repayments, bad lines reported by line number', async () => {
  const lines = [
    JSON.stringify({ kind: 'loans', ...loan('N1') }),
    '{ this is not json',
    JSON.stringify({ kind: 'repayments', repaymentId: 'NR1', loanId: 'N1', paidAt: '2025-02-15', amount: 410 }),
    '',
    JSON.stringify({ kind: 'repayments', repaymentId: 'NR2', loanId: 'N1', paidAt: '2025-13-01', amount: 410 }),
    JSON.stringify({ kind: 'repayments', repaymentId: 'NR1', loanId: 'N1', paidAt: '2025-02-16', amount: 1 }),
    JSON.stringify({ kind: 'gifts', id: 1 }),
  ];
  const response = await app.request<ImportResult>('POST', '/api/v1/portfolio/import', {
    rawBody: lines.join('\n'),
    headers: { 'content-type': 'application/x-ndjson' },
  });
  expect(response.status).toBe(200);
  expect(response.body.accepted).toEqual({ loans: 1, repayments: 1 });
  expect(response.body.rejected.map((row) => [row.index, row.kind, row.errors[0]!.message])).toEqual([
    [2, 'unknown', expect.stringMatching(/^not valid JSON/)],
    [5, 'repayments', expect.stringMatching(/date/)],
    [6, 'repayments', 'duplicate id in this import (first at index 3)'],
    [7, 'gifts', expect.stringMatching(/^must be one of loans, repayments/)],
  ]);
});

test('CSV per kind: typed cells, installments as JSON, malformed records reported while the rest land', async () => {
  const installments = JSON.stringify(loan('x').installments).replace(/"/g, '""');
  const loans = [
    'loanId,obligorId,policyId,orgUnit,product,channel,customerTier,principal,disbursedAt,retentionShare,installments',
    `C1,OB-C1,P1,BR-BJ,consumer,broker,prime,1200,2025-01-15,0.8,"${installments}"`,
    `C2,OB-C2,P1,BR-BJ,consumer,broker,prime,abc,2025-01-15,0.8,"${installments}"`,
    `C3,OB-C3,P1,BR-BJ,consumer,broker,prime,1200,2025-01-15`,
    `C4,OB-C4,P1,BR-BJ,consumer,broker,prime,1200,2025-01-15,1,"${installments}"`,
  ].join('\n');
  const response = await app.request<ImportResult>('POST', '/api/v1/portfolio/import/loans', { rawBody: loans, headers: { 'content-type': 'text/csv' } });
  expect(response.status).toBe(200);
  expect(response.body.accepted).toEqual({ loans: 2 });
  expect(response.body.rejected.map((row) => [row.index, row.errors[0]!.message])).toEqual([
    [3, '"abc" is not a number'],
    [4, expect.stringMatching(/^malformed CSV/)],
  ]);
  const stored = await app.connection.collection('portfolio_loans').findOne({ loanId: 'C1' });
  expect(stored).toMatchObject({ retentionShare: 0.8, principalCents: 120000 });

  const repayments = ['repaymentId,loanId,paidAt,amount', 'CR1,C1,2025-02-15,410', 'CR2,C1,2025-02-15,-3', 'CR3,C9,2025-02-15,1', 'CR4,C1,"2025-02-15,5'].join(
    '\n',
  );
  const second = await app.request<ImportResult>('POST', '/api/v1/portfolio/import/repayments', {
    rawBody: repayments,
    headers: { 'content-type': 'text/csv' },
  });
  expect(second.status).toBe(200);
  expect(second.body.accepted).toEqual({ repayments: 1 });
  expect(second.body.rejected.map((row) => row.id)).toEqual(['CR2', 'CR3', null]);
  expect(second.body.rejected[2]!.errors[0]!.message).toMatch(/^malformed CSV/);
  // C1 came in the earlier import: its org unit is looked up and copied onto the repayment.
  expect(await app.connection.collection('portfolio_repayments').findOne({ _id: 'CR1' as never })).toMatchObject({ orgUnit: 'BR-BJ', amountCents: 41000 });
});

test('imports need an importing role, an accepted content type and a known kind', async () => {
  const auditor = await app.createUserAndLogin('auditor1', ['auditor']);
  expect((await app.request('POST', '/api/v1/portfolio/import', { body: { loans: [] }, as: auditor })).status).toBe(403);
  expect((await app.request('POST', '/api/v1/portfolio/import', { rawBody: 'x', headers: { 'content-type': 'text/plain' } })).status).toBe(415);
  expect((await app.request('POST', '/api/v1/portfolio/import/gifts', { rawBody: 'a\n1', headers: { 'content-type': 'text/csv' } })).status).toBe(404);
  const malformed = await app.request<{ error: { code: string } }>('POST', '/api/v1/portfolio/import', {
    rawBody: '{"loans": [',
    headers: { 'content-type': 'application/json' },
  });
  expect(malformed.status).toBe(400);
  expect(malformed.body.error.code).toBe('malformed_json');
});
