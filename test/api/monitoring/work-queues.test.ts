import { alertsOf, runJob, tasksOf, type AlertView, type TaskView } from '../../support/monitoring-helpers';
import { monitoringPortfolio } from '../../support/monitoring-portfolio';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * The work queues over HTTP: filters, scope by the org-unit tree (a Shanghai operator sees
 * Shanghai's work, HQ sees all), assign, acknowledge, comment and complete with evidence,
 * 409 on a stale revision or a finished task, 400 with field details on bad input.
 */
let app: TestApp;
let shanghai: string;
let beijing: string;
let auditor: string;

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100' });
  await app.platform.startJobs();
  for (const id of ['BR-SH', 'BR-BJ']) expect((await app.request('POST', '/api/v1/org-units', { body: { id, name: id, parent: 'HQ' } })).status).toBe(201);
  await app.request('POST', '/api/v1/portfolio/import', { body: monitoringPortfolio() });
  shanghai = await app.createUserAndLogin('sh-operator', ['branch-operator'], 'BR-SH');
  beijing = await app.createUserAndLogin('bj-operator', ['branch-operator'], 'BR-BJ');
  auditor = await app.createUserAndLogin('hq-auditor', ['auditor'], 'HQ');
  for (const asOf of ['2025-08-10', '2025-08-20']) {
    await runJob(app, 'obligor-monitoring', { asOf });
    await runJob(app, 'claim-triggers', { asOf });
  }
}, 90_000);

afterAll(() => app.close());

test("queues are filtered by level, status, owner role and unit, and scoped to the caller's unit and below", async () => {
  const all = await alertsOf(app);
  expect(new Set(all.map((alert) => alert.orgUnit))).toEqual(new Set(['BR-SH', 'BR-BJ', 'HQ']));
  const mine = await app.request<{ items: AlertView[] }>('GET', '/api/v1/alerts', { as: shanghai });
  expect(mine.status).toBe(200);
  expect(mine.body.items.length).toBeGreaterThan(0);
  expect(mine.body.items.every((alert) => alert.orgUnit === 'BR-SH')).toBe(true);
  const orange = await alertsOf(app, '&level=orange&status=open');
  expect(orange.length).toBeGreaterThan(0);
  expect(orange.every((alert) => alert.level === 'orange' && alert.status === 'open')).toBe(true);
  const riskStaff = await tasksOf(app, '&ownerRole=risk-staff');
  expect(riskStaff.length).toBe(2);
  expect((await tasksOf(app, '&orgUnit=BR-SH')).every((task) => task.orgUnit === 'BR-SH')).toBe(true);

  const outside = await app.request<{ error: { code: string } }>('GET', '/api/v1/tasks?orgUnit=BR-BJ', { as: shanghai });
  expect([outside.status, outside.body.error.code]).toEqual([403, 'out_of_scope']);
  const hidden = all.find((alert) => alert.orgUnit === 'BR-BJ')!;
  expect((await app.request('GET', `/api/v1/alerts/${encodeURIComponent(hidden.alertId)}`, { as: shanghai })).status).toBe(404);
  expect((await app.request('GET', '/api/v1/claims', { as: beijing })).status).toBe(200);
  const bad = await app.request<{ error: { details: { path: string }[] } }>('GET', '/api/v1/alerts?level=purple', { as: auditor });
  expect(bad.status).toBe(400);
  expect(bad.body.error.details[0]!.path).toBe('/query/level');
});

test("a monitoring task's creation is read from the alert revision that ordered it, not stored twice", async () => {
  const tasks = (await tasksOf(app, '&status=open')).filter((task) => task.alertId !== null);
  expect(tasks.length).toBeGreaterThan(3);
  // The alert's history entry lists every task its revision ordered in full; a second copy per task was about a quarter of a first day's documents.
  const stored = await app.connection.db!.collection('monitoring_task_history').countDocuments({ subjectId: { $in: tasks.map((task) => task.taskId) } });
  expect(stored).toBe(0);
  for (const task of tasks.slice(0, 3)) {
    const detail = await app.request<{ history: { revision: number; action: string; actor: string; asOf: string; changes: Record<string, unknown> }[] }>(
      'GET',
      `/api/v1/tasks/${encodeURIComponent(task.taskId)}`,
    );
    expect(detail.status).toBe(200);
    expect(detail.body.history[0]).toMatchObject({ revision: 1, action: 'created', actor: 'job:obligor-monitoring', asOf: task.createdOn });
    expect(detail.body.history[0]!.changes).toMatchObject({ action: task.action, alertId: task.alertId, status: 'open', dueOn: task.dueOn });
    expect(detail.body.history[0]!.changes).not.toHaveProperty('_id');
  }
});

test('a task is assigned, acknowledged, commented and completed with evidence; each step is a revision in its history', async () => {
  const task = (await app.request<{ items: TaskView[] }>('GET', '/api/v1/tasks?status=open&ownerRole=risk-manager', { as: shanghai })).body.items.find(
    (item) => item.action === 'reduce-credit-limit',
  )!;
  const path = `/api/v1/tasks/${encodeURIComponent(task.taskId)}`;
  const assigned = await app.request<{ task: TaskView & { assignee: string } }>('POST', `${path}/assign`, {
    as: shanghai,
    body: { revision: task.revision, assignee: 'sh-operator' },
  });
  expect(assigned.status).toBe(200);
  expect(assigned.body.task).toMatchObject({ assignee: 'sh-operator', revision: task.revision + 1 });
  expect((await tasksOf(app, '&assignee=sh-operator')).map((item) => item.taskId)).toEqual([task.taskId]);
  const mine = await app.request<{ items: TaskView[] }>('GET', '/api/v1/tasks?assignee=me', { as: shanghai });
  expect(mine.body.items.map((item) => item.taskId)).toEqual([task.taskId]);

  const acknowledged = await app.request<{ task: TaskView }>('POST', `${path}/acknowledge`, { as: shanghai, body: { revision: task.revision + 1 } });
  expect(acknowledged.body.task.status).toBe('acknowledged');
  const commented = await app.request<{ task: TaskView }>('POST', `${path}/comments`, {
    as: shanghai,
    body: { revision: task.revision + 2, text: 'limit cut requested from the funder' },
  });
  expect(commented.status).toBe(200);
  const completed = await app.request<{
    task: TaskView & { evidence: unknown; completedBy: string };
    history: { action: string; actor: string; note: string | null }[];
  }>('POST', `${path}/complete`, {
    as: shanghai,
    body: { revision: task.revision + 3, evidence: { note: 'credit line reduced by 30%', references: ['FUNDER-LETTER-2025-081'] } },
  });
  expect(completed.status).toBe(200);
  expect(completed.body.task).toMatchObject({
    status: 'done',
    completedBy: 'sh-operator',
    evidence: { note: 'credit line reduced by 30%', references: ['FUNDER-LETTER-2025-081'] },
  });
  expect(completed.body.history.map((entry) => entry.action)).toEqual(['created', 'assigned', 'acknowledged', 'commented', 'completed']);
  expect(completed.body.history[3]).toMatchObject({ actor: 'sh-operator', note: 'limit cut requested from the funder' });

  const again = await app.request<{ error: { code: string } }>('POST', `${path}/complete`, {
    as: shanghai,
    body: { revision: task.revision + 4, evidence: { note: 'twice' } },
  });
  expect([again.status, again.body.error.code]).toEqual([409, 'invalid_state']);
});

test('a stale revision is 409, and of two simultaneous actions at one revision exactly one wins', async () => {
  const alert = (await app.request<{ items: AlertView[] }>('GET', '/api/v1/alerts?status=open', { as: shanghai })).body.items[0]!;
  const path = `/api/v1/alerts/${encodeURIComponent(alert.alertId)}`;
  const results = await Promise.all([
    app.request('POST', `${path}/acknowledge`, { as: shanghai, body: { revision: alert.revision } }),
    app.request('POST', `${path}/comments`, { as: shanghai, body: { revision: alert.revision, text: 'looking into it' } }),
    app.request('POST', `${path}/assign`, { as: shanghai, body: { revision: alert.revision, assignee: 'sh-operator' } }),
  ]);
  expect(results.map((result) => result.status).sort()).toEqual([200, 409, 409]);
  const stale = await app.request<{ error: { code: string; details: { path: string }[] } }>('POST', `${path}/comments`, {
    as: shanghai,
    body: { revision: alert.revision, text: 'late' },
  });
  expect([stale.status, stale.body.error.code, stale.body.error.details[0]!.path]).toEqual([409, 'stale_version', '/body/revision']);
  const detail = await app.request<{ alert: AlertView; history: { revision: number }[] }>('GET', path, { as: shanghai });
  expect(detail.body.alert.revision).toBe(alert.revision + 1);
  expect(detail.body.history.map((entry) => entry.revision)).toEqual(Array.from({ length: alert.revision + 1 }, (_, index) => index + 1));
});

test('bad input is refused with field details; only branch operators act, auditors read', async () => {
  const alert = (await alertsOf(app, '&status=open'))[0]!;
  const path = `/api/v1/alerts/${encodeURIComponent(alert.alertId)}`;
  const unknownUser = await app.request<{ error: { details: { path: string; message: string }[] } }>('POST', `${path}/assign`, {
    body: { revision: alert.revision, assignee: 'nobody' },
  });
  expect(unknownUser.status).toBe(400);
  expect(unknownUser.body.error.details).toEqual([{ path: '/body/assignee', message: `no active user "nobody" in ${alert.orgUnit} or a unit above it` }]);
  const missing = await app.request<{ error: { details: { path: string }[] } }>('POST', `${path}/comments`, { body: { revision: alert.revision } });
  expect(missing.status).toBe(400);
  expect(missing.body.error.details.map((detail) => detail.path)).toContain('/body/text');
  const task = (await tasksOf(app, '&status=open'))[0]!;
  const noEvidence = await app.request('POST', `/api/v1/tasks/${encodeURIComponent(task.taskId)}/complete`, {
    body: { revision: task.revision, evidence: { note: '' } },
  });
  expect(noEvidence.status).toBe(400);
  expect((await app.request('POST', `${path}/acknowledge`, { as: auditor, body: { revision: alert.revision } })).status).toBe(403);
  expect((await app.request('GET', path, { as: auditor })).status).toBe(200);
  expect((await app.request('GET', '/api/v1/alerts/no-such-alert')).status).toBe(404);
});

test('the obligor view brings facts over time, alerts with history, tasks and claim cases together', async () => {
  const view = await app.request<{
    timeline: { asOf: string; facts: { dpd: number } }[];
    alerts: { alert: AlertView; history: unknown[] }[];
    claims: { claim: { status: string } }[];
  }>('GET', '/api/v1/obligors/OB-C/monitoring?asOf=2025-08-20&months=4');
  expect(view.status).toBe(200);
  expect(view.body.timeline.map((point) => [point.asOf, point.facts.dpd])).toEqual([
    ['2025-04-30', 0],
    ['2025-05-31', 30],
    ['2025-06-30', 60],
    ['2025-07-31', 91],
    ['2025-08-20', 50],
  ]);
  expect(view.body.alerts[0]!.history.length).toBe(2);
  expect(view.body.claims[0]!.claim.status).toBe('suspended');
  expect((await app.request('GET', '/api/v1/obligors/NOBODY/monitoring')).status).toBe(404);
});

test("the obligor view is the caller's scope only: another branch's obligor and internet business (HQ's) are 404 like an unknown one", async () => {
  // OB-D is Beijing's; OB-C is internet business booked by Beijing, so it is HQ's (INTERNET_CHANNELS).
  for (const [obligorId, as] of [
    ['OB-D', shanghai],
    ['OB-C', shanghai],
    ['OB-C', beijing],
  ] as const) {
    const response = await app.request<{ error: { code: string } }>('GET', `/api/v1/obligors/${obligorId}/monitoring?asOf=2025-08-20`, { as });
    expect([obligorId, response.status, response.body.error?.code]).toEqual([obligorId, 404, 'unknown_obligor']);
  }
  const own = await app.request<{ timeline: unknown[] }>('GET', '/api/v1/obligors/OB-D/monitoring?asOf=2025-08-20', { as: beijing });
  expect(own.status).toBe(200);
  expect(own.body.timeline.length).toBeGreaterThan(0);
  expect((await app.request('GET', '/api/v1/obligors/OB-C/monitoring?asOf=2025-08-20', { as: auditor })).status).toBe(200);
});

test("an alert or task is assigned only to a user who can see it: another branch's user is refused like an unknown one", async () => {
  const alert = (await app.request<{ items: AlertView[] }>('GET', '/api/v1/alerts?status=open', { as: shanghai })).body.items[0]!;
  const task = (await app.request<{ items: TaskView[] }>('GET', '/api/v1/tasks?status=open', { as: shanghai })).body.items[0]!;
  const targets = [`/api/v1/alerts/${encodeURIComponent(alert.alertId)}/assign`, `/api/v1/tasks/${encodeURIComponent(task.taskId)}/assign`];
  const revisions = [alert.revision, task.revision];
  for (const [index, path] of targets.entries()) {
    // Both the branch itself and HQ (who may see every unit) are refused: the assignee must see the item.
    for (const as of [shanghai, undefined]) {
      const refused = await app.request<{ error: { details: { path: string; message: string }[] } }>('POST', path, {
        as,
        body: { revision: revisions[index], assignee: 'bj-operator' },
      });
      expect([path, refused.status, refused.body.error.details]).toEqual([
        path,
        400,
        [{ path: '/body/assignee', message: 'no active user "bj-operator" in BR-SH or a unit above it' }],
      ]);
    }
    const unknown = await app.request<{ error: { details: { message: string }[] } }>('POST', path, {
      as: shanghai,
      body: { revision: revisions[index], assignee: 'nobody' },
    });
    expect(unknown.body.error.details[0]!.message).toBe('no active user "nobody" in BR-SH or a unit above it');
    // HQ's staff see every unit, so HQ may take a branch's item.
    const toHq = await app.request<{ revision?: number }>('POST', path, { as: shanghai, body: { revision: revisions[index], assignee: 'hq-auditor' } });
    expect(toHq.status).toBe(200);
  }
});
