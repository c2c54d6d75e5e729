import { TaskStore } from '../../../server/monitoring/task.store';
import type { TaskRecord } from '../../../server/monitoring/task.model';
import { startTestApp, type TestApp } from '../../support/test-app';

/**
 * The monitoring run reads the tasks of the alerts that move in one go. Up to 2,000 alert ids go
 * into one `$in` filter; more are answered by a single pass over the collection. Both ways must
 * return exactly the tasks of the alerts asked for, on the real database.
 */
let app: TestApp;
let store: TaskStore;
const ALERTS = 2_600;

function task(alertIndex: number, measure: number): TaskRecord {
  const alertId = `obligor:OB-${alertIndex}:dpd:2025-08-10`;
  return {
    _id: `${alertId}:w1:${measure === 0 ? 'reduce-limit' : 'review'}:risk-officer`,
    alertId,
    target: 'obligor',
    obligorId: `OB-${alertIndex}`,
    subjectKey: `OB-${alertIndex}`,
    signal: 'dpd',
    alertLevel: 'orange',
    orgUnit: 'BR-SH',
    ownerRole: 'risk-officer',
    assignee: null,
    action: measure === 0 ? 'reduce-limit' : 'review',
    amount: null,
    share: 0.2,
    deadlineDays: 10,
    dueOn: '2025-08-20',
    basis: 'rule',
    escalationStep: 0,
    valueAtMeasure: 31,
    status: measure === 0 ? 'open' : 'done',
    overdue: false,
    overdueSince: null,
    createdOn: '2025-08-10',
    createdAt: new Date(),
    updatedAt: new Date(),
    acknowledgedBy: null,
    completedAt: null,
    completedBy: null,
    evidence: null,
    revision: 1,
    decisionId: null,
    ruleSet: null,
  };
}

beforeAll(async () => {
  app = await startTestApp();
  store = new TaskStore(app.connection);
  await store.init();
  const records = Array.from({ length: ALERTS }, (_unused, index) => [task(index, 0), task(index, 1)]).flat();
  const inserted = await store.insertNew(records, () => ({
    action: 'created',
    actor: 'test',
    at: new Date(),
    asOf: '2025-08-10',
    note: null,
    decisionId: null,
    facts: null,
  }));
  expect(inserted.size).toBe(ALERTS * 2);
}, 120_000);

afterAll(async () => {
  await app.close();
});

const idsOf = (tasks: readonly TaskRecord[]) => tasks.map((record) => record._id).sort();

test('tasks looked up by id come back once each, missing ids skipped', async () => {
  const found = await store.findMany([task(7, 0)._id, task(7, 0)._id, task(8, 1)._id, 'nothing-here']);
  expect(idsOf(found)).toEqual(idsOf([task(7, 0), task(8, 1)]));
});
