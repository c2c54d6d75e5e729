import type { WebhookSubscriptionCreated } from '../../../server/generated/schema-types';
import { runJob, tasksOf } from '../../support/monitoring-helpers';
import { startTestApp, type TestApp } from '../../support/test-app';
import { LocalReceiver } from '../webhooks/receiver';

/**
 * Claim triggers (Art. 15-16) over the job API on the real database, with a real webhook
 * receiver: loans of twelve monthly installments of 1,000 principal + 100 interest due on the
 * 1st from 2025-02-01, run on 2025-07-25 and 2025-07-30.
 */
const INSTALLMENT = 1100;
let app: TestApp;
let receiver: LocalReceiver;

function loan(loanId: string, extra: Record<string, unknown> = {}) {
  return {
    loanId,
    obligorId: `OB-${loanId}`,
    policyId: `P-${loanId}`,
    orgUnit: 'HQ',
    product: 'consumer',
    channel: 'bank-branch',
    customerTier: 'prime',
    principal: 12000,
    disbursedAt: '2025-01-01',
    installments: Array.from({ length: 12 }, (_, index) => ({
      seq: index + 1,
      dueDate: `${2025 + Math.floor((index + 1) / 12)}-${String(((index + 1) % 12) + 1).padStart(2, '0')}-01`,
      principal: 1000,
      interest: 100,
    })),
    ...extra,
  };
}
/** Installments 1..n paid on their due dates. */
const onTime = (loanId: string, count: number) =>
  Array.from({ length: count }, (_, index) => ({
    repaymentId: `${loanId}-R${index + 1}`,
    loanId,
    paidAt: `2025-${String(index + 2).padStart(2, '0')}-01`,
    amount: INSTALLMENT,
  }));

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100', WEBHOOK_DISPATCH_INTERVAL_MS: '50', WEBHOOK_RETRY_BASE_MS: '100', LOG_LEVEL: 'error' });
  await app.platform.startJobs();
  receiver = await LocalReceiver.start();
  const subscribed = await app.request<WebhookSubscriptionCreated>('POST', '/api/v1/webhooks/subscriptions', {
    body: { url: receiver.url, eventTypes: ['claim.withdrawal-advised'], description: 'Insured notices' },
  });
  expect(subscribed.status).toBe(201);
  receiver.secret = subscribed.body.secret;
  const imported = await app.request<{ rejectedCount: number; rejected: unknown[] }>('POST', '/api/v1/portfolio/import', {
    body: {
      loans: [
        // W: 80-day claim point, stops after April, repays everything due on 07-28 before approval.
        loan('L-W', { claimPointDays: 80 }),
        // N: the contract's claim point was never imported.
        loan('L-N'),
        // K: 90-day claim point, but the funder reports another claim condition of the contract from 07-20 (e.g. the loan was accelerated).
        loan('L-K', { claimPointDays: 90, claimConditionMetAt: '2025-07-20' }),
        // P: 80-day claim point, the claim approved on 07-27 and not yet paid.
        loan('L-P', { claimPointDays: 80 }),
      ],
      repayments: [
        ...onTime('L-W', 3),
        { repaymentId: 'L-W-R4', loanId: 'L-W', paidAt: '2025-07-28', amount: 3 * INSTALLMENT },
        ...onTime('L-N', 3),
        ...onTime('L-K', 5),
        ...onTime('L-P', 3),
      ],
      claims: [{ claimId: 'C-P', loanId: 'L-P', status: 'approved', approvedAt: '2025-07-27', amount: 9900 }],
    },
  });
  expect([imported.status, imported.body.rejected, imported.status === 200 ? '' : imported.text]).toEqual([200, [], '']);
}, 60_000);
afterAll(async () => {
  await app.close();
  await receiver.close();
});

interface CaseView {
  loanId: string;
  obligorId: string;
  status: string;
  reason: string | null;
  facts: Record<string, unknown>;
}
const cases = async () => Object.fromEntries((await app.request<{ items: CaseView[] }>('GET', '/api/v1/claims')).body.items.map((item) => [item.loanId, item]));

test('2025-07-25: claims open at the claim point and on another contract condition; a contract without a claim point raises a data-quality task', async () => {
  await runJob(app, 'claim-triggers', { asOf: '2025-07-25' });
  const opened = await cases();
  expect(Object.fromEntries(Object.entries(opened).map(([loanId, item]) => [loanId, [item.status, item.reason]]))).toEqual({
    'L-W': ['open', 'claim-point-reached'],
    'L-K': ['open', 'contract-condition'],
    'L-P': ['open', 'claim-point-reached'],
  });
  expect(opened['L-K']!.facts).toMatchObject({ dpd: 24, claimPointDays: 90, contractClaimConditionMet: true });
  expect(opened['L-W']!.facts).toMatchObject({ contractClaimConditionMet: false });

  const dataQuality = (await tasksOf(app)).filter((task) => task.obligorId === 'OB-L-N');
  expect(dataQuality).toEqual([
    expect.objectContaining({
      kind: 'data-quality',
      action: 'supply-claim-point',
      alertId: null,
      alertLevel: null,
      signal: 'claim-point-missing',
      subjectKey: 'loan:L-N',
      orgUnit: 'HQ',
      status: 'open',
      dueOn: '2025-08-01',
    }),
  ]);
});

test('2025-07-30: repaid in full before approval, so the insured is told through claim.withdrawal-advised (Art. 16(1)3), without personal data', async () => {
  await runJob(app, 'claim-triggers', { asOf: '2025-07-30' });
  const moved = await cases();
  expect([moved['L-W']!.status, moved['L-P']!.status, moved['L-N']!.status, moved['L-N']!.reason]).toEqual([
    'advise-withdrawal',
    'approved',
    'open',
    'default-claim-point-reached',
  ]);
  const [delivered] = await receiver.waitFor(1);
  expect(delivered!.verification).toEqual({ ok: true });
  expect(delivered!.headers['x-webhook-event']).toBe('claim.withdrawal-advised');
  expect(delivered!.json).toMatchObject({
    id: 'claim.withdrawal-advised:claim:L-W:2',
    type: 'claim.withdrawal-advised',
    orgUnit: 'HQ',
    data: {
      caseId: 'claim:L-W',
      loanId: 'L-W',
      policyId: 'P-L-W',
      obligorId: 'OB-L-W',
      status: 'advise-withdrawal',
      asOf: '2025-07-30',
      dpd: 0,
      overdueAmount: 0,
      revision: 2,
    },
  });
  expect(Object.keys(delivered!.json.data as object).sort()).toEqual([
    'asOf',
    'basis',
    'caseId',
    'dpd',
    'loanId',
    'obligorId',
    'openedOn',
    'overdueAmount',
    'policyId',
    'revision',
    'status',
  ]);
  // One data-quality task per contract, however many days the claim point stays missing.
  expect((await tasksOf(app)).filter((task) => task.obligorId === 'OB-L-N')).toHaveLength(1);
});

test('an approved claim not yet paid: the case follows the approval, the loan stays unclaimed and unpaid in the metrics by default (claimedBy: claim-paid)', async () => {
  const facts = await app.request<{ facts: { claimed: boolean; bucket: string } }>('GET', '/api/v1/metrics/obligors/OB-L-P?asOf=2025-07-31');
  expect(facts.status).toBe(200);
  expect(facts.body.facts).toMatchObject({ claimed: false, bucket: 'M3' });
  const july = await app.request<{ total: { metrics: { claimsPaid: number; m3Principal: number } } }>('GET', '/api/v1/metrics/portfolio?month=2025-07');
  expect(july.status).toBe(200);
  expect(july.body.total.metrics.claimsPaid).toBe(0);
});

test('the claims import takes a status: paidAt is required only for a paid claim, approvedAt for an approved one', async () => {
  const response = await app.request<{
    rejectedCount: number;
    accepted: Record<string, number>;
    rejected: { id: string; errors: { path: string; message: string }[] }[];
  }>('POST', '/api/v1/portfolio/import', {
    body: {
      claims: [
        { claimId: 'C-REQ', loanId: 'L-N', status: 'requested', amount: 9900 },
        { claimId: 'C-REJ', loanId: 'L-K', status: 'rejected', amount: 1000 },
        { claimId: 'C-PAID-NO-DATE', loanId: 'L-W', status: 'paid', amount: 1000 },
        { claimId: 'C-APPROVED-NO-DATE', loanId: 'L-W', status: 'approved', amount: 1000 },
        { claimId: 'C-APPROVED-PAID', loanId: 'L-W', status: 'approved', approvedAt: '2025-07-01', paidAt: '2025-07-02', amount: 1000 },
      ],
    },
  });
  expect([response.status, response.body.accepted.claims]).toEqual([200, 2]);
  expect(Object.fromEntries(response.body.rejected.map((row) => [row.id, row.errors.map((error) => error.path)]))).toEqual({
    'C-PAID-NO-DATE': ['/paidAt'],
    'C-APPROVED-NO-DATE': ['/approvedAt'],
    'C-APPROVED-PAID': ['/paidAt'],
  });
});
