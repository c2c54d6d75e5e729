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
  installments: [{ seq: 1, dueDate: '2025-02-15', principal: 1200, interest: 10 }],
  ...overrides,
});

const ndjson = (lines: string[]) =>
  app.request<ImportResult>('POST', '/api/v1/portfolio/import', { rawBody: lines.join('\n'), headers: { 'content-type': 'application/x-ndjson' } });
const csv = (kind: string, lines: string[]) =>
  app.request<ImportResult>('POST', `/api/v1/portfolio/import/${kind}`, { rawBody: lines.join('\n'), headers: { 'content-type': 'text/csv' } });

test('dates before the year 1900 and short years are refused with a field error, not read as 19xx', async () => {
  const response = await app.request<ImportResult>('POST', '/api/v1/portfolio/import', {
    body: {
      loans: [
        loan('Y1', { disbursedAt: '0099-01-01' }),
        loan('Y2', { disbursedAt: '99-1-1' }),
        loan('Y3', { installments: [{ seq: 1, dueDate: '0025-02-15', principal: 1200, interest: 10 }] }),
        loan('Y4'),
      ],
      financials: [
        {
          month: '0099-01',
          earnedPremium: 1,
          claimsPaid: 0,
          recoveries: 0,
          cededClaimsRecovered: 0,
          assumedClaimsPaid: 0,
          outstandingClaimReserveProvision: 0,
          cededReserveRecovered: 0,
          operatingExpenses: 0,
          cededExpensesRecovered: 0,
          commissions: 0,
          reinsuranceExpenses: 0,
          taxesAndSurcharges: 0,
        },
      ],
    },
  });
  expect(response.status).toBe(200);
  expect(response.body.accepted).toEqual({ loans: 1 });
  const byRow = Object.fromEntries(response.body.rejected.map((row) => [`${row.kind}#${row.index}`, row.errors.map((error) => error.path)]));
  expect(byRow).toEqual({
    'loans#0': expect.arrayContaining(['/disbursedAt']),
    'loans#1': expect.arrayContaining(['/disbursedAt']),
    'loans#2': expect.arrayContaining(['/installments/0/dueDate']),
    'financials#0': expect.arrayContaining(['/month']),
  });
  // Nothing of the refused rows was stored as a 20th-century date.
  expect(await app.connection.collection('portfolio_loans').countDocuments({ disbursedAt: { $lt: '1900' } })).toBe(0);
});

test('a leading byte order mark does not cost the first row of NDJSON, CSV or JSON', async () => {
  const first = await ndjson([`\ufeff${JSON.stringify({ kind: 'loans', ...loan('BOM1') })}`, JSON.stringify({ kind: 'loans', ...loan('BOM2') })]);
  expect(first.body).toMatchObject({ accepted: { loans: 2 }, rejectedCount: 0 });
  const second = await csv('repayments', ['\ufeffrepaymentId,loanId,paidAt,amount', 'BOMR1,BOM1,2025-02-15,10', 'BOMR2,BOM1,2025-02-16,10']);
  expect(second.body).toMatchObject({ accepted: { repayments: 2 }, rejectedCount: 0 });
  const third = await app.request<ImportResult>('POST', '/api/v1/portfolio/import', {
    rawBody: `\ufeff${JSON.stringify({ loans: [loan('BOM3')] })}`,
    headers: { 'content-type': 'application/json' },
  });
  expect(third.status).toBe(200);
  expect(third.body).toMatchObject({ accepted: { loans: 1 }, rejectedCount: 0 });
});

test('CSV numbers follow JSON number rules: hex, binary, Infinity, NaN and signs or dots JSON does not allow are refused', async () => {
  await ndjson([JSON.stringify({ kind: 'loans', ...loan('NUM1') })]);
  const cells = ['0x10', '0b1', 'Infinity', '-Infinity', 'NaN', '.5', '5.', '+5', '1_000', '1e400', '1 000', '１０'];
  const response = await csv('repayments', ['repaymentId,loanId,paidAt,amount', ...cells.map((cell, position) => `NUMR${position},NUM1,2025-02-15,"${cell}"`)]);
  expect(response.status).toBe(200);
  expect(response.body.accepted).toEqual({});
  expect(response.body.rejected.map((row) => [row.id, row.errors.map((error) => error.path)])).toEqual(
    cells.map((_cell, position) => [`NUMR${position}`, ['/amount']]),
  );
});

test('numbers JSON allows are taken in every format alike; an empty or blank CSV cell is an absent field', async () => {
  await ndjson([JSON.stringify({ kind: 'loans', ...loan('NUM2') })]);
  const accepted = await csv('repayments', [
    'repaymentId,loanId,paidAt,amount',
    'NUMA1,NUM2,2025-02-15,1e1',
    'NUMA2,NUM2,2025-02-15, 12.5 ',
    'NUMA3,NUM2,2025-02-15,-0',
  ]);
  // -0 is a number (JSON allows it) but not a positive amount: refused by the amount rule, as in JSON.
  expect(accepted.body.accepted).toEqual({ repayments: 2 });
  expect(accepted.body.rejected.map((row) => [row.id, row.errors[0]!.path])).toEqual([['NUMA3', '/amount']]);
  const stored = await app.connection.collection('portfolio_repayments').find({ loanId: 'NUM2' }).sort({ _id: 1 }).toArray();
  expect(stored.map((row) => row.amountCents)).toEqual([1000, 1250]);

  const json = await ndjson([
    JSON.stringify({ kind: 'repayments', repaymentId: 'NUMJ1', loanId: 'NUM2', paidAt: '2025-02-15', amount: 1e1 }),
    '{"kind":"repayments","repaymentId":"NUMJ2","loanId":"NUM2","paidAt":"2025-02-15","amount":"10"}',
  ]);
  expect(json.body.accepted).toEqual({ repayments: 1 });
  expect(json.body.rejected.map((row) => [row.id, row.errors[0]!.path])).toEqual([['NUMJ2', '/amount']]);

  const blank = await csv('repayments', ['repaymentId,loanId,paidAt,amount', 'NUMB1,NUM2,2025-02-15,', 'NUMB2,NUM2,2025-02-15,   ']);
  expect(blank.body.rejected.map((row) => [row.id, row.errors[0]!.path, row.errors[0]!.message])).toEqual([
    ['NUMB1', '/amount', 'is required'],
    ['NUMB2', '/amount', 'is required'],
  ]);
});
