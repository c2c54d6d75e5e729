import type { EventOutbox } from '../events/event-outbox';
import type { PlatformEvent } from '../events/platform-events';
import type { JobDefinition, JobOutcome } from '../jobs/job-definition';
import { defaultParams } from '../jobs/job-settings';
import { taskCreatedEvent } from '../monitoring/platform-event-data';
import type { TaskRecord } from '../monitoring/task.model';
import type { TaskStore } from '../monitoring/task.store';
import { remediationOverdueEvent } from './control-events';
import type { InspectionRecord } from './control.model';
import { remediationOverdueTask } from './inspection-tasks';
import { overdueRemediations } from './remediation';
import type { RevisionedStore } from './revisioned-store';

/**
 * The daily inspection-deadlines run (Art. 34): every remediation still open after its due date gets a task on the
 * inspected unit's queue and one inspection.remediation-overdue event. No rule family decides this: the due date is
 * the inspector's, set per item, and "past it" has no parameter to tune. Idempotent: the task id names inspection,
 * remediation and due date, and the event goes out only with a task this run inserted, so a re-run or a second
 * worker adds nothing.
 */
export async function runInspectionDeadlines(
  dependencies: { inspections: RevisionedStore<InspectionRecord>; tasks: TaskStore; outbox: EventOutbox },
  asOf: string,
  actor: string,
): Promise<JobOutcome> {
  const started = performance.now();
  const inspections = await dependencies.inspections.records.find({ hasOpenRemediations: true }).toArray();
  const now = new Date();
  const tasks: TaskRecord[] = [];
  const events: PlatformEvent[] = [];
  for (const inspection of inspections)
    for (const remediation of overdueRemediations(inspection, asOf)) {
      tasks.push(remediationOverdueTask(inspection, remediation, asOf, now));
      events.push(remediationOverdueEvent(inspection, remediation, now));
    }
  const raised = await dependencies.tasks.insertNew(tasks, () => ({
    action: 'created',
    actor: `job:${actor}`,
    at: now,
    asOf,
    note: null,
    decisionId: null,
    facts: null,
  }));
  const announced = events.filter((_event, index) => raised.has(tasks[index]!._id));
  for (const task of tasks) if (raised.has(task._id)) announced.push(taskCreatedEvent(task, now));
  const published = await dependencies.outbox.publish(announced);
  return {
    counts: { inspectionsRead: inspections.length, overdue: tasks.length, tasksRaised: raised.size, eventsPublished: published },
    phases: { total: Math.round(performance.now() - started) },
  };
}

export function inspectionDeadlinesJob(dependencies: Parameters<typeof runInspectionDeadlines>[0]): JobDefinition<'asOf'> {
  return {
    name: 'inspection-deadlines',
    description:
      '每日整改期限(第三十四条):检查发现问题的整改项逾期未完成的,在被检查机构的任务队列生成任务并发布 inspection.remediation-overdue(每项每个期限一次)。' +
      'Daily remediation deadlines (Art. 34): each remediation of an inspection finding still open after its due date gets a task on the inspected unit’s queue and inspection.remediation-overdue, once per item and due date',
    parameter: 'asOf',
    scheduledParams: (now) => defaultParams('asOf', now),
    run: (context) => runInspectionDeadlines(dependencies, context.params.asOf, 'inspection-deadlines'),
  };
}
