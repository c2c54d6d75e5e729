import type { AlertRecord } from '../../../server/monitoring/alert.model';
import type { TaskRecord } from '../../../server/monitoring/task.model';
import { alertsOf, openLevel, runJob, tasksOf } from '../../support/monitoring-helpers';
import { monitoringPortfolio } from '../../support/monitoring-portfolio';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * Alerts keep the measures ordered for them, so the daily run decides dispositions and deadline
 * reviews without reading tasks; a closing one cancels its pending tasks by the ids its measures
 * name. Days and expectations follow monitoring-loop.test.ts.
 */
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100' });
  await app.platform.startJobs();
  await app.request('POST', '/api/v1/portfolio/import', { body: monitoringPortfolio() });
}, 60_000);

afterAll(() => app.close());

const stored = async () => ({
  alerts: await app.connection.db!.collection<AlertRecord>('monitoring_alerts').find({ target: 'obligor' }).toArray(),
  tasks: await app.connection.db!.collection<TaskRecord>('monitoring_tasks').find({ target: 'obligor' }).toArray(),
});

/** Each alert's measures, as task ids with the fields a review reads, next to its tasks' same fields. */
async function measuresAndTasks(): Promise<{ kept: Record<string, string[]>; fromTasks: Record<string, string[]> }> {
  const { alerts, tasks } = await stored();
  const describe = (
    measure: { action: string; dueOn: string | null; createdOn: string; escalationStep: number; valueAtMeasure: number | null },
    taskId: string,
  ) => `${taskId}|${measure.action}|${measure.dueOn}|${measure.createdOn}|${measure.escalationStep}|${measure.valueAtMeasure}`;
  return {
    kept: Object.fromEntries(alerts.map((alert) => [alert._id, (alert.measures ?? []).map((measure) => describe(measure, measure.taskId)).sort()])),
    fromTasks: Object.fromEntries(
      alerts.map((alert) => [
        alert._id,
        tasks
          .filter((task) => task.alertId === alert._id)
          .map((task) => describe(task, task._id))
          .sort(),
      ]),
    ),
  };
}

test("a raised alert keeps one measure per task it ordered, with the task's id, deadline and value", async () => {
  await runJob(app, 'obligor-monitoring', { asOf: '2025-08-10' });
  const { kept, fromTasks } = await measuresAndTasks();
  expect(Object.keys(kept)).toHaveLength(4);
  expect(Object.values(kept).flat().length).toBeGreaterThan(4);
  expect(kept).toEqual(fromTasks);
});

test("a closing alert's pending tasks are cancelled from its measures, and an escalated alert's list grows with its next change", async () => {
  const { tasks } = await stored();
  const pendingOfF = tasks.filter((task) => task.obligorId === 'OB-F' && task.status === 'open');
  expect(pendingOfF.length).toBeGreaterThan(0);

  const run = await runJob(app, 'obligor-monitoring', { asOf: '2025-08-20' });
  expect(run.counts.alertsClosed).toBe(1);
  const after = await tasksOf(app, '&obligorId=OB-F');
  expect(after.filter((task) => pendingOfF.some((pending) => pending._id === task.taskId)).map((task) => task.status)).toEqual(
    pendingOfF.map(() => 'cancelled'),
  );
  expect(openLevel(await alertsOf(app, '&target=obligor'), 'OB-B')).toBe('orange');

  // An escalated alert keeps its whole list: the measures of revision 1 and the new ones.
  const { alerts } = await stored();
  const alertOfB = alerts.find((alert) => alert.obligorId === 'OB-B' && alert.status === 'open')!;
  const { kept, fromTasks } = await measuresAndTasks();
  expect(kept[alertOfB._id]).toEqual(fromTasks[alertOfB._id]);
  expect(alertOfB.measures!.map((measure) => measure.taskId)).toEqual(
    expect.arrayContaining([expect.stringContaining(':r1:'), expect.stringContaining(':r2:')]),
  );
});

test('the deadline review reads the measures off the alert: an orange deadline passed without improvement orders the next cut', async () => {
  await runJob(app, 'obligor-monitoring', { asOf: '2025-09-06' });
  const cuts = (await tasksOf(app, '&obligorId=OB-B')).filter((task) => task.action === 'reduce-credit-limit');
  expect(cuts.map((task) => [task.share, task.escalationStep, task.dueOn]).sort()).toEqual([
    [0.2, 1, '2025-10-06'],
    [0.3, 0, '2025-09-04'],
  ]);
  const { alerts } = await stored();
  const { kept, fromTasks } = await measuresAndTasks();
  for (const alert of alerts.filter((candidate) => candidate.measures)) expect(kept[alert._id]).toEqual(fromTasks[alert._id]);
});
