import { RecordingSink, runJob } from '../../support/monitoring-helpers';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * Collection cases over HTTP on the real database: a small book imported, the collection-cases
 * job run through the jobs API on 2025-07-20, 2025-08-20 and 2025-09-10, and the case API as HQ
 * and as a branch. Loans of twelve monthly installments of 1,000 principal + 100 interest due on
 * the 1st from 2025-02-01.
 */
const INSTALLMENT = 1100;
const sink = new RecordingSink();
let app: TestApp;
let branch: string;

interface CaseView {
  caseId: string;
  obligorId: string;
  funderLine: string;
  orgUnit: string;
  status: string;
  closedReason: string | null;
  stage: string;
  revision: number;
  handler: {
    type: string;
    agencyCategory?: string;
    reason: string;
    rule: string | null;
    decisionId: string | null;
    treatment: { channel: string; day: number; on: string }[];
  } | null;
  missingFacts: string[];
}
interface Detail {
  case: CaseView;
  history: { revision: number; action: string; actor: string; decisionId: string | null }[];
}

function loan(loanId: string, obligorId: string, orgUnit: string, extra: Record<string, unknown> = {}) {
  return {
    loanId,
    obligorId,
    policyId: `P-${loanId}`,
    orgUnit,
    product: 'consumer',
    channel: 'bank-branch',
    customerTier: 'standard',
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
const onTime = (loanId: string, count: number) =>
  Array.from({ length: count }, (_, index) => ({
    repaymentId: `${loanId}-R${index + 1}`,
    loanId,
    paidAt: `2025-${String(index + 2).padStart(2, '0')}-01`,
    amount: INSTALLMENT,
  }));

const CASE_A1 = 'coll:OB-A:F-1';
const CASE_A2 = 'coll:OB-A:F-2';
const CASE_C = 'coll:OB-C:P-L-C';
const CASE_F = 'coll:OB-F:P-L-F';

async function cases(query = '', as?: string): Promise<CaseView[]> {
  const response = await app.request<{ items: CaseView[] }>('GET', `/api/v1/collection/cases${query}`, as ? { as } : {});
  expect([response.status, response.status === 200 ? '' : response.text]).toEqual([200, '']);
  return response.body.items;
}
async function detail(caseId: string): Promise<Detail> {
  const response = await app.request<Detail>('GET', `/api/v1/collection/cases/${encodeURIComponent(caseId)}`);
  expect([response.status, response.status === 200 ? '' : response.text]).toEqual([200, '']);
  return response.body;
}
const summary = (items: CaseView[]) =>
  items
    .map((item) => [
      item.caseId,
      item.status,
      item.stage,
      item.handler?.type ?? null,
      item.handler?.agencyCategory ?? item.handler?.reason ?? item.closedReason,
    ])
    .sort();

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100', LOG_LEVEL: 'error' }, { eventSink: sink });
  await app.platform.startJobs();
  for (const id of ['BR-SH', 'BR-BJ']) expect((await app.request('POST', '/api/v1/org-units', { body: { id, name: id, parent: 'HQ' } })).status).toBe(201);
  branch = await app.createUserAndLogin('sh-collector', ['branch-operator'], 'BR-SH');
  const imported = await app.request<{ rejected: unknown[] }>('POST', '/api/v1/portfolio/import?completeThrough=2025-09-30', {
    body: {
      loans: [
        // OB-A has two funders: F-1's loan stops after June (M1 in July, M2 in August, M3+ in September) ...
        loan('L-A1', 'OB-A', 'BR-SH', { funderId: 'F-1' }),
        // ... F-2's after July, and catches up on 08-25 (cured by September).
        loan('L-A2', 'OB-A', 'BR-SH', { funderId: 'F-2' }),
        // Internet business booked by BR-BJ: HQ's, no funder reported (the policy is the funder line).
        loan('L-C', 'OB-C', 'BR-BJ', { channel: 'online-platform-a' }),
        // A prime customer of BR-BJ who stops after June.
        loan('L-F', 'OB-F', 'BR-BJ', { customerTier: 'prime' }),
        // Pays on time: never a case.
        loan('L-E', 'OB-E', 'BR-SH'),
      ],
      repayments: [
        ...onTime('L-A1', 5),
        ...onTime('L-A2', 6),
        { repaymentId: 'L-A2-R7', loanId: 'L-A2', paidAt: '2025-08-25', amount: 2 * INSTALLMENT },
        ...onTime('L-C', 5),
        ...onTime('L-F', 5),
        ...onTime('L-E', 8),
      ],
    },
  });
  expect([imported.status, imported.body.rejected]).toEqual([200, []]);
}, 60_000);
afterAll(() => app.close());

describe('the daily collection-cases job', () => {
  test('opens one case per overdue obligor and funder line, with the handler the standard pack picks and the decision it logged', async () => {
    const run = await runJob(app, 'collection-cases', { asOf: '2025-07-20' });
    expect(run.counts).toMatchObject({ casesOpened: 3, stageMoves: 0, casesClosed: 0, assigned: 3, unassigned: 0 });
    expect(summary(await cases())).toEqual([
      [CASE_A1, 'open', 'M1', 'local-team', 'early-stage'],
      [CASE_C, 'open', 'M1', 'central-team', 'internet-business'],
      [CASE_F, 'open', 'M1', 'local-team', 'gentle-tier'],
    ]);
    const a1 = await detail(CASE_A1);
    expect(a1.case).toMatchObject({ obligorId: 'OB-A', funderLine: 'F-1', orgUnit: 'BR-SH', revision: 1, missingFacts: [] });
    expect(a1.case.handler!.treatment.map((step) => [step.channel, step.on])).toEqual([
      ['sms', '2025-07-20'],
      ['call', '2025-07-22'],
      ['letter', '2025-08-03'],
    ]);
    expect(a1.history.map((entry) => [entry.action, entry.actor, entry.decisionId])).toEqual([['opened', 'job:collection-cases', a1.case.handler!.decisionId]]);
    const decision = await app.request<{ ruleSet: { key: string }; orgUnit: string }>('GET', `/api/v1/decisions/${a1.case.handler!.decisionId}`);
    expect([decision.status, decision.body.ruleSet?.key, decision.body.orgUnit]).toEqual([200, 'collection.assignment', 'BR-SH']);
    expect(
      sink
        .ofType('collection.case-assigned')
        .map((event) => [event.data.caseId, event.data.handler])
        .sort(),
    ).toEqual([
      [CASE_A1, 'local-team'],
      [CASE_C, 'central-team'],
      [CASE_F, 'local-team'],
    ]);
    // No personal data in the payload: ids and figures only.
    expect(Object.keys(sink.ofType('collection.case-assigned')[0]!.data).sort()).toEqual(
      ['assignedBy', 'assignedOn', 'basis', 'caseId', 'decisionId', 'funderLine', 'handler', 'obligorId', 'reason', 'revision', 'stage', 'treatment'].sort(),
    );
  });

  test('a rerun of the same day changes nothing', async () => {
    const before = await cases();
    const events = sink.events.length;
    const run = await runJob(app, 'collection-cases', { asOf: '2025-07-20' });
    expect(run.counts).toMatchObject({ casesOpened: 0, casesReopened: 0, stageMoves: 0, casesClosed: 0, assigned: 0 });
    expect(await cases()).toEqual(before);
    expect(sink.events.length).toBe(events);
  });

  test('later days move stages, reassign by the rules, and close a cured case', async () => {
    await runJob(app, 'collection-cases', { asOf: '2025-08-20' });
    expect(summary(await cases('?obligorId=OB-A'))).toEqual([
      [CASE_A1, 'open', 'M2', 'local-team', 'mid-stage'],
      [CASE_A2, 'open', 'M1', 'local-team', 'early-stage'],
    ]);
    const run = await runJob(app, 'collection-cases', { asOf: '2025-09-10' });
    expect(run.counts).toMatchObject({ casesClosed: 1 });
    expect(summary(await cases('?obligorId=OB-A'))).toEqual([
      [CASE_A1, 'open', 'M3+', 'agency', 'collection-agency'],
      [CASE_A2, 'closed', 'M1', 'local-team', 'early-stage'],
    ]);
    expect((await detail(CASE_A2)).case.closedReason).toBe('cured');
    expect((await detail(CASE_A1)).history.map((entry) => entry.action)).toEqual(['opened', 'stage-moved', 'stage-moved']);
    expect(
      sink
        .ofType('collection.case-assigned')
        .filter((event) => event.data.caseId === CASE_A1)
        .map((event) => event.data.handler),
    ).toEqual(['local-team', 'agency']);
    expect((await cases('?status=open&stage=M3%2B')).map((item) => item.caseId)).toContain(CASE_A1);
    // Every line that stopped after June is M3+ by September, and the pack places M3+ with an agency.
    expect((await cases('?handler=agency')).map((item) => item.caseId).sort()).toEqual([CASE_A1, CASE_C, CASE_F]);
    expect((await cases('?handler=local-team')).map((item) => item.caseId)).toEqual([CASE_A2]);
  });
});

describe('the case API', () => {
  test("a branch sees its own subtree's cases; another unit's case or obligor is 404", async () => {
    expect((await cases('', branch)).map((item) => item.caseId).sort()).toEqual([CASE_A1, CASE_A2]);
    expect((await app.request('GET', `/api/v1/collection/cases/${encodeURIComponent(CASE_C)}`, { as: branch })).status).toBe(404);
    expect((await app.request('GET', '/api/v1/collection/cases?obligorId=OB-C', { as: branch })).status).toBe(404);
    // A known obligor whose cases the filters leave out is an empty page, not unknown.
    expect(await cases('?obligorId=OB-A&stage=M2', branch)).toEqual([]);
    expect((await app.request('GET', '/api/v1/collection/cases?orgUnit=BR-BJ', { as: branch })).status).toBe(403);
  });

  test("the funder's delinquency details, the agreed plan and the malice assessment are revisioned changes in the history and the audit log", async () => {
    const path = `/api/v1/collection/cases/${encodeURIComponent(CASE_A1)}`;
    const { revision } = (await detail(CASE_A1)).case;
    const details = {
      reportedOn: '2025-09-05',
      source: 'F-1 collections desk',
      note: 'Lost his job in June; answers calls',
      details: { reasonCode: 'unemployment' },
    };
    const put = await app.request<Detail>('PUT', `${path}/delinquency-details`, { as: branch, body: { revision, ...details } });
    expect([put.status, put.status === 200 ? '' : put.text]).toEqual([200, '']);
    expect(put.body.case.revision).toBe(revision + 1);
    const stale = await app.request<{ error: { code: string } }>('PUT', `${path}/collection-plan`, {
      as: branch,
      body: { revision, measures: ['installment plan'], from: '2025-09-10', to: '2025-12-31' },
    });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'stale_version']);
    const plan = await app.request<Detail>('PUT', `${path}/collection-plan`, {
      as: branch,
      body: { revision: revision + 1, measures: ['installment plan', 'monthly call'], from: '2025-09-10', to: '2025-12-31', agreedWith: 'F-1 risk team' },
    });
    expect(plan.status).toBe(200);
    const malice = await app.request<Detail>('PUT', `${path}/malice-assessment`, {
      as: branch,
      body: { revision: revision + 2, assessment: 'no', reasons: ['answers calls', 'partial payments offered'], evidence: ['REC-1'], assessedOn: '2025-09-10' },
    });
    expect(malice.status).toBe(200);
    const after = await detail(CASE_A1);
    expect(after.case).toMatchObject({
      delinquencyDetails: { ...details, recordedBy: 'sh-collector' },
      collectionPlan: { measures: ['installment plan', 'monthly call'], agreedWith: 'F-1 risk team', recordedBy: 'sh-collector' },
      maliceAssessment: { assessment: 'no', assessor: 'sh-collector', assessedOn: '2025-09-10' },
    });
    expect(after.history.slice(-3).map((entry) => [entry.action, entry.actor])).toEqual([
      ['delinquency-details', 'sh-collector'],
      ['collection-plan', 'sh-collector'],
      ['malice-assessment', 'sh-collector'],
    ]);
    const audit = await app.request<{ items: { action: string }[] }>('GET', `/api/v1/audit?entityKind=collection-case&entityId=${encodeURIComponent(CASE_A1)}`);
    expect(audit.body.items.map((entry) => entry.action)).toEqual(
      expect.arrayContaining([
        'collection-case.assign',
        'collection-case.delinquency-details',
        'collection-case.collection-plan',
        'collection-case.malice-assessment',
      ]),
    );
  });

  test('bad input is refused with field details', async () => {
    const path = `/api/v1/collection/cases/${encodeURIComponent(CASE_A1)}`;
    const { revision } = (await detail(CASE_A1)).case;
    const expectRefused = async (method: string, suffix: string, body: unknown, status: number, field: string) => {
      const response = await app.request<{ error: { details: { path: string }[] } }>(method, `${path}/${suffix}`, { as: branch, body });
      expect([response.status, response.body.error?.details?.map((detail) => detail.path)]).toEqual([status, expect.arrayContaining([field])]);
    };
    await expectRefused('PUT', 'collection-plan', { revision, measures: ['x'], from: '2025-12-31', to: '2025-09-10' }, 400, '/body/to');
    await expectRefused('PUT', 'malice-assessment', { revision, assessment: 'maybe', reasons: ['x'], evidence: [] }, 400, '/body/assessment');
    await expectRefused('PUT', 'delinquency-details', { revision, reportedOn: '2025-13-01', source: 'x', note: 'y' }, 400, '/body/reportedOn');
    await expectRefused('POST', 'reassign', { revision, handler: 'agency', reason: 'needs a law firm' }, 400, '/body/agencyCategory');
    expect((await detail(CASE_A1)).case.revision).toBe(revision);
  });

  test('reassigning by hand keeps the reason, publishes collection.case-assigned and is audited; a closed case is not reassigned', async () => {
    const path = `/api/v1/collection/cases/${encodeURIComponent(CASE_A1)}`;
    const { revision } = (await detail(CASE_A1)).case;
    const reassigned = await app.request<Detail>('POST', `${path}/reassign`, {
      as: branch,
      body: { revision, handler: 'agency', agencyCategory: 'law-firm', reason: 'the funder asks for legal collection' },
    });
    expect([reassigned.status, reassigned.status === 200 ? '' : reassigned.text]).toEqual([200, '']);
    expect(reassigned.body.case.handler).toMatchObject({ type: 'agency', agencyCategory: 'law-firm', reason: 'by-hand', rule: null });
    expect(reassigned.body.history.at(-1)).toMatchObject({ action: 'reassigned', actor: 'sh-collector' });
    expect(sink.ofType('collection.case-assigned').at(-1)!.data).toMatchObject({
      caseId: CASE_A1,
      handler: 'agency',
      agencyCategory: 'law-firm',
      assignedBy: 'sh-collector',
    });
    const audit = await app.request<{ items: { action: string; reason?: string }[] }>(
      'GET',
      `/api/v1/audit?entityKind=collection-case&entityId=${encodeURIComponent(CASE_A1)}&action=collection-case.assign`,
    );
    expect(audit.body.items[0]).toMatchObject({ action: 'collection-case.assign', reason: 'the funder asks for legal collection' });
    const closed = await detail(CASE_A2);
    const refused = await app.request<{ error: { code: string } }>('POST', `/api/v1/collection/cases/${encodeURIComponent(CASE_A2)}/reassign`, {
      as: branch,
      body: { revision: closed.case.revision, handler: 'central-team', reason: 'x' },
    });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'invalid_state']);
  });
});
