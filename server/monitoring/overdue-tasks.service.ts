import type { JobOutcome } from '../jobs/job-definition';
import type { EventOutbox } from '../events/event-outbox';
import { taskOverdueEvent } from './platform-event-data';
import type { TaskStore } from './task.store';

/**
 * Flags pending tasks whose deadline has passed, once each (task.overdue is published then).
 * The queues also show a task as overdue from its due date on, whether or not this ran.
 */
export class OverdueTasksService {
  constructor(
    private readonly tasks: TaskStore,
    private readonly outbox: EventOutbox,
  ) {}

  async run(asOf: string, actor: string): Promise<JobOutcome> {
    const now = new Date();
    const due = await this.tasks.dueBefore(asOf);
    const { applied, conflicts } = await this.tasks.applyMany(
      due.map((task) => ({
        id: task._id,
        expectedRevision: task.revision,
        set: { overdue: true, overdueSince: asOf, updatedAt: now },
        entry: { action: 'overdue', actor: `job:${actor}`, at: now, asOf, note: `due on ${task.dueOn}`, decisionId: null, facts: null },
      })),
    );
    const flagged = new Set(applied.map((change) => change.id));
    const published = await this.outbox.publish(
      due.filter((task) => flagged.has(task._id)).map((task) => taskOverdueEvent({ ...task, overdue: true, overdueSince: asOf }, asOf, now)),
    );
    // A task that changed meanwhile (someone acted on it) is looked at again by the next run.
    return { counts: { due: due.length, flagged: flagged.size, conflicts: conflicts.length, eventsPublished: published } };
  }
}
