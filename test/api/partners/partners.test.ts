import { createOrgUnits, type ErrorBody } from '../authority/helpers';
import { RecordingSink, runJob } from '../../support/monitoring-helpers';
import { waitUntil } from '../../support/polling';
import { startTestApp, type TestApp } from '../../support/test-app';
import { creditCode } from '../vendors/placement-helpers';

/**
 * Channel partners over HTTP on the real database (Art. 5): the register edited against the revision
 * read, a violation's penalty to the cent from the agreement, confirmed by another approver only, a
 * quarterly review on a small book decided by the standard partner.review pack counting the complaints
 * that name the partner, and a branch that sees only its own partners.
 */
let app: TestApp;
const sink = new RecordingSink();
const as = {} as { sh: string; approverSh: string; approver2: string; bj: string };
let partnerId = '';

interface Detail {
  partner: { partnerId: string; revision: number; partnerName: string; status: string; channelCodes: string[] };
  history: { action: string; revision: number }[];
  violations: { violationId: string; penalty: { amountCents: number; status: string } }[];
  reviews: { period: string; outcome: string }[];
}
interface ViolationDetail {
  violation: {
    violationId: string;
    revision: number;
    penalty: { status: string; amountCents: number; feesCents: number; feeShareCents: number; confirmedBy: string | null };
  };
  history: { action: string }[];
}

const agreement = {
  number: 'HZ-2026-001',
  signedOn: '2026-01-01',
  startsOn: '2026-01-01',
  endsOn: '2027-12-31',
  feeRateBp: 150,
  penalties: [{ violationType: 'induced-loan-purpose-change', fixedCents: 500_000, perLoanCents: 20_000, feeShareBp: 5_000 }],
};

const loan = (loanId: string, obligorId: string, channel: string, principal: number) => ({
  loanId,
  obligorId,
  policyId: `P-${loanId}`,
  orgUnit: 'BR-SH',
  product: 'consumer',
  channel,
  customerTier: 'prime',
  principal,
  disbursedAt: '2026-01-15',
  installments: [{ seq: 1, dueDate: '2027-01-15', principal, interest: 0 }],
});

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100' }, { eventSink: sink });
  await app.platform.startJobs();
  await createOrgUnits(app, [
    ['BR-SH', 'HQ'],
    ['BR-BJ', 'HQ'],
  ]);
  as.sh = await app.createUserAndLogin('cp-maker-sh', ['branch-operator'], 'BR-SH');
  as.approverSh = await app.createUserAndLogin('cp-approver-sh', ['approver', 'branch-operator'], 'BR-SH');
  as.approver2 = await app.createUserAndLogin('cp-approver2-sh', ['approver'], 'BR-SH');
  as.bj = await app.createUserAndLogin('cp-op-bj', ['branch-operator'], 'BR-BJ');
  const imported = await app.request<{ rejected: unknown[] }>('POST', '/api/v1/portfolio/import', {
    body: { loans: [loan('L-1', 'OB-1', 'cp-alpha', 12345.67), loan('L-2', 'OB-2', 'cp-alpha', 20000), loan('L-3', 'OB-3', 'bank-branch', 5000)] },
  });
  expect([imported.status, imported.body.rejected]).toEqual([200, []]);
}, 120_000);

afterAll(async () => {
  await app?.close();
});

test('register a partner, edit it against the revision read: a stale revision is 409', async () => {
  const created = await app.request<Detail>('POST', '/api/v1/partners', {
    as: as.sh,
    body: { creditCode: creditCode(), partnerName: 'Alpha Lending Platform', channelCodes: ['cp-alpha'], agreement },
  });
  expect([created.status, created.status === 201 ? '' : created.text]).toEqual([201, '']);
  partnerId = created.body.partner.partnerId;
  expect(created.body.partner).toMatchObject({ status: 'active', revision: 1, channelCodes: ['cp-alpha'] });
  const edited = await app.request<Detail>('PUT', `/api/v1/partners/${partnerId}`, { as: as.sh, body: { revision: 1, partnerName: 'Alpha Platform Ltd' } });
  expect([edited.status, edited.body.partner.revision, edited.body.partner.partnerName]).toEqual([200, 2, 'Alpha Platform Ltd']);
  expect(edited.body.history.map((entry) => entry.action)).toEqual(['registered', 'edited']);
  const stale = await app.request<ErrorBody>('PUT', `/api/v1/partners/${partnerId}`, { as: as.sh, body: { revision: 1, status: 'suspended' } });
  expect([stale.status, stale.body.error.code]).toEqual([409, 'stale_version']);
  // A channel code names one partner.
  const twice = await app.request<ErrorBody>('POST', '/api/v1/partners', {
    as: as.sh,
    body: { creditCode: creditCode(), partnerName: 'Copycat', channelCodes: ['cp-alpha'], agreement },
  });
  expect([twice.status, twice.body.error.code]).toEqual([409, 'channel_taken']);
});

test("a branch sees only its partners: another branch's partner is 404 and not listed", async () => {
  const other = await app.request<ErrorBody>('GET', `/api/v1/partners/${partnerId}`, { as: as.bj });
  expect(other.status).toBe(404);
  const loans = await app.request('GET', `/api/v1/partners/${partnerId}/loans`, { as: as.bj });
  expect(loans.status).toBe(404);
  const listed = await app.request<{ items: { partnerId: string }[] }>('GET', '/api/v1/partners', { as: as.bj });
  expect(listed.body.items.map((item) => item.partnerId)).not.toContain(partnerId);
  const own = await app.request<{ items: { partnerId: string }[] }>('GET', '/api/v1/partners', { as: as.sh });
  expect(own.body.items.map((item) => item.partnerId)).toContain(partnerId);
});

test('the partner page lists the loans it brought, newest loan id first, keyset paged', async () => {
  const first = await app.request<{ items: { loanId: string; principalCents: number }[]; nextBefore?: string }>(
    'GET',
    `/api/v1/partners/${partnerId}/loans?limit=1`,
    {
      as: as.sh,
    },
  );
  expect([first.status, first.body.items.map((item) => item.loanId)]).toEqual([200, ['L-2']]);
  const second = await app.request<{ items: { loanId: string }[]; nextBefore?: string }>(
    'GET',
    `/api/v1/partners/${partnerId}/loans?limit=1&before=${encodeURIComponent(first.body.nextBefore!)}`,
    { as: as.sh },
  );
  expect([second.body.items.map((item) => item.loanId), second.body.nextBefore]).toEqual([['L-1'], undefined]);
});

test("a violation's penalty to the cent from the agreement; the proposer may not confirm it, another approver does", async () => {
  const foreign = await app.request<ErrorBody>('POST', `/api/v1/partners/${partnerId}/violations`, {
    as: as.approverSh,
    body: { type: 'induced-loan-purpose-change', occurredOn: '2026-05-10', evidence: { note: 'x' }, loanIds: ['L-3'] },
  });
  expect([foreign.status, foreign.body.error.code]).toEqual([422, 'loan_not_of_partner']);
  const recorded = await app.request<ViolationDetail>('POST', `/api/v1/partners/${partnerId}/violations`, {
    as: as.approverSh,
    body: {
      type: 'induced-loan-purpose-change',
      occurredOn: '2026-05-10',
      evidence: { note: 'Sales script told obligors to use the loan for a house deposit', references: ['DOC-7'] },
      loanIds: ['L-1', 'L-2'],
    },
  });
  expect([recorded.status, recorded.status === 201 ? '' : recorded.text]).toEqual([201, '']);
  // Fees 185.19 (12,345.67 x 1.5 %, half up) + 300.00 = 485.19; half of it 242.60; + 5,000.00 + 2 x 200.00 = 5,642.60.
  expect(recorded.body.violation.penalty).toMatchObject({ status: 'proposed', feesCents: 48_519, feeShareCents: 24_260, amountCents: 564_260 });
  const violation = recorded.body.violation;
  const own = await app.request<ErrorBody>('POST', `/api/v1/partner-violations/${encodeURIComponent(violation.violationId)}/confirm`, {
    as: as.approverSh,
    body: { revision: violation.revision },
  });
  expect([own.status, own.body.error.code]).toEqual([403, 'maker_checker']);
  const confirmed = await app.request<ViolationDetail>('POST', `/api/v1/partner-violations/${encodeURIComponent(violation.violationId)}/confirm`, {
    as: as.approver2,
    body: { revision: violation.revision },
  });
  expect([confirmed.status, confirmed.body.violation.penalty.status, confirmed.body.violation.penalty.confirmedBy]).toEqual([
    200,
    'confirmed',
    'cp-approver2-sh',
  ]);
  await waitUntil(() => sink.ofType('partner.penalty-confirmed').length > 0, 10_000, 'partner.penalty-confirmed published');
  expect(sink.ofType('partner.violation-recorded')[0]!.data).toMatchObject({ partnerId, penaltyCents: 564_260, penaltyStatus: 'proposed', loans: 2 });
  expect(JSON.stringify(sink.ofType('partner.violation-recorded'))).not.toContain('house deposit');
});

test('a quarterly review on a small book decides by the standard pack and counts the complaints naming the partner', async () => {
  const unknown = await app.request<ErrorBody>('POST', '/api/v1/complaints', {
    as: as.sh,
    body: complaint('91310000MA1FL0000X'),
  });
  expect([unknown.status, unknown.body.error.code]).toEqual([422, 'unknown_partner']);
  const filed = await app.request('POST', '/api/v1/complaints', { as: as.sh, body: complaint(partnerId) });
  expect([filed.status, filed.status === 201 ? '' : filed.text]).toEqual([201, '']);
  const review = await app.request<{ period: string; outcome: string; reasons: string[]; figures: Record<string, unknown>; taskId: string | null }>(
    'POST',
    `/api/v1/partners/${partnerId}/reviews`,
    { as: as.sh, body: { month: '2026-09' } },
  );
  expect([review.status, review.status === 200 ? '' : review.text]).toEqual([200, '']);
  // Two obligors in force at 30 September, one complaint: 5,000 per 10,000 (the pack asks rectification from 5); no overdue, no violation in Q3.
  expect(review.body.figures).toMatchObject({ loans: 2, overdueRate: 0, obligorsInForce: 2, complaints: 1, complaintsPer10kObligors: 5000, violations: 0 });
  expect([review.body.period, review.body.outcome, review.body.reasons]).toEqual(['2026-Q3', 'rectify', ['complaints']]);
  expect(review.body.taskId).toBe(`partner-review:${partnerId}:2026-Q3:rectify`);
  // The task is on the queue of the partner's unit.
  const task = await app.request<{ task?: { kind: string; orgUnit: string; action: string }; kind?: string; orgUnit?: string; action?: string }>(
    'GET',
    `/api/v1/tasks/${encodeURIComponent(review.body.taskId!)}`,
    { as: as.sh },
  );
  expect([task.status, JSON.stringify(task.body)]).toEqual([200, expect.stringContaining('"kind":"partner-review"')]);
  expect(JSON.stringify(task.body)).toContain('"action":"partner-rectify"');
  const detail = await app.request<Detail>('GET', `/api/v1/partners/${partnerId}`, { as: as.sh });
  expect(detail.body.reviews.map((item) => [item.period, item.outcome])).toEqual([['2026-Q3', 'rectify']]);
});

test('the quarterly partner-reviews job reviews every partner not terminated, once per quarter: a rerun raises no second task', async () => {
  const first = await runJob(app, 'partner-reviews', { month: '2026-09' });
  expect(first.counts).toMatchObject({ reviewed: 1, notContinue: 1 });
  const again = await runJob(app, 'partner-reviews', { month: '2026-09' });
  expect(again.counts).toMatchObject({ reviewed: 1, notContinue: 1, tasksRaised: 0 });
});

function complaint(partner: string) {
  return {
    channel: 'phone',
    complainant: { name: 'Li Partnercomplainant', phone: '+86 138 0000 1111' },
    subject: { kind: 'channel-partner', partnerId: partner, obligorId: 'OB-1' },
    summary: 'The platform promised the insurance covered job loss.',
    complexity: 'simple',
    receivedAt: '2026-08-10T10:00:00Z',
  };
}
