import { startTestApp, type TestApp } from '../../support/test-app';
import { createOrgUnits, type ErrorBody } from './helpers';

/**
 * Portfolio data and metrics filtered to the caller's scope: Shanghai (with its Pudong
 * sub-branch) sees its own loans' figures, not Beijing's, and not internet business, which is
 * HQ's whatever branch a loan names.
 */
let app: TestApp;
const as: Record<string, string> = {};

const schedule = Array.from({ length: 10 }, (_, position) => ({
  seq: position + 1,
  dueDate: `2025-${String(position + 2).padStart(2, '0')}-10`,
  principal: 100,
  interest: 0,
}));
const loan = (loanId: string, obligorId: string, orgUnit: string, channel: string) => ({
  loanId,
  obligorId,
  orgUnit,
  channel,
  policyId: 'P1',
  product: 'consumer',
  customerTier: 'prime',
  principal: 1000,
  disbursedAt: '2025-01-10',
  installments: schedule,
});
const paid = (loanId: string, months: number[]) =>
  months.map((month) => ({ repaymentId: `${loanId}-${month}`, loanId, paidAt: `2025-${String(month).padStart(2, '0')}-10`, amount: 100 }));
const accounts = (orgUnit?: string) => ({
  month: '2025-06',
  ...(orgUnit ? { orgUnit } : {}),
  earnedPremium: orgUnit ? 200 : 1000,
  claimsPaid: orgUnit ? 50 : 900,
  recoveries: 0,
  cededClaimsRecovered: 0,
  assumedClaimsPaid: 0,
  outstandingClaimReserveProvision: 0,
  cededReserveRecovered: 0,
  operatingExpenses: 40,
  cededExpensesRecovered: 0,
  commissions: 0,
  reinsuranceExpenses: 0,
  taxesAndSurcharges: 0,
});
const PORTFOLIO = {
  loans: [
    loan('A', 'O1', 'BR-SH', 'branch'),
    loan('B', 'O2', 'BR-SH-PD', 'branch'),
    loan('C', 'O3', 'BR-BJ', 'branch'),
    loan('D', 'O4', 'BR-SH', 'online-app'),
  ],
  // A and D keep paying; B stops after April (M2 at June's end); C after February.
  repayments: [...paid('A', [2, 3, 4, 5, 6]), ...paid('B', [2, 3, 4]), ...paid('C', [2]), ...paid('D', [2, 3, 4, 5, 6])],
  premiums: [
    { premiumId: 'PA', policyId: 'P1', loanId: 'A', orgUnit: 'BR-SH', dueDate: '2025-06-15', amount: 30 },
    { premiumId: 'PD', policyId: 'P1', loanId: 'D', orgUnit: 'BR-SH', dueDate: '2025-06-15', amount: 70 },
    { premiumId: 'PS', policyId: 'P2', orgUnit: 'BR-SH', dueDate: '2025-06-01', amount: 5 },
    { premiumId: 'PB', policyId: 'P3', orgUnit: 'BR-BJ', dueDate: '2025-06-01', amount: 9 },
  ],
  financials: [accounts('BR-SH'), accounts()],
};

interface Facts {
  segments: { segment: Record<string, string>; metrics: Record<string, number | null> }[];
  total: { metrics: Record<string, number | null> };
  snapshot: boolean;
}

beforeAll(async () => {
  app = await startTestApp();
  await createOrgUnits(app, [
    ['BR-SH', 'HQ'],
    ['BR-BJ', 'HQ'],
    ['BR-SH-PD', 'BR-SH'],
  ]);
  const imported = await app.request<{ rejectedCount: number }>('POST', '/api/v1/portfolio/import', { body: PORTFOLIO });
  expect(imported.body.rejectedCount).toBe(0);
  as.sh = await app.createUserAndLogin('sh-operator', ['branch-operator'], 'BR-SH');
  as.shOwner = await app.createUserAndLogin('sh-owner', ['policy-owner'], 'BR-SH');
  as.bj = await app.createUserAndLogin('bj-operator', ['branch-operator'], 'BR-BJ');
}, 60_000);
afterAll(() => app.close());

const portfolio = (token: string | undefined, groupBy = 'orgUnit') =>
  app.request<Facts>('GET', `/api/v1/metrics/portfolio?month=2025-06&groupBy=${groupBy}`, { as: token });

test('a branch reads the obligor facts of its own loans only; others and internet business do not exist for it', async () => {
  const own = await app.request<{ loans: { loanId: string }[] }>('GET', '/api/v1/metrics/obligors/O2?asOf=2025-06-30', { as: as.sh });
  expect(own.status).toBe(200);
  expect(own.body.loans.map((item) => item.loanId)).toEqual(['B']);
  const beijing = await app.request<ErrorBody>('GET', '/api/v1/metrics/obligors/O3?asOf=2025-06-30', { as: as.sh });
  const nobody = await app.request<ErrorBody>('GET', '/api/v1/metrics/obligors/NOBODY?asOf=2025-06-30', { as: as.sh });
  expect([beijing.status, beijing.body.error.code]).toEqual([404, 'unknown_obligor']);
  expect(beijing.body.error.message).toBe(nobody.body.error.message);
  expect((await app.request('GET', '/api/v1/metrics/obligors/O4?asOf=2025-06-30', { as: as.sh })).status).toBe(404);
  expect((await app.request('GET', '/api/v1/metrics/obligors/O4?asOf=2025-06-30')).status).toBe(200);
});

test("portfolio facts below HQ cover the subtree's loans, premiums and accounts, without internet business", async () => {
  const shanghai = await portfolio(as.sh);
  expect(shanghai.status).toBe(200);
  expect(shanghai.body.segments.map((segment) => segment.segment.orgUnit).sort()).toEqual(['BR-SH', 'BR-SH-PD']);
  expect(shanghai.body.snapshot).toBe(false);
  const hq = await portfolio(undefined);
  const hqSegment = (unit: string) => hq.body.segments.find((segment) => segment.segment.orgUnit === unit)!.metrics;
  const shSegment = (unit: string) => shanghai.body.segments.find((segment) => segment.segment.orgUnit === unit)!.metrics;
  // HQ counts the internet loan D under the branch it names; Shanghai's own view leaves it out.
  expect(hqSegment('BR-SH').loanCount).toBe(2);
  expect(shSegment('BR-SH').loanCount).toBe(1);
  expect(shSegment('BR-SH-PD')).toEqual({ ...hqSegment('BR-SH-PD') });
  // A: 500 left (M0); B: 700 left, 51 dpd (M2). Premiums: A's 30 and the unattached 5; not D's 70 nor Beijing's 9.
  expect(shanghai.body.total.metrics).toMatchObject({ loanCount: 2, remainingPrincipal: 1200, m0Principal: 500, m2Principal: 700, premiumIncome: 35 });
  // The accounts of the branch (no company row in its scope): (50 - 0) / 200.
  expect(shanghai.body.total.metrics.combinedLossRatio).toBeCloseTo(0.25, 10);
  expect(hq.body.total.metrics).toMatchObject({ loanCount: 4, premiumIncome: 114, combinedLossRatio: 0.9 });

  const beijing = await portfolio(as.bj, 'channel');
  expect(beijing.body.segments.map((segment) => segment.segment.channel)).toEqual(['branch']);
  expect(beijing.body.total.metrics).toMatchObject({ loanCount: 1, premiumIncome: 9 });
});

test("vintage curves and roll rates below HQ count the subtree's loans only", async () => {
  const vintages = await app.request<{ vintages: { vintage: string; loanCount: number }[] }>(
    'GET',
    '/api/v1/metrics/vintages?from=2025-01&to=2025-01&asOf=2025-06',
    { as: as.sh },
  );
  expect(vintages.status).toBe(200);
  expect(vintages.body.vintages).toEqual([expect.objectContaining({ vintage: '2025-01', loanCount: 2 })]);
  const all = await app.request<{ vintages: { loanCount: number }[] }>('GET', '/api/v1/metrics/vintages?from=2025-01&to=2025-01&asOf=2025-06');
  expect(all.body.vintages[0]!.loanCount).toBe(4);
  const rolls = await app.request<{ rows: { loanCount: number }[] }>('GET', '/api/v1/metrics/roll-rates?month=2025-06', { as: as.bj });
  expect(rolls.status).toBe(200);
  expect(rolls.body.rows.reduce((sum, row) => sum + row.loanCount, 0)).toBe(1);
});

test('the impact preview of a branch runs over its own obligors; imports and snapshot recomputation stay with HQ', async () => {
  const impact = await app.request<{ obligors: number }>('POST', '/api/v1/rulesets/warning.obligor/versions/1/impact', {
    body: { asOf: '2025-06-30' },
    as: as.shOwner,
  });
  expect(impact.status).toBe(200);
  expect(impact.body.obligors).toBe(2);
  expect(
    (await app.request<{ obligors: number }>('POST', '/api/v1/rulesets/warning.obligor/versions/1/impact', { body: { asOf: '2025-06-30' } })).body.obligors,
  ).toBe(4);

  const branchKey = await app.request<{ secret: string }>('POST', '/api/v1/api-keys', {
    body: { name: 'shanghai feed', orgUnit: 'BR-SH', roles: ['integration'] },
  });
  const imported = await app.request<ErrorBody>('POST', '/api/v1/portfolio/import', {
    body: { loans: [loan('Z', 'O9', 'BR-BJ', 'branch')] },
    as: branchKey.body.secret,
  });
  expect([imported.status, imported.body.error.code]).toEqual([403, 'out_of_scope']);
  expect((await app.request('GET', '/api/v1/metrics/obligors/O9?asOf=2025-06-30')).status).toBe(404);
  const recompute = await app.request<ErrorBody>('POST', '/api/v1/metrics/portfolio/recompute', { body: { month: '2025-06' }, as: as.shOwner });
  expect([recompute.status, recompute.body.error.code]).toEqual([403, 'out_of_scope']);
});
