import { Collection } from 'mongodb';
import type { AlertRecord } from '../../../server/monitoring/alert.model';
import { ALERT_HISTORY } from '../../../server/monitoring/alert.model';
import type { ClaimCaseRecord } from '../../../server/claims/claim-case.model';
import { alertRecord } from '../../support/alert-record';
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
  const entry = () => ({ action: 'created', actor: 'test', at: new Date(), asOf: '2025-06-01', note: null, decisionId: null, facts: null });
  const alerts = await app.platform.services.alerts.insertNew(
    ['dpd', 'overdueAmount', 'scoreDrop'].map((signal) => alert('O1', signal)),
    entry,
  );
  expect(alerts.size).toBe(3);
  const cases = await app.platform.services.claimCases.insertNew([claimCase('A', 'O1'), claimCase('B', 'O1')], entry);
  expect(cases.size).toBe(2);
}, 60_000);
afterAll(() => app.close());

function alert(obligorId: string, signal: string): AlertRecord {
  return alertRecord(obligorId, { signal, raisedOn: '2025-06-01', customerTier: 'prime', channel: 'branch', product: 'consumer' });
}

function claimCase(loanId: string, obligorId: string): ClaimCaseRecord {
  const now = new Date();
  return {
    _id: `claim:${loanId}`,
    loanId,
    obligorId,
    policyId: 'P1',
    orgUnit: 'HQ',
    status: 'open',
    reason: 'claim-point-reached',
    openedOn: '2025-06-01',
    statusSince: '2025-06-01',
    facts: {},
    decisionId: 'd-1',
    ruleSet: { key: 'claims', version: 1 },
    revision: 1,
    createdAt: now,
    updatedAt: now,
  };
}

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

test("the obligor page reads its alerts' and claim cases' histories with one query per kind, not one per item", async () => {
  const find = jest.spyOn(Collection.prototype, 'find');
  try {
    const page = await app.request<{ alerts: { history: unknown[] }[]; claims: { history: unknown[] }[] }>(
      'GET',
      '/api/v1/obligors/O1/monitoring?asOf=2025-06-30',
    );
    expect(page.status).toBe(200);
    expect(page.body.alerts).toHaveLength(3);
    expect(page.body.alerts.every((item) => item.history.length === 1)).toBe(true);
    expect(page.body.claims).toHaveLength(2);
    expect(page.body.claims.every((item) => item.history.length === 1)).toBe(true);
    const historyReads = (name: string) => find.mock.contexts.filter((collection) => (collection as Collection).collectionName === name).length;
    expect({ alertHistory: historyReads(ALERT_HISTORY), claimHistory: historyReads('claim_case_history') }).toEqual({ alertHistory: 1, claimHistory: 1 });
  } finally {
    find.mockRestore();
  }
});
