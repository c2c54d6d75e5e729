import { startTestApp, type TestApp } from '../../support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  // The book as it stood at the end of July, declared complete through then: months up to July are final and kept as snapshots.
  const imported = await app.request<{ accepted: Record<string, number>; rejectedCount: number }>(
    'POST',
    '/api/v1/portfolio/import?completeThrough=2025-07-31',
    { body: PORTFOLIO },
  );
  expect(imported.body).toMatchObject({
    rejectedCount: 0,
    accepted: { loans: 4, repayments: 11, claims: 1, premiums: 2, ratings: 2, financials: 2 },
    dataCompleteThrough: '2025-07-31',
  });
});
afterAll(() => app.close());

const tenth = (firstMonth: number, count: number, year = 2025) =>
  Array.from({ length: count }, (_, position) => ({
    seq: position + 1,
    dueDate: `${year + Math.floor((firstMonth - 1 + position) / 12)}-${String(((firstMonth - 1 + position) % 12) + 1).padStart(2, '0')}-10`,
    principal: 100,
    interest: 0,
  }));
const common = { policyId: 'P1', product: 'consumer', customerTier: 'prime', principal: 1000, disbursedAt: '2025-01-10', installments: tenth(2, 10) };
const paid = (loanId: string, months: number[]) =>
  months.map((month) => ({ repaymentId: `${loanId}-${month}`, loanId, paidAt: `2025-${String(month).padStart(2, '0')}-10`, amount: 100 }));

/*
 * Four loans of 1,000 from 2025-01-10, ten installments of 100 due on the 10th (Feb-Nov 2025):
 *  A (online, BR-SH, obligor O1) pays Feb-Jun -> 30 Jun: 500 left, M0 (31 May: 600 M0)
 *  B (online, BR-SH, obligor O1) pays Feb-May -> 30 Jun: 600 left, 20 dpd, M1 (31 May: 600 M0)
 *  C (online, BR-BJ, obligor O2) pays Feb-Apr -> 30 Jun: 700 left, 51 dpd, M2
 *  E (branch, BR-BJ, obligor O3) pays Feb; claim of 900 paid 2025-06-12 -> claimed (31 May: 900, M3)
 */
const PORTFOLIO = {
  loans: [
    { ...common, loanId: 'A', obligorId: 'O1', orgUnit: 'BR-SH', channel: 'online' },
    { ...common, loanId: 'B', obligorId: 'O1', orgUnit: 'BR-SH', channel: 'online' },
    { ...common, loanId: 'C', obligorId: 'O2', orgUnit: 'BR-BJ', channel: 'online' },
    { ...common, loanId: 'E', obligorId: 'O3', orgUnit: 'BR-BJ', channel: 'branch' },
  ],
  repayments: [...paid('A', [2, 3, 4, 5, 6]), ...paid('B', [2, 3, 4, 5]), ...paid('C', [2, 3, 4]).slice(0, 1), ...paid('E', [2])],
  claims: [{ claimId: 'CE', loanId: 'E', approvedAt: '2025-06-05', paidAt: '2025-06-12', amount: 900 }],
  premiums: [
    { premiumId: 'PA', policyId: 'P1', loanId: 'A', orgUnit: 'BR-SH', dueDate: '2025-06-15', amount: 30, receivedAmount: 20, receivedAt: '2025-06-20' },
    { premiumId: 'PX', policyId: 'P9', orgUnit: 'BR-GD', dueDate: '2025-06-01', amount: 12.34 },
  ],
  ratings: [
    { obligorId: 'O1', ratedAt: '2025-01-10', score: 720, grade: 'B' },
    { obligorId: 'O1', ratedAt: '2025-06-01', score: 640, grade: 'C' },
  ],
  financials: [
    {
      month: '2025-06',
      orgUnit: 'BR-SH',
      earnedPremium: 200,
      claimsPaid: 0,
      recoveries: 0,
      cededClaimsRecovered: 0,
      assumedClaimsPaid: 0,
      outstandingClaimReserveProvision: 10,
      cededReserveRecovered: 0,
      operatingExpenses: 40,
      cededExpensesRecovered: 0,
      commissions: 10,
      reinsuranceExpenses: 0,
      taxesAndSurcharges: 0,
    },
    {
      month: '2025-06',
      earnedPremium: 1000,
      claimsPaid: 900,
      recoveries: 0,
      cededClaimsRecovered: 0,
      assumedClaimsPaid: 0,
      outstandingClaimReserveProvision: 0,
      cededReserveRecovered: 0,
      operatingExpenses: 100,
      cededExpensesRecovered: 0,
      commissions: 0,
      reinsuranceExpenses: 0,
      taxesAndSurcharges: 0,
    },
  ],
};
// C pays only Feb in this set (slice(0, 1)), so it is 110 dpd at 30 Jun (unpaid since 10 Mar): M3 with 900 left.

interface Metrics {
  [name: string]: number | null;
}
interface PortfolioFacts {
  month: string;
  groupBy: string[];
  segments: { segment: Record<string, string>; metrics: Metrics }[];
  total: { metrics: Metrics };
  snapshot: boolean;
  computedAt: string;
}

test('obligor facts over HTTP: yuan amounts, loans and their aggregate, rating drop', async () => {
  const response = await app.request<{
    obligorId: string;
    asOf: string;
    facts: Record<string, unknown>;
    loans: { loanId: string; facts: Record<string, unknown> }[];
  }>('GET', '/api/v1/metrics/obligors/O1?asOf=2025-06-30');
  expect(response.status).toBe(200);
  expect(response.body.asOf).toBe('2025-06-30');
  expect(response.body.loans.map((loan) => [loan.loanId, loan.facts.bucket, loan.facts.remainingPrincipal, loan.facts.dpd])).toEqual([
    ['A', 'M0', 500, 0],
    ['B', 'M1', 600, 20],
  ]);
  // 1,000 + 1,000 lent; 500 + 400 repaid; B's 10 Jun installment (100) overdue; score 720 -> 640.
  expect(response.body.facts).toMatchObject({
    loanCount: 2,
    loanAmount: 2000,
    repaidAmount: 900,
    overdueAmount: 100,
    remainingPrincipal: 1100,
    dpd: 20,
    bucket: 'M1',
    score: 640,
    grade: 'C',
    scoreDrop: 80,
    monthsOnBook: 5,
    nextDueDate: '2025-07-10',
  });
  expect((await app.request('GET', '/api/v1/metrics/obligors/NOBODY?asOf=2025-06-30')).status).toBe(404);
  const invalid = await app.request<{ error: { details: { path: string }[] } }>('GET', '/api/v1/metrics/obligors/O1?asOf=2025-02-30');
  expect(invalid.status).toBe(400);
  expect(invalid.body.error.details[0]!.path).toBe('/query/asOf');
});

test('portfolio facts for a month, grouped by channel, in yuan with fractions for ratios', async () => {
  const response = await app.request<PortfolioFacts>('GET', '/api/v1/metrics/portfolio?month=2025-06&groupBy=channel');
  expect(response.status).toBe(200);
  expect(response.body.groupBy).toEqual(['channel']);
  const online = response.body.segments.find((segment) => segment.segment.channel === 'online')!.metrics;
  // Online: A 500 (M0) + B 600 (M1) + C 900 (M3) = 2,000; overdue rate 1,500 / 2,000.
  expect(online).toMatchObject({
    loanCount: 3,
    loanAmount: 3000,
    remainingPrincipal: 2000,
    m0Principal: 500,
    m1Principal: 600,
    m2Principal: 0,
    m3Principal: 900,
    overdueRate: 0.75,
    combinedLossRatio: null,
  });
  // M0 at 31 May: A 600 + B 600 = 1,200; M1 now 600 -> 0.5.
  expect(online.m0_1).toBe(0.5);
  const branch = response.body.segments.find((segment) => segment.segment.channel === 'branch')!.metrics;
  expect(branch).toMatchObject({ remainingPrincipal: 0, overdueRate: null, claimsPaid: 900 });
  // Total: premium income 30 + 12.34 (the unattributed premium counts in the total only); receivable 10 + 12.34.
  expect(response.body.total.metrics).toMatchObject({ premiumIncome: 42.34, premiumReceivable: 22.34, retainedLiability: 2000 });
  // Company row: (900 + 0) / 1,000 and 100 / 1,000.
  expect(response.body.total.metrics).toMatchObject({ combinedLossRatio: 0.9, combinedExpenseRatio: 0.1 });
  // Month average = (31 May: 600 + 600 + 900 + 900 = 3,000; 30 Jun: 2,000) / 2 = 2,500; 900 x 12 / 2,500 = 4.32.
  expect(response.body.total.metrics.annualizedLossRate).toBeCloseTo(4.32, 10);
});

test('grouping by org unit gives each segment its own combined ratios; unknown dimensions are refused', async () => {
  const response = await app.request<PortfolioFacts>('GET', '/api/v1/metrics/portfolio?month=2025-06&groupBy=orgUnit');
  const shanghai = response.body.segments.find((segment) => segment.segment.orgUnit === 'BR-SH')!.metrics;
  // (0 + 10) / 200 and (40 + 10) / 200
  expect(shanghai).toMatchObject({ combinedLossRatio: 0.05, combinedExpenseRatio: 0.25 });
  // The premium without a loan opens its org unit's segment.
  expect(response.body.segments.find((segment) => segment.segment.orgUnit === 'BR-GD')!.metrics).toMatchObject({ premiumIncome: 12.34, loanCount: 0 });
  const bad = await app.request<{ error: { details: { path: string }[] } }>('GET', '/api/v1/metrics/portfolio?month=2025-06&groupBy=colour');
  expect(bad.status).toBe(400);
  expect(bad.body.error.details[0]!.path).toBe('/query/groupBy');
  expect((await app.request('GET', '/api/v1/metrics/portfolio?month=2025-13')).status).toBe(400);
});

test('a month that has ended and whose data is complete is a snapshot: late data does not change it until it is recomputed', async () => {
  const before = await app.request<PortfolioFacts>('GET', '/api/v1/metrics/portfolio?month=2025-05&groupBy=customerTier,channel');
  expect(before.body.snapshot).toBe(true);
  // 31 May: A 600 + B 600 + C 900 + E 900 = 3,000 remaining.
  expect(before.body.total.metrics.remainingPrincipal).toBe(3000);
  // Late data: C's missed March payment arrives, back-dated to 31 May.
  const late = await app.request('POST', '/api/v1/portfolio/import', {
    body: { repayments: [{ repaymentId: 'C-late', loanId: 'C', paidAt: '2025-05-31', amount: 100 }] },
  });
  expect(late.status).toBe(200);
  const again = await app.request<PortfolioFacts>('GET', '/api/v1/metrics/portfolio?month=2025-05&groupBy=channel,customerTier');
  expect(again.body.total).toEqual(before.body.total);
  expect(again.body.computedAt).toBe(before.body.computedAt);
  expect(again.body.groupBy).toEqual(['channel', 'customerTier']);

  const owner = await app.createUserAndLogin('owner1', ['policy-owner']);
  const auditor = await app.createUserAndLogin('auditor1', ['auditor']);
  expect((await app.request('POST', '/api/v1/metrics/portfolio/recompute', { body: { month: '2025-05' }, as: auditor })).status).toBe(403);
  const recomputed = await app.request<{ recomputed: string[][] }>('POST', '/api/v1/metrics/portfolio/recompute', { body: { month: '2025-05' }, as: owner });
  expect(recomputed.status).toBe(200);
  expect(recomputed.body.recomputed).toEqual(expect.arrayContaining([[], ['channel', 'customerTier']]));
  const after = await app.request<PortfolioFacts>('GET', '/api/v1/metrics/portfolio?month=2025-05&groupBy=customerTier,channel', { as: auditor });
  expect(after.body.total.metrics.remainingPrincipal).toBe(2900);
});

test('vintage curves and the roll-rate matrix', async () => {
  const vintages = await app.request<{
    vintages: { vintage: string; loanCount: number; disbursedPrincipal: number; curve: { monthOnBook: number; share: number | null }[] }[];
  }>('GET', '/api/v1/metrics/vintages?from=2025-01&to=2025-01&threshold=30&asOf=2025-06');
  expect(vintages.status).toBe(200);
  // 4,000 disbursed in January. E unpaid from 10 Mar -> 30 dpd on 9 Apr (month on book 3).
  // C unpaid from 10 Mar too (its late payment on 31 May pays March only after 30 days) -> also month on book 3.
  expect(vintages.body.vintages[0]).toMatchObject({ vintage: '2025-01', loanCount: 4, disbursedPrincipal: 4000 });
  expect(vintages.body.vintages[0]!.curve.map((point) => point.share)).toEqual([0, 0, 0, 0.5, 0.5, 0.5]);

  // June's roll rates were stored with its portfolio figures (read by an earlier test, before C's late payment above
  // arrived): every view of a complete month is taken at once, so they agree. Recomputing June brings the payment in.
  const owner = await app.createUserAndLogin('owner-june', ['policy-owner']);
  expect((await app.request('POST', '/api/v1/metrics/portfolio/recompute', { body: { month: '2025-06' }, as: owner })).status).toBe(200);
  const roll = await app.request<{ previousMonth: string; rows: { from: string; loanCount: number; principal: number; to: Record<string, number | null> }[] }>(
    'GET',
    '/api/v1/metrics/roll-rates?month=2025-06',
  );
  expect(roll.status).toBe(200);
  expect(roll.body.previousMonth).toBe('2025-05');
  const m0 = roll.body.rows.find((row) => row.from === 'M0')!;
  // 31 May M0: A (600) and B (600). 30 Jun: A stays M0, B rolls to M1.
  expect(m0).toMatchObject({ loanCount: 2, principal: 1200, to: { M0: 0.5, M1: 0.5 } });
  // C's late March payment (dated 31 May) leaves it 51 dpd at 31 May (M2, 800 left) and 81 dpd at 30 Jun (M3); E goes M3 -> claimed.
  expect(roll.body.rows.find((row) => row.from === 'M2')).toMatchObject({ loanCount: 1, principal: 800, to: { M3: 1 } });
  expect(roll.body.rows.find((row) => row.from === 'M3')).toMatchObject({ loanCount: 1, principal: 900, to: { claimed: 1, M3: 0 } });
});

test('the settings in effect are readable by any signed-in role', async () => {
  const auditor = await app.createUserAndLogin('auditor2', ['auditor']);
  const response = await app.request('GET', '/api/v1/metrics/settings', { as: auditor });
  expect(response.body).toEqual({
    bucketBasis: 'days',
    claimedInRemainingPrincipal: 'excluded',
    m3UpperBound: '180',
    lossRecoveriesWindow: 'year-to-date',
    lossClaims: 'gross',
    claimedBy: 'claim-paid',
  });
  expect((await app.request('GET', '/api/v1/metrics/settings', { as: null })).status).toBe(401);
});

test('the first readers of an ended month, arriving together, all get its snapshot', async () => {
  // Each of them finds no snapshot and stores one; the losers of that race used to get a 500 (duplicate key).
  for (const month of ['2025-01', '2025-02', '2025-03', '2025-04']) {
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => app.request<PortfolioFacts>('GET', `/api/v1/metrics/portfolio?month=${month}&groupBy=channel`)),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(new Set(answers.map((answer) => answer.body.total.metrics.remainingPrincipal)).size).toBe(1);
  }
});

test('vintage curves and roll rates of a complete month are snapshots too: late data changes them only when recomputed', async () => {
  type Roll = { snapshot: boolean; computedAt: string; rows: { from: string; loanCount: number; principal: number; to: Record<string, number | null> }[] };
  type Vintages = { snapshot: boolean; computedAt: string; vintages: { curve: { share: number | null }[] }[] };
  const roll = () => app.request<Roll>('GET', '/api/v1/metrics/roll-rates?month=2025-07');
  const curve = () => app.request<Vintages>('GET', '/api/v1/metrics/vintages?from=2025-01&to=2025-01&threshold=30&asOf=2025-07');
  const row = (matrix: Roll, from: string) => matrix.rows.find((candidate) => candidate.from === from)!;

  // 30 Jun: A M0 (500), B M1 (600: June's installment unpaid, 20 dpd). 31 Jul: A misses July (21 dpd, M1), B misses July too (51 dpd, M2).
  const rollBefore = await roll();
  expect(rollBefore.body.snapshot).toBe(true);
  expect(row(rollBefore.body, 'M0')).toMatchObject({ loanCount: 1, principal: 500, to: { M1: 1 } });
  expect(row(rollBefore.body, 'M1')).toMatchObject({ loanCount: 1, principal: 600, to: { M2: 1 } });
  // Vintage 2025-01 at 30 dpd: C and E from month on book 3 (2,000 of 4,000), B from 10 Jul (June's 10th + 30) at month on book 6.
  const curveBefore = await curve();
  expect(curveBefore.body.snapshot).toBe(true);
  expect(curveBefore.body.vintages[0]!.curve.map((point) => point.share)).toEqual([0, 0, 0, 0.5, 0.5, 0.5, 0.75]);

  // Late data: B's June installment, paid on 30 Jun and reported only now.
  const late = await app.request('POST', '/api/v1/portfolio/import', {
    body: { repayments: [{ repaymentId: 'B-late', loanId: 'B', paidAt: '2025-06-30', amount: 100 }] },
  });
  expect(late.status).toBe(200);
  expect((await roll()).body).toEqual(rollBefore.body);
  expect((await curve()).body).toEqual(curveBefore.body);

  const owner = await app.createUserAndLogin('owner2', ['policy-owner']);
  const recomputed = await app.request<{ recomputed: string[][]; rollRates: boolean; vintages: { from: string; to: string; threshold: number }[] }>(
    'POST',
    '/api/v1/metrics/portfolio/recompute',
    { body: { month: '2025-07' }, as: owner },
  );
  expect(recomputed.status).toBe(200);
  // The curves read above, and the portfolio page's year of curves the month's snapshot pass stored with its figures.
  expect(recomputed.body).toMatchObject({ rollRates: true });
  expect(recomputed.body.vintages).toEqual(
    expect.arrayContaining([
      { from: '2025-01', to: '2025-01', threshold: 30 },
      { from: '2024-08', to: '2025-07', threshold: 30 },
    ]),
  );
  expect(recomputed.body.vintages).toHaveLength(2);

  // Now B is M0 on 30 Jun (500 left) and only July's installment is late on 31 Jul (21 dpd, M1); it never reached 30 dpd.
  const rollAfter = await roll();
  expect(rollAfter.body.computedAt).not.toBe(rollBefore.body.computedAt);
  expect(row(rollAfter.body, 'M0')).toMatchObject({ loanCount: 2, principal: 1000, to: { M1: 1 } });
  expect(row(rollAfter.body, 'M1')).toMatchObject({ loanCount: 0, principal: 0, to: { M2: null } });
  expect((await curve()).body.vintages[0]!.curve.map((point) => point.share)).toEqual([0, 0, 0, 0.5, 0.5, 0.5, 0.5]);
});

test('an incomplete month is never frozen: it is computed afresh on every read, and there is no snapshot to recompute', async () => {
  // August has ended, but the data is complete through 31 July only.
  const first = await app.request<PortfolioFacts & { monthComplete: boolean }>('GET', '/api/v1/metrics/portfolio?month=2025-08');
  expect(first.body).toMatchObject({ snapshot: false, monthComplete: false });
  const late = await app.request('POST', '/api/v1/portfolio/import', {
    body: { repayments: [{ repaymentId: 'A-8', loanId: 'A', paidAt: '2025-08-10', amount: 100 }] },
  });
  expect(late.status).toBe(200);
  const second = await app.request<PortfolioFacts>('GET', '/api/v1/metrics/portfolio?month=2025-08');
  expect(second.body.total.metrics.remainingPrincipal).toBe(first.body.total.metrics.remainingPrincipal! - 100);
  const owner = await app.createUserAndLogin('owner3', ['policy-owner']);
  const recompute = await app.request<{ error: { code: string } }>('POST', '/api/v1/metrics/portfolio/recompute', { body: { month: '2025-08' }, as: owner });
  expect([recompute.status, recompute.body.error.code]).toEqual([409, 'month_incomplete']);
});
