import type { AlertRecord } from '../../../server/monitoring/alert.model';
import { tasksOrderedOn, unfinishedWork } from '../../../server/monitoring/interrupted-day';
import type { HistoryEntry } from '../../../server/store/revisioned-records';
import type { TaskRecord } from '../../../server/monitoring/task.model';

const ASOF = '2025-08-20';
const alert = {
  _id: 'A1',
  obligorId: 'OB1',
  signal: 'overdueDays',
  level: 'orange',
  status: 'open',
  orgUnit: 'BR-SH',
  revision: 2,
  raisedOn: '2025-08-10',
  measures: [
    { taskId: 'T-old', action: 'notify-risk-staff', createdOn: '2025-08-10' },
    { taskId: 'T-new', action: 'reduce-credit-limit', createdOn: ASOF },
  ],
} as unknown as AlertRecord;
const task = (id: string) => ({ _id: id, alertId: 'A1', action: 'x' }) as unknown as TaskRecord;
const entry = (revision: number, action: string, level: string, tasks: TaskRecord[]): HistoryEntry =>
  ({
    _id: `A1:${revision}`,
    subjectId: 'A1',
    revision,
    action,
    actor: 'obligor-monitoring',
    at: new Date(`2025-08-${revision === 1 ? '10' : '20'}T02:00:00Z`),
    asOf: null,
    set: { level },
    note: null,
    decisionId: null,
    facts: null,
    tasks,
  }) as HistoryEntry;

test('only the measures ordered on the day are checked', () => {
  expect(tasksOrderedOn([alert], ASOF)).toEqual(['T-new']);
});

test('a revision whose task never landed gives back that task and its alert event, with the level it escalated from', () => {
  const entries = new Map([entry(1, 'raised', 'yellow', [task('T-old')]), entry(2, 'escalated', 'orange', [task('T-new')])].map((item) => [item._id, item]));
  const { tasks, events } = unfinishedWork([alert], entries, new Set(['T-new']), ASOF);
  expect(tasks.map((item) => item._id)).toEqual(['T-new']);
  expect(events).toHaveLength(1);
  expect(events[0]).toMatchObject({ id: 'alert.changed:A1:2', type: 'alert.changed' });
  expect(JSON.stringify(events[0])).toContain('"previousLevel":"yellow"');
});
