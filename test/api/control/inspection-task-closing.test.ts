import { createOrgUnits } from '../authority/helpers';
import { runJob } from '../../support/monitoring-helpers';
import { startTestApp, type TestApp } from '../../support/test-app';
import { approvedPlan, findingWithRemediation, ok, startInspection, type InspectionView } from './control-fixtures';

/**
 * The queue follows the inspection (Art. 34, docs/internal-control.md): the inspecting unit's `inspection` task is done
 * when the inspection completes, and the inspected unit's overdue-remediation task is done when the item is closed
 * after review, each with the history line saying why. Over HTTP on the real database.
 */
let app: TestApp;
const as: Record<string, string> = {};
type TaskDetail = { task: { taskId: string; status: string; completedBy: string | null; evidence: { note: string } | null }; history: { action: string }[] };

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100' });
  await app.platform.startJobs();
  await createOrgUnits(app, [['BR-GZ', 'HQ']]);
  for (const [name, roles, unit] of [
    ['hq-owner', ['policy-owner'], 'HQ'],
    ['hq-approver', ['approver'], 'HQ'],
    ['gz-operator', ['branch-operator'], 'BR-GZ'],
  ] as const)
    as[name] = await app.createUserAndLogin(name, [...roles], unit);
}, 90_000);
afterAll(async () => {
  await app.close();
});

const task = (taskId: string) => ok<TaskDetail>(app, 'GET', `/tasks/${encodeURIComponent(taskId)}`, undefined);

test("closing an overdue item finishes its overdue task; completing the inspection finishes the inspecting unit's task", async () => {
  const plan = await approvedPlan(app, as['hq-owner']!, as['hq-approver']!, { kind: 'hq-on-branch', orgUnit: 'HQ', units: ['BR-GZ'] });
  let inspection = await startInspection(app, as['hq-owner']!, plan.planId, 'BR-GZ');
  inspection = await findingWithRemediation(app, as['hq-owner']!, inspection, '2026-03-31');
  await runJob(app, 'inspection-deadlines', { asOf: '2026-04-02' });
  const overdueId = `inspection-remediation:${inspection.inspectionId}:R1:2026-03-31`;
  expect((await task(overdueId)).task.status).toBe('open');

  const path = `/control/inspections/${inspection.inspectionId}`;
  inspection = (
    await ok<{ inspection: InspectionView }>(
      app,
      'POST',
      `${path}/remediations/R1/remediate`,
      { revision: inspection.revision, evidence: { note: 'scripts fixed' } },
      as['gz-operator'],
    )
  ).inspection;
  // Remediated but not yet reviewed: the overdue task stays open.
  expect((await task(overdueId)).task.status).toBe('open');
  inspection = (
    await ok<{ inspection: InspectionView }>(
      app,
      'POST',
      `${path}/remediations/R1/review`,
      { revision: inspection.revision, outcome: 'close' },
      as['hq-approver'],
    )
  ).inspection;
  const overdue = await task(overdueId);
  expect([overdue.task.status, overdue.task.completedBy, overdue.task.evidence?.note]).toEqual(['done', 'hq-approver', 'scripts fixed']);
  expect(overdue.history.map((entry) => entry.action)).toEqual(['created', 'completed']);

  expect((await task(inspection.taskId)).task.status).toBe('open');
  await ok(app, 'POST', `${path}/complete`, { revision: inspection.revision, note: 'report filed' }, as['hq-owner']);
  const carried = await task(inspection.taskId);
  expect([carried.task.status, carried.task.completedBy, carried.task.evidence?.note]).toEqual(['done', 'hq-owner', 'report filed']);
}, 120_000);
