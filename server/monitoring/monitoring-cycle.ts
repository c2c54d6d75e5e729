import { randomUUID } from 'node:crypto';
import { maskPersonalFields } from '../privacy/masking';
import type { DecisionStore } from '../decisions/decision.store';
import type { DecisionEvent, Facts } from '../engine/evaluate';
import type { PreparedRuleSet } from '../engine/prepare';
import type { Logger } from '../logger';
import { dateFromDay, dayFromDate } from '../ground/calendar';
import type { PlatformEvent } from '../events/platform-events';
import type { AlertMeasure, AlertRecord, AlertTarget } from './alert.model';
import type { AlertStore } from './alert.store';
import { alertTransitions, type AlertTransition } from './alert-transitions';
import { measuresFromEvents, taskDrafts, type DispositionOrigin, type Measure, type TaskDraft } from './dispositions';
import { business, type RunRules } from './effective-rule-sets';
import { deadlineReviewFacts, warningDispositionFacts } from './escalation';
import type { EventOutbox } from '../events/event-outbox';
import type { MonitoringSettings } from './monitoring-settings';
import type { RevisionChange } from '../store/revisioned-records';
import { signalsFromEvents, signalValue, type Signal } from './signals';
import type { TaskRecord } from './task.model';
import type { TaskStore } from './task.store';
import { alertEvent, taskCreatedEvent } from './platform-event-data';
import { tasksOrderedOn, unfinishedWork } from './interrupted-day';

export interface MonitoredSubject {
  target: AlertTarget;
  subjectKey: string;
  obligorId: string | null;
  segment: Record<string, string> | null;
  /** The unit answerable (HQ for internet business). */
  orgUnit: string;
  customerTier: string | null;
  channel: string | null;
  product: string | null;
  /** Internet business (HQ's, Art. 9), from the one INTERNET_CHANNELS setting; the disposition rules read it as a fact. */
  internetBusiness: boolean;
  /** The warning facts the subject was evaluated on. */
  facts: Facts;
}

/** One subject that needs writing: its alerts move, or a measure's deadline passed and the rules must review it. */
export interface SubjectOutcome {
  subject: MonitoredSubject;
  transitions: AlertTransition[];
  reviews: AlertRecord[];
  /** The subject's open alerts as read when it was assessed: the first write attempt goes on these, a conflict re-reads. */
  open: readonly AlertRecord[];
  warning: { decisionId: string; prepared: PreparedRuleSet; events: DecisionEvent[] };
}

export interface CycleDependencies {
  alerts: AlertStore;
  tasks: TaskStore;
  rules: RunRules;
  decisions: DecisionStore;
  outbox: EventOutbox;
  settings: MonitoringSettings;
  logger: Logger;
}

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
}

interface PlannedChange {
  outcome: SubjectOutcome;
  kind: 'raise' | 'escalate' | 'de-escalate' | 'close' | 'review';
  alertId: string;
  signal: Signal | null;
  /** Measures ordered by the disposition rules for this change. */
  measures: Measure[];
  origin: DispositionOrigin | null;
  disposition: { decisionId: string; prepared: PreparedRuleSet; facts: Facts; events: DecisionEvent[] } | null;
}

const MAX_CONFLICT_ROUNDS = 3;
/** Subjects written per round of inserts and updates: bounds the memory of one round and the size of its commands. */
const COMMIT_CHUNK = 2_000;

/**
 * One monitoring pass's writes for the subjects that need them, shared by obligor and portfolio
 * monitoring: alerts raised, escalated, de-escalated and closed (one open alert per subject and
 * signal, every change a revision with its history), dispositions evaluated for new and changed
 * alerts and for measures whose deadline passed, tasks created from the measures the rules
 * ordered, pending tasks of closed alerts cancelled, decisions logged and events published once
 * the writes are done. Everything is keyed so that a second run (or a second worker) with the
 * same facts writes and publishes nothing new.
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
  };
  /** Milliseconds spent in each kind of write, summed over commits (the benchmark reports them). */
  readonly timings: Record<string, number> = { dispositions: 0, alerts: 0, tasks: 0, events: 0 };
  private readonly now = new Date();
  private readonly events: PlatformEvent[] = [];
  /** The measures already ordered for the alerts that move or are reviewed in this run. */
  private readonly measuresByAlert = new Map<string, AlertMeasure[]>();

  constructor(
    private readonly dependencies: CycleDependencies,
    private readonly asOf: string,
    private readonly actor: string,
  ) {}

  /** Decides what one subject needs; undefined when nothing changes and nothing is due for review. */
  assess(subject: MonitoredSubject, prepared: PreparedRuleSet, events: DecisionEvent[], open: readonly AlertRecord[]): SubjectOutcome | undefined {
    const signals = signalsFromEvents(events, subject.facts);
    const transitions = alertTransitions(
      open.map((alert) => ({ alertId: alert._id, signal: alert.signal, level: alert.level, revision: alert.revision })),
      signals,
    );
    const moved = new Set(transitions.flatMap((transition) => ('alert' in transition ? [transition.alert.alertId] : [])));
    const reviews = open.filter((alert) => !moved.has(alert._id) && alert.reviewFrom !== null && alert.reviewFrom <= this.asOf);
    if (transitions.length === 0 && reviews.length === 0) return undefined;
    return { subject, transitions, reviews, open, warning: { decisionId: randomUUID(), prepared, events } };
  }

  /**
   * Writes every outcome. The measures already ordered come with the alerts; only alerts stored
   * before alerts kept their measures have their tasks read, once for the whole run (on an engine
   * that cannot answer an `alertId` filter from an index, FerretDB, each read is a pass over all
   * tasks).
   */
  async commit(outcomes: readonly SubjectOutcome[]): Promise<CycleCounts> {
    if (outcomes.length === 0) return this.counts;
    const reading = performance.now();
    const moving = new Set(
      outcomes.flatMap((outcome) => [
        ...outcome.transitions.flatMap((transition) => ('alert' in transition ? [transition.alert.alertId] : [])),
        ...outcome.reviews.map((alert) => alert._id),
      ]),
    );
    const records = outcomes.flatMap((outcome) => outcome.open).filter((alert) => moving.has(alert._id));
    for (const alert of records) if (alert.measures) this.measuresByAlert.set(alert._id, alert.measures);
    const earlier = await this.dependencies.tasks.ofAlerts(records.filter((alert) => !alert.measures).map((alert) => alert._id));
    for (const task of earlier) this.measuresByAlert.set(task.alertId, [...(this.measuresByAlert.get(task.alertId) ?? []), alertMeasure(task)]);
    this.timings.dispositions = (this.timings.dispositions ?? 0) + performance.now() - reading;
    for (let start = 0; start < outcomes.length; start += COMMIT_CHUNK) await this.commitChunk(outcomes.slice(start, start + COMMIT_CHUNK));
    return this.counts;
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

    const raised = planned.filter((item) => item.kind === 'raise');
    const newAlerts = raised.map((item) => this.newAlert(item));
    // An alert id or open key already taken means another run raised it first: not raised twice.
    const inserted = await this.dependencies.alerts.insertNew(newAlerts, (record) => {
      const item = raised.find((candidate) => candidate.alertId === record._id)!;
      return { ...this.entry('raised', record.decisionId, item), tasks: this.taskRecords(item, 1) };
    });
    const appliedRevisions = new Map<string, number>(raised.filter((item) => inserted.has(item.alertId)).map((item) => [item.alertId, 1]));
    this.counts.alertsRaised += inserted.size;
    for (const record of newAlerts) if (inserted.has(record._id)) this.events.push(alertEvent('raise', record, null, this.asOf, this.now));

    await this.applyChanges(
      planned.filter((item) => item.kind !== 'raise'),
      appliedRevisions,
    );
    lap('alerts');

    const applied = planned.filter((item) => appliedRevisions.has(item.alertId));
    await this.createTasks(applied, appliedRevisions);
    const closed = new Set(applied.filter((item) => item.kind === 'close').map((item) => item.alertId));
    await this.cancelTasks([...closed].flatMap((alertId) => this.measuresOf(alertId).map((measure) => measure.taskId)));
    this.logDecisions(applied);
    lap('tasks');
    this.counts.eventsPublished += await this.dependencies.outbox.publish(this.events.splice(0));
    lap('events');
  }

  /** Dispositions for new and changed alerts and for reviews whose deadline passed, evaluated before anything is written. */
  private async plan(outcomes: readonly SubjectOutcome[]): Promise<PlannedChange[]> {
    const planned: PlannedChange[] = [];
    for (const outcome of outcomes) {
      const { subject } = outcome;
      for (const transition of outcome.transitions) {
        const alertId =
          transition.kind === 'raise' ? `${subject.target}:${subject.subjectKey}:${transition.signal.signal}:${this.asOf}` : transition.alert.alertId;
        if (transition.kind === 'close') {
          planned.push({ outcome, kind: 'close', alertId, signal: null, measures: [], origin: null, disposition: null });
          continue;
        }
        const history = warningDispositionFacts(this.measuresOf(alertId));
        const disposition = await this.dispose(subject, transition.signal, history);
        const revision = transition.kind === 'raise' ? 1 : transition.alert.revision + 1;
        planned.push({
          outcome,
          kind: transition.kind,
          alertId,
          signal: transition.signal,
          measures: measuresFromEvents(disposition.events),
          origin: { kind: 'warning', alertRevision: revision },
          disposition,
        });
      }
      for (const alert of outcome.reviews) {
        const measures = this.measuresOf(alert._id);
        const review = deadlineReviewFacts(measures, signalOf(alert, subject.facts), this.asOf, alert.changedOn);
        if (!review) continue;
        this.counts.deadlineReviews++;
        const signal: Signal = {
          signal: alert.signal,
          level: alert.level,
          basis: alert.basis,
          threshold: alert.threshold,
          notify: alert.notify,
          value: signalOf(alert, subject.facts),
        };
        const disposition = await this.dispose(subject, signal, review);
        const known = new Set(measures.map((measure) => measure.taskId));
        const origin: DispositionOrigin = { kind: 'deadline', escalationStep: review.escalationStep as number };
        const fresh = measuresFromEvents(disposition.events).filter(
          (measure) =>
            !known.has(
              taskDrafts(
                { alertId: alert._id, orgUnit: alert.orgUnit, value: null },
                [measure],
                origin,
                this.asOf,
                this.dependencies.settings.headOfficeRoles,
              )[0]!.taskId,
            ),
        );
        // A review the rules answer with nothing (or only with measures already ordered) writes nothing; it runs again tomorrow.
        if (fresh.length > 0) planned.push({ outcome, kind: 'review', alertId: alert._id, signal, measures: fresh, origin, disposition });
      }
    }
    return planned;
  }

  private async dispose(subject: MonitoredSubject, signal: Signal, history: Record<string, unknown>): Promise<NonNullable<PlannedChange['disposition']>> {
    const { prepared, run } = await this.dependencies.rules.forUnit('disposition', subject.orgUnit, business(subject));
    const segment = subject.segment ?? {};
    const facts: Facts = withoutNulls({
      level: signal.level,
      signal: signal.signal,
      target: subject.target,
      ...history,
      monthsOnBook: typeof subject.facts.monthsOnBook === 'number' ? subject.facts.monthsOnBook : undefined,
      obligorId: subject.obligorId,
      orgUnit: typeof subject.facts.orgUnit === 'string' ? subject.facts.orgUnit : segment.orgUnit,
      product: subject.product,
      channel: subject.channel,
      customerTier: subject.customerTier,
      internetBusiness: subject.internetBusiness,
    });
    const events = await run(facts);
    return { decisionId: randomUUID(), prepared, facts, events };
  }

  private newAlert(change: PlannedChange): AlertRecord {
    const { subject } = change.outcome;
    const signal = change.signal!;
    return {
      _id: change.alertId,
      target: subject.target,
      subjectKey: subject.subjectKey,
      obligorId: subject.obligorId,
      segment: subject.segment,
      signal: signal.signal,
      level: signal.level,
      status: 'open',
      openKey: `${subject.target}|${subject.subjectKey}|${signal.signal}`,
      orgUnit: subject.orgUnit,
      customerTier: subject.customerTier,
      channel: subject.channel,
      product: subject.product,
      threshold: signal.threshold,
      basis: signal.basis,
      notify: signal.notify,
      value: signal.value,
      raisedOn: this.asOf,
      changedOn: this.asOf,
      closedOn: null,
      reviewFrom: reviewFrom(change.measures, this.asOf),
      measures: this.draftsOf(change, 1).map(alertMeasure),
      assignee: null,
      acknowledgedBy: null,
      acknowledgedAt: null,
      revision: 1,
      createdAt: this.now,
      updatedAt: this.now,
      decisionId: change.outcome.warning.decisionId,
      ruleSet: { key: change.outcome.warning.prepared.key, version: change.outcome.warning.prepared.version },
    };
  }

  /** Applies level changes, closings and reviews through the revision gate; a change that lost the gate is re-read and retried. */
  private async applyChanges(changes: readonly PlannedChange[], appliedRevisions: Map<string, number>): Promise<void> {
    let pending = [...changes];
    // The first round trusts the records read at the start of the run; the revision gate refuses any that moved since.
    let current = new Map(changes.flatMap((item) => item.outcome.open).map((alert) => [alert._id, alert]));
    for (let round = 0; round < MAX_CONFLICT_ROUNDS && pending.length > 0; round++) {
      if (round > 0) current = new Map((await this.dependencies.alerts.findMany(pending.map((item) => item.alertId))).map((alert) => [alert._id, alert]));
      const writes: { item: PlannedChange; change: RevisionChange; alert: AlertRecord }[] = [];
      for (const item of pending) {
        const alert = current.get(item.alertId);
        // Closed meanwhile (another run), or already at the level this change wanted: nothing left to do.
        if (!alert || alert.status !== 'open' || ((item.kind === 'escalate' || item.kind === 'de-escalate') && alert.level === item.signal!.level)) continue;
        const entry = {
          ...this.entry(actionOf(item.kind), item.kind === 'review' ? item.disposition!.decisionId : item.outcome.warning.decisionId, item),
          tasks: this.taskRecords(item, alert.revision + 1),
        };
        writes.push({ item, alert, change: { id: item.alertId, expectedRevision: alert.revision, set: this.changeSet(item, alert), entry } });
      }
      const { applied, conflicts } = await this.dependencies.alerts.applyMany(writes.map((write) => write.change));
      for (const change of applied) {
        const write = writes.find((candidate) => candidate.change === change)!;
        appliedRevisions.set(change.id, change.expectedRevision + 1);
        this.countChange(write.item.kind);
        if (write.item.kind !== 'review')
          this.events.push(
            alertEvent(
              write.item.kind,
              { ...write.alert, ...(change.set as Partial<AlertRecord>), revision: change.expectedRevision + 1 },
              write.alert.level,
              this.asOf,
              this.now,
            ),
          );
      }
      this.counts.conflictsRetried += conflicts.length;
      pending = conflicts.map((conflict) => writes.find((write) => write.change === conflict)!.item);
    }
  }

  /** The fields a change sets; the measures it orders join the alert's list, with task ids of the revision it lands at. */
  private changeSet(item: PlannedChange, alert: AlertRecord): Record<string, unknown> {
    if (item.kind === 'close')
      return {
        status: 'closed',
        openKey: alert._id,
        closedOn: this.asOf,
        changedOn: this.asOf,
        reviewFrom: null,
        updatedAt: this.now,
        decisionId: item.outcome.warning.decisionId,
      };
    const measures = [...(alert.measures ?? this.measuresOf(alert._id)), ...this.draftsOf(item, alert.revision + 1).map(alertMeasure)];
    if (item.kind === 'review')
      return { reviewFrom: reviewFrom(item.measures, this.asOf) ?? alert.reviewFrom, value: item.signal!.value, measures, updatedAt: this.now };
    const signal = item.signal!;
    return {
      level: signal.level,
      threshold: signal.threshold,
      basis: signal.basis,
      notify: signal.notify,
      value: signal.value,
      changedOn: this.asOf,
      reviewFrom: reviewFrom(item.measures, this.asOf),
      measures,
      updatedAt: this.now,
      decisionId: item.outcome.warning.decisionId,
      ruleSet: { key: item.outcome.warning.prepared.key, version: item.outcome.warning.prepared.version },
    };
  }

  /** The tasks for the measures a change ordered; a warning's tasks carry the alert revision the change landed at. */
  private draftsOf(item: PlannedChange, alertRevision: number): TaskDraft[] {
    if (!item.origin || item.measures.length === 0) return [];
    const origin: DispositionOrigin = item.origin.kind === 'warning' ? { kind: 'warning', alertRevision } : item.origin;
    return taskDrafts(
      { alertId: item.alertId, orgUnit: item.outcome.subject.orgUnit, value: item.signal!.value },
      item.measures,
      origin,
      this.asOf,
      this.dependencies.settings.headOfficeRoles,
    );
  }

  private measuresOf(alertId: string): AlertMeasure[] {
    return this.measuresByAlert.get(alertId) ?? [];
  }

  /** The task records a change landing at `alertRevision` orders (kept with its history entry, then stored). */
  private taskRecords(item: PlannedChange, alertRevision: number): TaskRecord[] {
    return this.draftsOf(item, alertRevision).map((draft) => this.newTask(draft, item));
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
    const inserted = await this.dependencies.tasks.insertNew(records, (record) => this.entry('created', record.decisionId, undefined));
    this.counts.tasksCompleted += inserted.size;
    for (const record of records) if (inserted.has(record._id)) this.events.push(taskCreatedEvent(record, this.now));
    this.counts.eventsPublished += await this.dependencies.outbox.publish(this.events.splice(0));
    this.dependencies.logger.warn(
      { asOf: this.asOf, alerts: affected.length, tasks: inserted.size },
      'completed the tasks an interrupted run of the day had not stored',
    );
  }

  private async createTasks(applied: readonly PlannedChange[], appliedRevisions: Map<string, number>): Promise<void> {
    // A change retried after a conflict landed at a later revision; its tasks carry that one.
    const drafts = applied.flatMap((item) => this.draftsOf(item, appliedRevisions.get(item.alertId)!).map((draft) => ({ draft, item })));
    const records = drafts.map(({ draft, item }) => this.newTask(draft, item));
    const inserted = await this.dependencies.tasks.insertNew(records, (record) => this.entry('created', record.decisionId, undefined));
    this.counts.tasksCreated += inserted.size;
    for (const record of records) if (inserted.has(record._id)) this.events.push(taskCreatedEvent(record, this.now));
  }

  private newTask(draft: TaskDraft, item: PlannedChange): TaskRecord {
    const { subject } = item.outcome;
    return {
      _id: draft.taskId,
      alertId: draft.alertId,
      target: subject.target,
      obligorId: subject.obligorId,
      subjectKey: subject.subjectKey,
      signal: item.signal!.signal,
      alertLevel: item.signal!.level,
      orgUnit: draft.orgUnit,
      ownerRole: draft.ownerRole,
      assignee: null,
      action: draft.action,
      amount: draft.amount,
      share: draft.share,
      deadlineDays: draft.deadlineDays,
      dueOn: draft.dueOn,
      basis: draft.basis,
      escalationStep: draft.escalationStep,
      valueAtMeasure: draft.valueAtMeasure,
      status: 'open',
      overdue: false,
      overdueSince: null,
      createdOn: draft.createdOn,
      createdAt: this.now,
      updatedAt: this.now,
      acknowledgedBy: null,
      completedAt: null,
      completedBy: null,
      evidence: null,
      revision: 1,
      decisionId: item.disposition?.decisionId ?? null,
      ruleSet: item.disposition ? { key: item.disposition.prepared.key, version: item.disposition.prepared.version } : null,
    };
  }

  /** A closed alert's pending tasks have nothing left to act on; they are cancelled with the reason (a task that moved meanwhile is re-read). */
  private async cancelTasks(taskIds: readonly string[]): Promise<void> {
    const stillPending = async (ids: readonly string[]) =>
      ids.length === 0 ? [] : (await this.dependencies.tasks.findMany(ids)).filter((task) => task.status === 'open' || task.status === 'acknowledged');
    let pending = await stillPending(taskIds);
    for (let round = 0; round < MAX_CONFLICT_ROUNDS && pending.length > 0; round++) {
      const { applied, conflicts } = await this.dependencies.tasks.applyMany(
        pending.map((task) => ({
          id: task._id,
          expectedRevision: task.revision,
          set: { status: 'cancelled', updatedAt: this.now },
          entry: {
            action: 'cancelled',
            actor: this.actor,
            at: this.now,
            asOf: this.asOf,
            note: 'the alert was closed: its signal cleared',
            decisionId: null,
            facts: null,
          },
        })),
      );
      this.counts.tasksCancelled += applied.length;
      pending = await stillPending(conflicts.map((conflict) => conflict.id));
    }
  }

  private logDecisions(applied: readonly PlannedChange[]): void {
    const logged = new Set<string>();
    const add = (decisionId: string, prepared: PreparedRuleSet, facts: Facts, events: DecisionEvent[], orgUnit: string) => {
      if (logged.has(decisionId)) return;
      logged.add(decisionId);
      this.dependencies.decisions.add({
        decisionId,
        ruleSet: { key: prepared.key, version: prepared.version, hash: prepared.hash },
        orgUnit,
        caller: `job:${this.actor}`,
        facts: maskPersonalFields(facts) as Facts,
        events,
        eventTypes: [...new Set(events.map((event) => event.type))],
        at: this.now,
        durationMs: 0,
      });
    };
    for (const item of applied) {
      const { subject, warning } = item.outcome;
      add(warning.decisionId, warning.prepared, subject.facts, warning.events, subject.orgUnit);
      if (item.disposition) add(item.disposition.decisionId, item.disposition.prepared, item.disposition.facts, item.disposition.events, subject.orgUnit);
    }
  }

  private entry(action: string, decisionId: string | null, item: PlannedChange | undefined): RevisionChange['entry'] {
    const facts = item ? (item.kind === 'review' ? item.disposition!.facts : item.outcome.subject.facts) : null;
    return {
      action,
      actor: `job:${this.actor}`,
      at: this.now,
      asOf: this.asOf,
      note: null,
      decisionId,
      facts: facts ? (maskPersonalFields(facts) as Facts) : null,
    };
  }

  private countChange(kind: PlannedChange['kind']): void {
    if (kind === 'escalate') this.counts.alertsEscalated++;
    else if (kind === 'de-escalate') this.counts.alertsDeEscalated++;
    else if (kind === 'close') this.counts.alertsClosed++;
  }
}

function actionOf(kind: PlannedChange['kind']): string {
  return kind === 'escalate' ? 'escalated' : kind === 'de-escalate' ? 'de-escalated' : kind === 'close' ? 'closed' : 'reviewed';
}

function alertMeasure(
  task: Pick<TaskRecord, 'action' | 'dueOn' | 'createdOn' | 'escalationStep' | 'valueAtMeasure'> & ({ _id: string } | { taskId: string }),
): AlertMeasure {
  return {
    taskId: '_id' in task ? task._id : task.taskId,
    action: task.action,
    dueOn: task.dueOn,
    createdOn: task.createdOn,
    escalationStep: task.escalationStep,
    valueAtMeasure: task.valueAtMeasure,
  };
}

/** The day a deadline review is next due: the day after the latest deadline among the measures just ordered (null: none has one). */
function reviewFrom(measures: readonly Measure[], asOf: string): string | null {
  const days = measures.filter((measure) => measure.deadlineDays !== null).map((measure) => dayFromDate(asOf) + measure.deadlineDays! + 1);
  return days.length === 0 ? null : dateFromDay(Math.max(...days));
}

function signalOf(alert: AlertRecord, facts: Facts): number | null {
  return signalValue(alert.signal, facts);
}

function withoutNulls(facts: Record<string, unknown>): Facts {
  return Object.fromEntries(Object.entries(facts).filter(([, value]) => value !== null && value !== undefined));
}
