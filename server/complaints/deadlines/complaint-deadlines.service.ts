import { randomUUID } from 'node:crypto';
import type { Collection } from 'mongodb';
import type { Connection } from '../../store/connection';
import type { DecisionStore } from '../../decisions/decision.store';
import type { RuleSetEvaluator } from '../../engine/evaluator';
import type { Facts } from '../../engine/evaluate';
import type { EventOutbox } from '../../events/event-outbox';
import type { PlatformEvent } from '../../events/platform-events';
import type { ComplaintDeadlines, ComplaintStatus } from '../../generated/schema-types';
import type { JobOutcome } from '../../jobs/job-definition';
import { RunRules, type UnitRuleSets } from '../../monitoring/effective-rule-sets';
import { taskCreatedEvent } from '../../monitoring/platform-event-data';
import type { TaskRecord } from '../../monitoring/task.model';
import type { TaskStore } from '../../monitoring/task.store';
import { complaintCollections, NO_DEADLINE, type ComplaintRecord } from '../complaint.model';
import { complaintHandlingFacts } from '../handling/complaint-handling-facts';
import { readComplaintHandling } from '../handling/complaint-handling-reader';
import { deadlinesChanged, planDeadlines } from './deadline-plan';
import { deadlineEvent, deadlineTask, flagged } from './deadline-tasks';

export const COMPLAINT_HANDLING = 'complaint.handling';
/** Every status but closed: the rules decide which of them run a clock. */
const OPEN: ComplaintStatus[] = ['received', 'accepted', 'rejected', 'investigating', 'decided', 'in-review', 'rework'];

/** A complaint as the run stores its deadlines: `deadlines` is written only by this run. */
type Stored = ComplaintRecord & { deadlines?: ComplaintDeadlines | null };

export interface ComplaintDeadlinesDependencies {
  connection: Connection;
  ruleSets: UnitRuleSets;
  evaluator: RuleSetEvaluator;
  decisions: DecisionStore;
  tasks: TaskStore;
  outbox: EventOutbox;
}

/**
 * The daily complaint-deadlines run (Arts 25, 27): complaint.handling per open complaint through
 * the run's rule sets (the unit's effective version; the job run reports facts never supplied), the
 * deadlines stored on the complaint with `nextDeadline` and `deadlineOrder` (the queue's order), a
 * task and a complaint.deadline-* event for each deadline approaching or missed. Idempotent: a
 * re-run on the same day writes nothing, tasks and events carry ids that name complaint, stage and
 * state, so a second worker adds none.
 *
 * The deadline fields are derived, not a workflow step: they are set without a new revision (a
 * handler's revision stays valid) and only when the complaint is still at the revision read (a step
 * taken meanwhile is picked up by the next run).
 */
export class ComplaintDeadlinesService {
  private complaints?: Collection<Stored>;

  constructor(private readonly dependencies: ComplaintDeadlinesDependencies) {}

  async init(): Promise<void> {
    this.complaints = (await complaintCollections(this.dependencies.connection)).complaints as Collection<Stored>;
  }

  async run(asOf: string, context: { actor: string }): Promise<JobOutcome> {
    const started = performance.now();
    // Open complaints, and closed ones still holding a deadline (closed since the last run).
    const complaints = [
      ...(await this.complaints!.find({ status: { $in: OPEN } }).toArray()),
      ...(await this.complaints!.find({ status: 'closed', deadlineOrder: { $lt: NO_DEADLINE } }).toArray()),
    ];
    const rules = new RunRules(this.dependencies.ruleSets, this.dependencies.evaluator);
    const now = new Date();
    const tasks: TaskRecord[] = [];
    const events: PlatformEvent[] = [];
    let written = 0;
    let conflicts = 0;
    for (const complaint of complaints) {
      const record = { ...complaint, complaintId: complaint._id, subject: complaint.subject.kind, extended: complaint.extendedUntil !== null };
      const facts = complaintHandlingFacts(record, asOf);
      const { prepared, run } = await rules.forUnit(COMPLAINT_HANDLING, complaint.orgUnit);
      const decisionEvents = await run(facts as Facts);
      const { deadlines, escalations } = readComplaintHandling(decisionEvents, record, asOf);
      const plan = planDeadlines(complaint, deadlines, complaint.deadlines?.items ?? []);
      if (!deadlinesChanged(complaint, { ...plan, escalations })) continue;
      const decisionId = randomUUID();
      const stored: ComplaintDeadlines = { asOf, decisionId, ruleSet: { key: prepared.key, version: prepared.version }, items: plan.items, escalations };
      const result = await this.complaints!.updateOne(
        { _id: complaint._id, revision: complaint.revision },
        { $set: { deadlines: stored, nextDeadline: plan.nextDeadline, deadlineOrder: plan.deadlineOrder } },
      );
      if (result.matchedCount === 0) {
        conflicts++;
        continue;
      }
      written++;
      this.dependencies.decisions.add({
        decisionId,
        ruleSet: { key: prepared.key, version: prepared.version, hash: prepared.hash },
        orgUnit: complaint.orgUnit,
        caller: `job:${context.actor}`,
        facts: facts as Facts,
        events: decisionEvents,
        eventTypes: [...new Set(decisionEvents.map((event) => event.type))],
        at: now,
        durationMs: 0,
      });
      for (const deadline of flagged(plan.items)) {
        tasks.push(deadlineTask(complaint, deadline, decisionId, asOf, now));
        events.push(deadlineEvent(complaint, deadline, now));
      }
    }
    const raised = await this.dependencies.tasks.insertNew(tasks, () => ({
      action: 'created',
      actor: `job:${context.actor}`,
      at: now,
      asOf,
      note: null,
      decisionId: null,
      facts: null,
    }));
    // The complaint.deadline-* event goes with the task: a deadline flagged before (task already there) is not announced again.
    const announced = events.filter((_event, index) => raised.has(tasks[index]!._id));
    for (const task of tasks) if (raised.has(task._id)) announced.push(taskCreatedEvent(task, now));
    const published = await this.dependencies.outbox.publish(announced);
    await this.dependencies.decisions.flush();
    return {
      counts: {
        complaintsEvaluated: complaints.length,
        deadlinesWritten: written,
        approaching: tasks.filter((task) => raised.has(task._id) && task.signal.endsWith('-approaching')).length,
        missed: tasks.filter((task) => raised.has(task._id) && task.signal.endsWith('-missed')).length,
        tasksRaised: raised.size,
        conflicts,
        eventsPublished: published,
        unknownOrgUnits: rules.unknownUnits.size,
      },
      phases: { total: Math.round(performance.now() - started) },
    };
  }
}
