import { createOrgUnits } from '../authority/helpers';
import { RecordingSink, runJob, tasksOf } from '../../support/monitoring-helpers';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * The daily complaint-deadlines job (Arts 25, 27) over HTTP on the real database, on two workers:
 * complaint.handling per open complaint, the deadlines on the complaint and its place in the
 * deadline queue, a task and a complaint.deadline-* event when a limit is near or past.
 * Received Monday 2026-03-02: acceptance is due five working days later, Monday 2026-03-09, and is
 * missed from Tuesday 2026-03-10 (not on the 9th).
 */
let app: TestApp;
let second: TestApp;
const sink = new RecordingSink();
let operator: string;

interface Deadline {
  stage: string;
  dueOn: string | null;
  state: string;
  daysLeft: number | null;
  doneOn: string | null;
}
interface ComplaintView {
  complaintId: string;
  revision: number;
  status: string;
  nextDeadline: string | null;
  deadlines?: { asOf: string; decisionId: string; items: Deadline[]; escalations: { to: string; reason: string }[] } | null;
}

const intake = async (receivedAt: string, complexity = 'simple') => {
  const response = await app.request<{ complaint: ComplaintView }>('POST', '/api/v1/complaints', {
    as: operator,
    body: {
      channel: 'phone',
      receivedAt,
      complainant: { name: 'Li Deadline', phone: '13700001111' },
      subject: { kind: 'other' },
      summary: 'late answer',
      complexity,
    },
  });
  expect([response.status, response.status === 201 ? '' : response.text]).toEqual([201, '']);
  return response.body.complaint;
};
const complaintOf = async (complaintId: string) => (await app.request<{ complaint: ComplaintView }>('GET', `/api/v1/complaints/${complaintId}`)).body.complaint;
const deadlineTasks = async (complaintId: string) => (await tasksOf(app)).filter((task) => task.taskId.startsWith(`complaint-deadline:${complaintId}:`));

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100' }, { eventSink: sink });
  second = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100' }, { databaseName: app.databaseName, eventSink: sink });
  await Promise.all([app.platform.startJobs(), second.platform.startJobs()]);
  await createOrgUnits(app, [['BR-SH', 'HQ']]);
  operator = await app.createUserAndLogin('sh-deadlines', ['branch-operator'], 'BR-SH');
}, 90_000);
afterAll(async () => {
  await second.close();
  await app.close();
});

test('acceptance past its limit is flagged the day after the due date, not on it; a task and one complaint.deadline-missed', async () => {
  const complaint = await intake('2026-03-02T02:00:00Z');
  expect(complaint.nextDeadline).toBeNull();

  const onDueDay = await runJob(app, 'complaint-deadlines', { asOf: '2026-03-09' });
  expect(onDueDay.errors).toEqual([]);
  let stored = await complaintOf(complaint.complaintId);
  expect(stored.deadlines?.items).toEqual([
    expect.objectContaining({ stage: 'acceptance', dueOn: '2026-03-09', state: 'approaching', daysLeft: 0, doneOn: null }),
  ]);
  expect(stored.nextDeadline).toBe('2026-03-09');
  expect(stored.revision).toBe(complaint.revision);
  expect((await deadlineTasks(complaint.complaintId)).map((task) => task.taskId)).toEqual([
    `complaint-deadline:${complaint.complaintId}:acceptance:approaching`,
  ]);
  expect(sink.ofType('complaint.deadline-missed').filter((event) => event.data.complaintId === complaint.complaintId)).toEqual([]);
  // The decision is in the log.
  const decision = await app.request<{ ruleSet: { key: string } }>('GET', `/api/v1/decisions/${stored.deadlines!.decisionId}`);
  expect([decision.status, decision.body.ruleSet?.key]).toEqual([200, 'complaint.handling']);

  await runJob(app, 'complaint-deadlines', { asOf: '2026-03-10' });
  stored = await complaintOf(complaint.complaintId);
  expect(stored.deadlines?.items).toEqual([expect.objectContaining({ stage: 'acceptance', dueOn: '2026-03-09', state: 'missed', daysLeft: -1 })]);
  expect(stored.deadlines?.escalations).toEqual([{ to: 'complaint-department', reason: 'acceptance-deadline-missed' }]);
  expect((await deadlineTasks(complaint.complaintId)).map((task) => task.taskId).sort()).toEqual([
    `complaint-deadline:${complaint.complaintId}:acceptance:approaching`,
    `complaint-deadline:${complaint.complaintId}:acceptance:missed`,
  ]);
  const missed = sink.ofType('complaint.deadline-missed').filter((event) => event.data.complaintId === complaint.complaintId);
  expect(missed.map((event) => event.data.deadline)).toEqual([{ stage: 'acceptance', dueOn: '2026-03-09', state: 'missed' }]);
  expect(JSON.stringify(missed)).not.toContain('Li Deadline');

  // Again on the same day: nothing new.
  const again = await runJob(app, 'complaint-deadlines', { asOf: '2026-03-10' });
  expect([again.counts.deadlinesWritten, again.counts.tasksRaised]).toEqual([0, 0]);
  expect(sink.ofType('complaint.deadline-missed').filter((event) => event.data.complaintId === complaint.complaintId)).toHaveLength(1);
}, 120_000);

test('asked of both workers at once for a day, the run raises each task once; the deadline queue follows the stored deadlines', async () => {
  const early = await intake('2026-04-01T02:00:00Z');
  const later = await intake('2026-04-03T02:00:00Z');
  const body = { asOf: '2026-04-09', waitSeconds: 60 };
  const runs = await Promise.all([app, second].map((worker) => worker.request('POST', '/api/v1/jobs/complaint-deadlines/run', { body })));
  expect(runs.map((run) => run.status).every((status) => status === 200 || status === 409)).toBe(true);
  await runJob(second, 'complaint-deadlines', { asOf: '2026-04-09' });
  // Wednesday 04-01 + 5 working days = Wednesday 04-08 (missed on the 9th); Friday 04-03 -> Friday 04-10 (approaching).
  expect((await deadlineTasks(early.complaintId)).map((task) => task.taskId)).toEqual([`complaint-deadline:${early.complaintId}:acceptance:missed`]);
  expect((await deadlineTasks(later.complaintId)).map((task) => task.taskId)).toEqual([`complaint-deadline:${later.complaintId}:acceptance:approaching`]);
  const queue = await app.request<{ items: ComplaintView[] }>('GET', '/api/v1/complaints?order=deadline&limit=50', { as: operator });
  const order = queue.body.items.map((item) => item.complaintId).filter((id) => id === early.complaintId || id === later.complaintId);
  expect(order).toEqual([early.complaintId, later.complaintId]);
}, 120_000);
