import { randomUUID } from 'node:crypto';
import type { DecisionStore } from '../decisions/decision.store';
import type { Facts } from '../engine/evaluate';
import type { Logger } from '../logger';
import type { PlatformEvent } from '../events/platform-events';
import type { AlertMeasure, AlertRecord } from './alert.model';
import type { AlertStore } from './alert.store';
import { business, type RunRules } from './effective-rule-sets';
import { NO_CHALLENGES, type RunChallenges } from './challenger-seam';
import type { EventOutbox } from '../events/event-outbox';
import type { MonitoringSettings } from './monitoring-settings';
import {
  dispositionQuestions,
  plannedChanges,
  type DispositionOutcome,
  type MonitoredSubject,
  type PlannedChange,
  type SubjectOutcome,
} from './monitoring-plan';
import { alertInsert, alertUpdate, decisionRecords, taskCancellation, type AlertUpdate, type WriteContext } from './monitoring-records';
import type { TaskRecord } from './task.model';
import type { TaskStore } from './task.store';
import { taskCreatedEvent } from './platform-event-data';
import { tasksOrderedOn, unfinishedWork } from './interrupted-day';
import { entryOf, type OpenAlertChange } from './open-alert-index';

export interface CycleDependencies {
  alerts: AlertStore;
  tasks: TaskStore;
  rules: RunRules;
  decisions: DecisionStore;
  outbox: EventOutbox;
  settings: MonitoringSettings;
  logger: Logger;
  /** Told of the measures each chunk stored and the alerts it closed, after their writes (the underwriting block list listens). */
  onMeasures?: MeasureListener;
  /** Champion/challenger tests running (obligor monitoring): a disposition for an obligor in a test is its arm's. */
  challenges?: RunChallenges;
  /** Called once a run's changes are stored, changes or none: the underwriting block list writes the records an interrupted run left unwritten. */
  /** Before the run stores its first measure task: a registration the listener keeps until onRunCommitted clears it. */
  onMeasuresBegin?: (asOf: string) => Promise<string>;
  /** After the run told the listener of every task it stored; says whether it had to reconcile after a run that did not. */
  onRunCommitted?: (asOf: string, registration: string | undefined) => Promise<{ reconciled: boolean }>;
}

/** A stored measure's task with the unit answerable for its alert (a task's own unit is HQ for head-office roles). */
export type MeasureListener = (notice: { asOf: string; ordered: { task: TaskRecord; orgUnit: string }[]; closedAlerts: string[] }) => Promise<unknown>;

export interface CycleCounts {
  alertsRaised: number;
  alertsEscalated: number;
  alertsDeEscalated: number;
  alertsClosed: number;
  deadlineReviews: number;
  tasksCreated: number;
  tasksCancelled: number;
  conflictsRetried: number;
  eventsPublished: number;
  /** Tasks an earlier attempt of the day ordered on an alert but died before storing, stored now. */
  tasksCompleted: number;
  /** 1 when a run left measure tasks untold (it died or failed) and this run compared the pending ones with their records. */
  measureReconciliations: number;
}

const MAX_CONFLICT_ROUNDS = 3;
/** Subjects written per round of inserts and updates: bounds the memory of one round and the size of its commands. */
const COMMIT_CHUNK = 2_000;

/**
 * The writing half of a monitoring pass, shared by obligor and portfolio monitoring: what the
 * planner (monitoring-plan.ts) decided, stored. Alerts raised, escalated, de-escalated and closed
 * (one open alert per subject and signal, every change a revision with its history through the
 * revision gate, a change that lost it re-read and retried), dispositions evaluated for new and
 * changed alerts and for measures whose deadline passed, tasks created from the measures the
 * rules ordered, pending tasks of closed alerts cancelled, decisions logged and events published
 * once the writes are done. Everything is keyed so that a second run (or a second worker) with
 * the same facts writes and publishes nothing new.
 */
export class MonitoringCycle {
  readonly counts: CycleCounts = {
    alertsRaised: 0,
    alertsEscalated: 0,
    alertsDeEscalated: 0,
    alertsClosed: 0,
    deadlineReviews: 0,
    tasksCreated: 0,
    tasksCancelled: 0,
    conflictsRetried: 0,
    eventsPublished: 0,
    tasksCompleted: 0,
    measureReconciliations: 0,
  };
  /** Milliseconds spent in each kind of write, summed over commits (the benchmark reports them). */
  readonly timings: Record<string, number> = { dispositions: 0, alerts: 0, tasks: 0, measures: 0, events: 0 };
  private readonly events: PlatformEvent[] = [];
  /** The measures already ordered for the alerts that move or are reviewed in this run. */
  private readonly measuresByAlert = new Map<string, AlertMeasure[]>();
  private readonly context: WriteContext;
  /** What this run changed of the open obligor alerts, for the open-alert index (written once, when the run's writes are done). */
  private readonly indexChanges: OpenAlertChange[] = [];
  /** The run's registration with the measure listener, made before its first task is stored. */
  private measuresRegistration?: Promise<string | undefined>;

  constructor(
    private readonly dependencies: CycleDependencies,
    private readonly asOf: string,
    actor: string,
  ) {
    this.context = { asOf, now: new Date(), actor, headOfficeRoles: dependencies.settings.headOfficeRoles, measures: this.measuresByAlert };
  }

  /**
   * Writes every outcome. The measures already ordered come with the alerts; only alerts stored
   * before alerts kept their measures have their tasks read, once for the whole run (on an engine
   * that cannot answer an `alertId` filter from an index, FerretDB, each read is a pass over all
   * tasks).
   */
  async commit(outcomes: readonly SubjectOutcome[]): Promise<CycleCounts> {
    if (outcomes.length > 0) await this.commitOutcomes(outcomes);
    // Also after a run without changes: the run before it may have died between storing its tasks and telling the listener.
    if (this.dependencies.onRunCommitted) {
      const started = performance.now();
      const { reconciled } = await this.dependencies.onRunCommitted(this.asOf, await this.measuresRegistration);
      if (reconciled) this.counts.measureReconciliations += 1;
      this.timings.runCommitted = performance.now() - started;
    }
    return this.counts;
  }

  private async commitOutcomes(outcomes: readonly SubjectOutcome[]): Promise<void> {
    const reading = performance.now();
    const moving = new Set(
      outcomes.flatMap((outcome) => [
        ...outcome.transitions.flatMap((transition) => ('alert' in transition ? [transition.alert.alertId] : [])),
        ...outcome.reviews.map((alert) => alert._id),
      ]),
    );
    const records = outcomes.flatMap((outcome) => outcome.open).filter((alert) => moving.has(alert._id));
    for (const alert of records) this.measuresByAlert.set(alert._id, alert.measures);
    this.timings.dispositions = (this.timings.dispositions ?? 0) + performance.now() - reading;
    // Registered before the first alert write: a run that dies before it wrote the index leaves the registration, and readers
    // read the alerts themselves until the next run rebuilds it. Portfolio alerts are not in the index.
    const indexed = outcomes.some((outcome) => outcome.subject.target === 'obligor');
    const token = indexed ? await this.dependencies.alerts.index.begin() : undefined;
    for (let start = 0; start < outcomes.length; start += COMMIT_CHUNK) await this.commitChunk(outcomes.slice(start, start + COMMIT_CHUNK));
    if (token) {
      const writing = performance.now();
      await this.dependencies.alerts.index.finish(token, this.indexChanges.splice(0));
      this.timings.openAlertIndex = performance.now() - writing;
    }
  }

  private async commitChunk(outcomes: readonly SubjectOutcome[]): Promise<void> {
    let mark = performance.now();
    const lap = (name: string) => {
      const now = performance.now();
      this.timings[name] = (this.timings[name] ?? 0) + now - mark;
      mark = now;
    };
    const planned = await this.plan(outcomes);
    lap('dispositions');

    const raises = planned.filter((item) => item.kind === 'raise').map((item) => alertInsert(item, this.context));
    const byId = new Map(raises.map((raise) => [raise.record._id, raise]));
    // An alert id or open key already taken means another run raised it first: not raised twice.
    const inserted = await this.dependencies.alerts.insertNew(
      raises.map((raise) => raise.record),
      (record) => byId.get(record._id)!.entry,
    );
    /** The tasks each change that landed orders: those of the revision it landed at (a change retried after a conflict lands later). */
    const landed = new Map<string, readonly TaskRecord[]>();
    for (const raise of raises) if (inserted.has(raise.record._id)) landed.set(raise.record._id, raise.tasks);
    this.counts.alertsRaised += inserted.size;
    for (const raise of raises) if (inserted.has(raise.record._id)) this.events.push(raise.event);
    for (const raise of raises)
      if (inserted.has(raise.record._id) && raise.record.target === 'obligor') this.indexChanges.push({ kind: 'open', entry: entryOf(raise.record) });

    await this.applyChanges(
      planned.filter((item) => item.kind !== 'raise'),
      landed,
    );
    lap('alerts');

    const applied = planned.filter((item) => landed.has(item.alertId));
    await this.createTasks(applied.flatMap((item) => landed.get(item.alertId)!));
    const closed = new Set(applied.filter((item) => item.kind === 'close').map((item) => item.alertId));
    await this.cancelTasks([...closed].flatMap((alertId) => (this.measuresByAlert.get(alertId) ?? []).map((measure) => measure.taskId)));
    lap('tasks');
    for (const record of decisionRecords(applied, this.context)) this.dependencies.decisions.add(record);
    // Every task that landed is told (not only those inserted now): the listener keeps one record per task id, so a repeat writes nothing.
    const ordered = applied.flatMap((item) => landed.get(item.alertId)!.map((task) => ({ task, orgUnit: item.outcome.subject.orgUnit })));
    if (this.dependencies.onMeasures && (ordered.length > 0 || closed.size > 0))
      await this.dependencies.onMeasures({ asOf: this.asOf, ordered, closedAlerts: [...closed] });
    lap('measures');
    this.counts.eventsPublished += await this.dependencies.outbox.publish(this.events.splice(0));
    lap('events');
  }

  /** The planned changes of the outcomes: the disposition rules asked what the planner says they must be asked, before anything is written. */
  private async plan(outcomes: readonly SubjectOutcome[]): Promise<PlannedChange[]> {
    const questions = dispositionQuestions(outcomes, this.measuresByAlert, this.asOf);
    const answers: (DispositionOutcome | null)[] = [];
    for (const question of questions) answers.push(question.facts ? await this.dispose(question.outcome.subject, question.facts) : null);
    this.counts.deadlineReviews += questions.filter((question) => question.kind === 'review').length;
    return plannedChanges(questions, answers, this.asOf, this.dependencies.settings.headOfficeRoles);
  }

  private async dispose(subject: MonitoredSubject, facts: Facts): Promise<DispositionOutcome> {
    const champion = await this.dependencies.rules.forUnit('disposition', subject.orgUnit, business(subject));
    const challenges = subject.obligorId === null ? NO_CHALLENGES : (this.dependencies.challenges ?? NO_CHALLENGES);
    const { prepared, events, challenge } = await challenges.disposition(
      { ...subject, obligorId: subject.obligorId ?? '' },
      facts,
      champion,
      business(subject),
    );
    return { decisionId: randomUUID(), prepared, facts, events, ...(challenge ? { challenge } : {}) };
  }

  /** Applies level changes, closings and reviews through the revision gate; a change that lost the gate is re-read and retried. */
  private async applyChanges(changes: readonly PlannedChange[], landed: Map<string, readonly TaskRecord[]>): Promise<void> {
    let pending = [...changes];
    // The first round trusts the records read at the start of the run; the revision gate refuses any that moved since.
    let current = new Map(changes.flatMap((item) => item.outcome.open).map((alert) => [alert._id, alert]));
    for (let round = 0; round < MAX_CONFLICT_ROUNDS && pending.length > 0; round++) {
      if (round > 0) {
        current = new Map((await this.dependencies.alerts.findMany(pending.map((item) => item.alertId))).map((alert) => [alert._id, alert]));
        // The index follows what is stored: a conflict may have completed another writer's change, or found the alert closed.
        for (const alert of current.values()) if (alert.target === 'obligor') this.indexChanges.push({ kind: 'stored', alert });
      }
      const updates = pending.flatMap((item) => alertUpdate(item, current.get(item.alertId), this.context) ?? []);
      const byWrite = new Map<object, AlertUpdate>(updates.map((update) => [update.write, update]));
      const { applied, conflicts } = await this.dependencies.alerts.applyMany(updates.map((update) => update.write));
      for (const write of applied) {
        const update = byWrite.get(write)!;
        landed.set(write.id, update.tasks);
        if (update.change.outcome.subject.target === 'obligor')
          this.indexChanges.push({ kind: 'set', id: write.id, revision: write.expectedRevision + 1, set: write.set });
        this.countChange(update.change.kind);
        if (update.event) this.events.push(update.event);
      }
      this.counts.conflictsRetried += conflicts.length;
      pending = conflicts.map((conflict) => byWrite.get(conflict)!.change);
    }
  }

  /**
   * Completes what an earlier attempt of the same day left half-written: it stored an alert's
   * revision (listing the tasks it ordered) and died before storing those tasks or publishing the
   * events. The measures of the open alerts ordered on this day are looked up; a missing task is
   * stored from the history entry that ordered it, and the events of that change are published
   * again (their ids are stable, so a sink that had them keeps one). Only later attempts of a day
   * pay for the look-ups.
   */
  async completeInterrupted(open: readonly AlertRecord[]): Promise<void> {
    const ordered = tasksOrderedOn(open, this.asOf);
    if (ordered.length === 0) return;
    const stored = new Set((await this.dependencies.tasks.findMany(ordered)).map((task) => task._id));
    const missing = new Set(ordered.filter((taskId) => !stored.has(taskId)));
    if (missing.size === 0) return;
    const affected = open.filter((alert) => (alert.measures ?? []).some((measure) => missing.has(measure.taskId)));
    const entries = await this.dependencies.alerts.historyEntries(
      affected.flatMap((alert) => Array.from({ length: alert.revision }, (_, index) => `${alert._id}:${index + 1}`)),
    );
    const { tasks: records, events } = unfinishedWork(affected, new Map(entries.map((entry) => [entry._id, entry])), missing, this.asOf);
    this.events.push(...events);
    await this.registerMeasures();
    const inserted = await this.dependencies.tasks.insertOrderedByAlerts(records);
    this.counts.tasksCompleted += inserted.size;
    for (const record of records) if (inserted.has(record._id)) this.events.push(taskCreatedEvent(record, this.context.now));
    const unitOf = new Map(affected.map((alert) => [alert._id, alert.orgUnit]));
    if (this.dependencies.onMeasures)
      await this.dependencies.onMeasures({
        asOf: this.asOf,
        ordered: records.map((task) => ({ task, orgUnit: unitOf.get(task.alertId ?? '') ?? task.orgUnit })),
        closedAlerts: [],
      });
    this.counts.eventsPublished += await this.dependencies.outbox.publish(this.events.splice(0));
    this.dependencies.logger.warn(
      { asOf: this.asOf, alerts: affected.length, tasks: inserted.size },
      'completed the tasks an interrupted run of the day had not stored',
    );
  }

  /** Registers the run with the measure listener once, before its first task is stored. */
  private registerMeasures(): Promise<string | undefined> {
    this.measuresRegistration ??= this.dependencies.onMeasuresBegin?.(this.asOf) ?? Promise.resolve(undefined);
    return this.measuresRegistration;
  }

  private async createTasks(records: readonly TaskRecord[]): Promise<void> {
    if (records.length > 0) await this.registerMeasures();
    const inserted = await this.dependencies.tasks.insertOrderedByAlerts(records);
    this.counts.tasksCreated += inserted.size;
    for (const record of records) if (inserted.has(record._id)) this.events.push(taskCreatedEvent(record, this.context.now));
  }

  /** A closed alert's pending tasks have nothing left to act on; they are cancelled with the reason (a task that moved meanwhile is re-read). */
  private async cancelTasks(taskIds: readonly string[]): Promise<void> {
    const stillPending = async (ids: readonly string[]) =>
      ids.length === 0 ? [] : (await this.dependencies.tasks.findMany(ids)).filter((task) => task.status === 'open' || task.status === 'acknowledged');
    let pending = await stillPending(taskIds);
    for (let round = 0; round < MAX_CONFLICT_ROUNDS && pending.length > 0; round++) {
      const { applied, conflicts } = await this.dependencies.tasks.applyMany(pending.map((task) => taskCancellation(task, this.context)));
      this.counts.tasksCancelled += applied.length;
      pending = await stillPending(conflicts.map((conflict) => conflict.id));
    }
  }

  private countChange(kind: PlannedChange['kind']): void {
    if (kind === 'escalate') this.counts.alertsEscalated++;
    else if (kind === 'de-escalate') this.counts.alertsDeEscalated++;
    else if (kind === 'close') this.counts.alertsClosed++;
  }
}
