import type { UnderwritingCheck, UnderwritingRecordDetail } from '../../../server/generated/schema-types';
import { createOrgUnits } from '../authority/helpers';
import { runJob } from '../../support/monitoring-helpers';
import { monitoringPortfolio } from '../../support/monitoring-portfolio';
import { waitUntil } from '../../support/polling';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * A monitoring run that stores its measure tasks and dies before the underwriting module writes
 * their records leaves the obligor unblocked; the end of the next run (the day's again, or the
 * next day's) writes the records of the pending suspend/reduce tasks that have none, once.
 * On the monitoring portfolio OB-F (BR-BJ) turns red on 2025-08-10.
 */
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100' });
  await app.platform.startJobs();
  await createOrgUnits(app, [
    ['BR-SH', 'HQ'],
    ['BR-BJ', 'HQ'],
  ]);
  const imported = await app.request('POST', '/api/v1/portfolio/import', { body: monitoringPortfolio() });
  if (imported.status !== 200) throw new Error(imported.text);
}, 240_000);
afterAll(() => app.close());

const check = async (obligorId: string) => (await app.request<UnderwritingCheck>('GET', `/api/v1/underwriting/checks/${obligorId}`)).body;

test("the next run writes the records of measure tasks an interrupted run stored without them, once, from the task's day", async () => {
  await runJob(app, 'obligor-monitoring', { asOf: '2025-08-10' });
  const written = await check('OB-F');
  expect(written.blocked).toBe(true);
  const recordId = written.reasons[0]!.recordId;
  expect(recordId).toMatch(/^m:/);

  // The run that died after storing its tasks: the task is there, its record and the read model are not.
  const db = app.connection.db!;
  await db.collection('underwriting_records').deleteOne({ _id: recordId as never });
  await db.collection('underwriting_record_history').deleteMany({ subjectId: recordId });
  await db.collection('underwriting_checks').deleteOne({ _id: 'OB-F' as never });
  await db.collection('underwriting_meta').updateOne({ _id: 'obligor-records' as never }, { $inc: { generation: 1 } }, { upsert: true });
  // It registered before storing its tasks and never got to clear the registration (it started long enough ago to be dead).
  await db
    .collection('underwriting_measure_runs')
    .insertOne({ _id: 'killed-attempt' as never, asOf: '2025-08-10', startedAt: new Date(Date.now() - 7 * 3_600_000) });
  const task = await db.collection('monitoring_tasks').findOne({ _id: recordId.slice(2) as never });
  expect(task).toMatchObject({ action: 'suspend-new-credit', status: 'open' });
  // The check looks at the generation once a second: it answers unblocked soon after.
  await waitUntil(async () => !(await check('OB-F')).blocked, 5_000, 'OB-F unblocked once its record is gone');

  // The day's run again: nothing about OB-F's alert changes, yet the record is written, starting on the task's day.
  const rerun = await runJob(app, 'obligor-monitoring', { asOf: '2025-08-10' });
  expect(rerun.counts.measureReconciliations).toBe(1);
  expect(await db.collection('underwriting_measure_runs').countDocuments({})).toBe(0);
  const reconciled = await check('OB-F');
  expect(reconciled.blocked).toBe(true);
  expect(reconciled.reasons).toEqual([expect.objectContaining({ recordId, kind: 'block', startOn: '2025-08-10' })]);
  const detail = await app.request<UnderwritingRecordDetail>('GET', `/api/v1/underwriting/records/${encodeURIComponent(recordId)}`);
  expect(detail.body.history).toHaveLength(1);

  // Once: another run writes nothing more, and with no run left unfinished it does not look.
  expect((await runJob(app, 'obligor-monitoring', { asOf: '2025-08-11' })).counts.measureReconciliations).toBe(0);
  const again = await app.request<UnderwritingRecordDetail>('GET', `/api/v1/underwriting/records/${encodeURIComponent(recordId)}`);
  expect(again.body.history).toHaveLength(1);
  expect((await check('OB-F')).reasons).toHaveLength(1);
}, 240_000);

test('a run that told the module of all its measure tasks leaves no registration, so the next run reads no pending tasks', async () => {
  // Reading every pending suspend/reduce task and its record at the end of each run cost 8 s at 100,000 loans.
  const run = await runJob(app, 'obligor-monitoring', { asOf: '2025-08-12' });
  expect(run.counts.measureReconciliations).toBe(0);
  expect(await app.connection.db!.collection('underwriting_measure_runs').countDocuments({})).toBe(0);
  // A registration younger than the longest run may be a run still under way elsewhere: it is looked at, and kept for its owner.
  const running = { _id: 'other-worker' as never, asOf: '2025-08-12', startedAt: new Date() };
  await app.connection.db!.collection('underwriting_measure_runs').insertOne(running);
  expect((await runJob(app, 'obligor-monitoring', { asOf: '2025-08-13' })).counts.measureReconciliations).toBe(1);
  expect(await app.connection.db!.collection('underwriting_measure_runs').countDocuments({})).toBe(1);
  await app.connection.db!.collection('underwriting_measure_runs').deleteOne({ _id: running._id });
});

test('the next run ends the suspensions of an alert an interrupted run closed without telling the module, on the day it closed', async () => {
  const db = app.connection.db!;
  const open = await check('OB-F');
  expect(open.blocked).toBe(true);
  const recordId = open.reasons[0]!.recordId;
  const block = await db.collection('underwriting_records').findOne({ _id: recordId as never });
  const alertId = (block as { source: { alertId: string } } | null)!.source.alertId;
  // The run that died after closing the alert (its signal cleared) and cancelling its tasks, before the module heard of it.
  await db.collection('monitoring_alerts').updateOne({ _id: alertId as never }, { $set: { status: 'closed', closedOn: '2025-08-14' } });
  await db.collection('monitoring_tasks').updateMany({ alertId }, { $set: { status: 'cancelled' } });
  await db
    .collection('underwriting_measure_runs')
    .insertOne({ _id: 'killed-after-closing' as never, asOf: '2025-08-14', startedAt: new Date(Date.now() - 7 * 3_600_000) });

  expect((await runJob(app, 'obligor-monitoring', { asOf: '2025-08-14' })).counts.measureReconciliations).toBe(1);
  const detail = await app.request<UnderwritingRecordDetail>('GET', `/api/v1/underwriting/records/${encodeURIComponent(recordId)}`);
  expect(detail.body.record).toMatchObject({ status: 'ended', endOn: '2025-08-14' });
  expect(detail.body.history.map((entry) => entry.action)).toEqual(['created', 'ended']);
  expect((await check('OB-F')).reasons.map((reason) => reason.recordId)).not.toContain(recordId);
}, 240_000);
