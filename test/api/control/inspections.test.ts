import { createOrgUnits } from '../authority/helpers';
import { RecordingSink, runJob, tasksOf } from '../../support/monitoring-helpers';
import { startTestApp, type TestApp } from '../../support/test-app';
import { approvedPlan, findingWithRemediation, ok, startInspection, type InspectionView, type PlanView } from './control-fixtures';

/**
 * Internal control (Art. 34) over HTTP on the real database, with two workers: plans under maker-checker,
 * HQ-on-branch and self-inspections scoped to the inspected unit, remediations closed only by a reviewer other than
 * the remediator, and an overdue remediation announced once.
 */
let app: TestApp;
let second: TestApp;
const sink = new RecordingSink();
const as: Record<string, string> = {};

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '1000' }, { eventSink: sink });
  second = await startTestApp({ JOBS_PROCESS_EVERY_MS: '1000' }, { databaseName: app.databaseName, eventSink: sink });
  await createOrgUnits(app, [
    ['BR-SH', 'HQ'],
    ['BR-BJ', 'HQ'],
  ]);
  for (const [name, roles, unit] of [
    ['hq-owner', ['policy-owner'], 'HQ'],
    ['hq-approver', ['approver'], 'HQ'],
    ['hq-approver-2', ['approver'], 'HQ'],
    ['sh-operator', ['branch-operator'], 'BR-SH'],
    ['sh-approver', ['approver'], 'BR-SH'],
    ['bj-operator', ['branch-operator'], 'BR-BJ'],
    ['bj-approver', ['approver'], 'BR-BJ'],
  ] as const)
    as[name] = await app.createUserAndLogin(name, [...roles], unit);
}, 90_000);
afterAll(async () => {
  await second.close();
  await app.close();
});

test('plan approval is maker-checker: the author gets 403 maker_checker, another approver approves; a revision goes back to draft', async () => {
  const drafted = await ok<{ plan: PlanView }>(
    app,
    'POST',
    '/control/plans',
    { kind: 'hq-on-branch', period: '2026-H1', title: 'HQ inspections H1', units: ['BR-SH', 'BR-BJ'], areas: ['collection', 'claims'] },
    as['hq-approver'],
  );
  expect(drafted.plan).toMatchObject({ status: 'draft', approved: null, revision: 1 });
  const own = await app.request<{ error: { code: string } }>('POST', `/api/v1/control/plans/${drafted.plan.planId}/approve`, {
    as: as['hq-approver'],
    body: { revision: 1 },
  });
  expect([own.status, own.body.error?.code]).toEqual([403, 'maker_checker']);
  const approved = await ok<{ plan: PlanView; history: { action: string; actor: string }[] }>(
    app,
    'POST',
    `/control/plans/${drafted.plan.planId}/approve`,
    { revision: 1 },
    as['hq-approver-2'],
  );
  expect(approved.plan).toMatchObject({ status: 'approved', approved: { version: 1, approvedBy: 'hq-approver-2' }, revision: 2 });
  // hq-approver-2 revises it: now a maker of the pending draft, so hq-approver (maker of version 1 only) approves version 2.
  const revised = await ok<{ plan: PlanView }>(
    app,
    'PUT',
    `/control/plans/${drafted.plan.planId}`,
    { revision: 2, period: '2026-H1', title: 'HQ inspections H1', units: ['BR-SH'], areas: ['collection'] },
    as['hq-approver-2'],
  );
  expect(revised.plan).toMatchObject({ status: 'draft', approved: { version: 1 } });
  const byReviser = await app.request<{ error: { code: string } }>('POST', `/api/v1/control/plans/${drafted.plan.planId}/approve`, {
    as: as['hq-approver-2'],
    body: { revision: 3 },
  });
  expect([byReviser.status, byReviser.body.error?.code]).toEqual([403, 'maker_checker']);
  const reapproved = await ok<{ plan: PlanView; history: { action: string; actor: string }[] }>(
    app,
    'POST',
    `/control/plans/${drafted.plan.planId}/approve`,
    { revision: 3 },
    as['hq-approver'],
  );
  expect(reapproved.plan.approved).toMatchObject({ version: 2, approvedBy: 'hq-approver' });
  expect(reapproved.history.map((entry) => [entry.action, entry.actor])).toEqual([
    ['drafted', 'hq-approver'],
    ['approved', 'hq-approver-2'],
    ['revised', 'hq-approver-2'],
    ['approved', 'hq-approver'],
  ]);
  const audit = await app.request<{ items: { action: string }[] }>('GET', `/api/v1/audit?entityKind=inspection-plan&entityId=${drafted.plan.planId}`);
  expect(audit.body.items.map((entry) => entry.action).sort()).toEqual([
    'approve-inspection-plan',
    'approve-inspection-plan',
    'draft-inspection-plan',
    'revise-inspection-plan',
  ]);
}, 60_000);

test("a branch sees only its own inspections (its self-inspections and HQ's of it): another branch's is 404; the inspecting unit's queue has the task", async () => {
  const hqPlan = await approvedPlan(app, as['hq-owner']!, as['hq-approver']!, { kind: 'hq-on-branch', orgUnit: 'HQ', units: ['BR-SH', 'BR-BJ'] });
  const ofShanghai = await startInspection(app, as['hq-owner']!, hqPlan.planId, 'BR-SH');
  const ofBeijing = await startInspection(app, as['hq-owner']!, hqPlan.planId, 'BR-BJ');
  const shPlan = await approvedPlan(app, as['sh-operator']!, as['sh-approver']!, { kind: 'self-inspection', orgUnit: 'BR-SH', units: ['BR-SH'] });
  const selfShanghai = await startInspection(app, as['sh-operator']!, shPlan.planId, 'BR-SH');
  expect([ofShanghai.kind, ofShanghai.inspectingUnit, selfShanghai.kind, selfShanghai.inspectingUnit]).toEqual([
    'hq-on-branch',
    'HQ',
    'self-inspection',
    'BR-SH',
  ]);

  const listed = await app.request<{ items: InspectionView[] }>('GET', '/api/v1/control/inspections?limit=500', { as: as['sh-operator'] });
  expect(listed.status).toBe(200);
  const ids = listed.body.items.map((item) => item.inspectionId);
  expect(ids).toEqual(expect.arrayContaining([ofShanghai.inspectionId, selfShanghai.inspectionId]));
  expect(listed.body.items.every((item) => item.orgUnit === 'BR-SH')).toBe(true);
  expect((await app.request('GET', `/api/v1/control/inspections/${ofBeijing.inspectionId}`, { as: as['sh-operator'] })).status).toBe(404);
  expect((await app.request('GET', `/api/v1/control/inspections/${ofShanghai.inspectionId}`, { as: as['sh-operator'] })).status).toBe(200);
  // HQ sees all.
  const hq = await app.request<{ items: InspectionView[] }>('GET', '/api/v1/control/inspections?limit=500', { as: as['hq-owner'] });
  expect(hq.body.items.map((item) => item.inspectionId)).toEqual(
    expect.arrayContaining([ofShanghai.inspectionId, ofBeijing.inspectionId, selfShanghai.inspectionId]),
  );
  // Keyset paging: one at a time, no repeats.
  const first = await app.request<{ items: InspectionView[]; nextBefore?: string }>('GET', '/api/v1/control/inspections?limit=1', { as: as['sh-operator'] });
  const next = await app.request<{ items: InspectionView[] }>(
    'GET',
    `/api/v1/control/inspections?limit=1&before=${encodeURIComponent(first.body.nextBefore!)}`,
    {
      as: as['sh-operator'],
    },
  );
  expect(next.body.items[0]!.inspectionId).not.toBe(first.body.items[0]!.inspectionId);
  // The inspection tasks: the self-inspection on Shanghai's queue, HQ's inspections on HQ's.
  const shTasks = await tasksOf(app, '&status=open');
  const task = (id: string) => shTasks.find((item) => item.taskId === id);
  expect([task(selfShanghai.taskId)?.orgUnit, task(ofShanghai.taskId)?.orgUnit]).toEqual(['BR-SH', 'HQ']);
  // A branch records no finding in HQ's inspection of it (403), nor starts one under HQ's plan (404).
  const finding = await app.request('POST', `/api/v1/control/inspections/${ofShanghai.inspectionId}/findings`, {
    as: as['sh-operator'],
    body: { revision: ofShanghai.revision, severity: 'low', area: 'collection', description: 'x' },
  });
  expect(finding.status).toBe(403);
  expect(
    (
      await app.request('POST', '/api/v1/control/inspections', {
        as: as['sh-operator'],
        body: { planId: hqPlan.planId, orgUnit: 'BR-SH', areas: ['collection'], title: 't', dueOn: '2026-06-30' },
      })
    ).status,
  ).toBe(404);
}, 60_000);

test('a remediation is never closed by who remediated it (403 maker_checker); another reviewer closes it', async () => {
  const plan = await approvedPlan(app, as['sh-operator']!, as['sh-approver']!, { kind: 'self-inspection', orgUnit: 'BR-SH', units: ['BR-SH'] });
  let inspection = await startInspection(app, as['sh-operator']!, plan.planId, 'BR-SH');
  inspection = await findingWithRemediation(app, as['sh-approver']!, inspection, '2026-12-31');
  expect(
    sink
      .ofType('inspection.finding-recorded')
      .filter((event) => event.data.inspectionId === inspection.inspectionId)
      .map((event) => event.data),
  ).toEqual([{ inspectionId: inspection.inspectionId, findingId: 'F1', severity: 'high' }]);
  const path = `/control/inspections/${inspection.inspectionId}/remediations/R1`;
  inspection = (
    await ok<{ inspection: InspectionView }>(
      app,
      'POST',
      `${path}/remediate`,
      { revision: inspection.revision, evidence: { note: 'team retrained', references: ['DOC-7'] } },
      as['sh-approver'],
    )
  ).inspection;
  expect(inspection.remediations[0]).toMatchObject({ status: 'remediated', remediatedBy: 'sh-approver' });
  const own = await app.request<{ error: { code: string } }>('POST', `/api/v1${path}/review`, {
    as: as['sh-approver'],
    body: { revision: inspection.revision, outcome: 'close' },
  });
  expect([own.status, own.body.error?.code]).toEqual([403, 'maker_checker']);
  const closed = await ok<{ inspection: InspectionView }>(
    app,
    'POST',
    `${path}/review`,
    { revision: inspection.revision, outcome: 'close' },
    as['sh-operator'],
  );
  expect(closed.inspection.remediations[0]).toMatchObject({ status: 'closed', reviewedBy: 'sh-operator' });
}, 60_000);

test('an overdue remediation raises one task and one inspection.remediation-overdue, asked of both workers at once and again', async () => {
  // The workers start here, not before the other tests: two agenda workers polling often slow every read of the
  // local database on a loaded machine, enough for the set-up above to outrun its time-out.
  await Promise.all([app.platform.startJobs(), second.platform.startJobs()]);
  const plan = await approvedPlan(app, as['hq-owner']!, as['hq-approver']!, { kind: 'hq-on-branch', orgUnit: 'HQ', units: ['BR-BJ'] });
  let inspection = await startInspection(app, as['hq-owner']!, plan.planId, 'BR-BJ');
  inspection = await findingWithRemediation(app, as['hq-owner']!, inspection, '2026-03-31');
  const overdueTasks = async () => (await tasksOf(app)).filter((task) => task.taskId.startsWith(`inspection-remediation:${inspection.inspectionId}:`));
  const overdueEvents = () => sink.ofType('inspection.remediation-overdue').filter((event) => event.data.inspectionId === inspection.inspectionId);

  await runJob(app, 'inspection-deadlines', { asOf: '2026-03-31' });
  expect(await overdueTasks()).toEqual([]);
  const runs = await Promise.all(
    [app, second].map((worker) => worker.request('POST', '/api/v1/jobs/inspection-deadlines/run', { body: { asOf: '2026-04-01', waitSeconds: 60 } })),
  );
  expect(runs.map((run) => run.status).every((status) => status === 200 || status === 409)).toBe(true);
  const again = await runJob(second, 'inspection-deadlines', { asOf: '2026-04-01' });
  expect(again.counts.tasksRaised).toBe(0);
  await runJob(app, 'inspection-deadlines', { asOf: '2026-04-02' });
  const tasks = await overdueTasks();
  expect(tasks.map((task) => [task.taskId, task.orgUnit, task.dueOn])).toEqual([
    [`inspection-remediation:${inspection.inspectionId}:R1:2026-03-31`, 'BR-BJ', '2026-03-31'],
  ]);
  expect(overdueEvents().map((event) => event.data)).toEqual([
    { inspectionId: inspection.inspectionId, findingId: 'F1', remediationId: 'R1', dueOn: '2026-03-31' },
  ]);
  // Beijing's operator sees the task on its queue and the item overdue.
  expect((await tasksOf(app, '&status=open').then((all) => all.length)) > 0).toBe(true);
  const seen = await ok<{ inspection: InspectionView }>(app, 'GET', `/control/inspections/${inspection.inspectionId}`, undefined, as['bj-operator']);
  expect(seen.inspection.remediations[0]!.overdue).toBe(true);
}, 120_000);
