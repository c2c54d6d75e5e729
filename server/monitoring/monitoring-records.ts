import type { DecisionRecord } from '../decisions/decision.model';
import type { Facts } from '../engine/evaluate';
import type { PlatformEvent } from '../events/platform-events';
import { maskPersonalFields } from '../privacy/masking';
import type { AlertMeasure, AlertRecord } from './alert.model';
import { taskDrafts, type DispositionOrigin, type TaskDraft } from './dispositions';
import { reviewFrom, type ChangeKind, type PlannedChange } from './monitoring-plan';
import { alertEvent } from './platform-event-data';
import type { RevisionChange } from '../store/revisioned-records';
import type { TaskRecord } from './task.model';

/**
 * The records a monitoring plan writes, pure: the new alert or the revision of an open one, its
 * history entry, the tasks it orders, the event it publishes and the decisions to log. The writer
 * (monitoring-cycle.ts) stores them; when a revision gate refuses a change, it asks again with
 * the alert as re-read, and the tasks and events follow the revision the change lands at.
 */
export interface WriteContext {
  asOf: string;
  /** The run's clock reading, stamped on everything it writes. */
  now: Date;
  actor: string;
  headOfficeRoles: readonly string[];
  /** The measures the moving alerts ordered so far, by alert id. */
  measures: ReadonlyMap<string, readonly AlertMeasure[]>;
}

/** A new alert with its history entry (revision 1), its tasks and the alert.raised event. */
export interface AlertInsert {
  change: PlannedChange;
  record: AlertRecord;
  entry: RevisionChange['entry'];
  tasks: TaskRecord[];
  event: PlatformEvent;
}

/** A revision of an open alert, the tasks it orders and the event it publishes (none for a review). */
export interface AlertUpdate {
  change: PlannedChange;
  write: RevisionChange;
  tasks: TaskRecord[];
  event: PlatformEvent | null;
}

export function alertInsert(change: PlannedChange, context: WriteContext): AlertInsert {
  const { subject, warning } = change.outcome;
  const signal = change.signal!;
  const record: AlertRecord = {
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
    raisedOn: context.asOf,
    changedOn: context.asOf,
    closedOn: null,
    reviewFrom: reviewFrom(change.measures, context.asOf),
    measures: draftsOf(change, 1, context).map(alertMeasure),
    assignee: null,
    acknowledgedBy: null,
    acknowledgedAt: null,
    revision: 1,
    createdAt: context.now,
    updatedAt: context.now,
    decisionId: warning.decisionId,
    ruleSet: { key: warning.prepared.key, version: warning.prepared.version },
  };
  const tasks = taskRecords(change, 1, context);
  return {
    change,
    record,
    entry: { ...historyEntry('raised', warning.decisionId, change, context), tasks },
    tasks,
    event: alertEvent('raise', record, null, context.asOf, context.now),
  };
}

/**
 * The revision a change makes to the alert as it stands (read at the start of the run, or re-read
 * after a conflict); undefined when nothing is left to do: the alert was closed meanwhile (another
 * run), or is already at the level the change wanted.
 */
export function alertUpdate(change: PlannedChange, alert: AlertRecord | undefined, context: WriteContext): AlertUpdate | undefined {
  const { kind } = change;
  if (!alert || alert.status !== 'open' || ((kind === 'escalate' || kind === 'de-escalate') && alert.level === change.signal!.level)) return undefined;
  const revision = alert.revision + 1;
  const tasks = taskRecords(change, revision, context);
  const decisionId = kind === 'review' ? change.disposition!.decisionId : change.outcome.warning.decisionId;
  const set = changeSet(change, alert, context);
  const write: RevisionChange = {
    id: change.alertId,
    expectedRevision: alert.revision,
    set,
    entry: { ...historyEntry(actionOf(kind), decisionId, change, context), tasks },
  };
  const event =
    kind === 'review' || kind === 'raise'
      ? null
      : alertEvent(kind, { ...alert, ...(set as Partial<AlertRecord>), revision }, alert.level, context.asOf, context.now);
  return { change, write, tasks, event };
}

/** A pending task of a closed alert has nothing left to act on: its cancellation, with the reason. */
export function taskCancellation(task: TaskRecord, context: WriteContext): RevisionChange {
  return {
    id: task._id,
    expectedRevision: task.revision,
    set: { status: 'cancelled', updatedAt: context.now },
    entry: {
      action: 'cancelled',
      actor: context.actor,
      at: context.now,
      asOf: context.asOf,
      note: 'the alert was closed: its signal cleared',
      decisionId: null,
      facts: null,
    },
  };
}

/** The decisions behind the changes written: each subject's warning evaluation and each disposition, once. */
export function decisionRecords(applied: readonly PlannedChange[], context: WriteContext): DecisionRecord[] {
  const records = new Map<string, DecisionRecord>();
  const add = (
    decision: {
      decisionId: string;
      prepared: { key: string; version: number; hash: string };
      events: DecisionRecord['events'];
      challenge?: DecisionRecord['challenge'];
    },
    facts: Facts,
    orgUnit: string,
  ) => {
    if (records.has(decision.decisionId)) return;
    const { prepared, events } = decision;
    records.set(decision.decisionId, {
      decisionId: decision.decisionId,
      ruleSet: { key: prepared.key, version: prepared.version, hash: prepared.hash },
      orgUnit,
      caller: `job:${context.actor}`,
      facts: maskPersonalFields(facts) as Facts,
      events,
      eventTypes: [...new Set(events.map((event) => event.type))],
      at: context.now,
      durationMs: 0,
      ...(decision.challenge ? { challenge: decision.challenge } : {}),
    });
  };
  for (const change of applied) {
    const { subject, warning } = change.outcome;
    add(warning, subject.facts, subject.orgUnit);
    if (change.disposition) add(change.disposition, change.disposition.facts, subject.orgUnit);
  }
  return [...records.values()];
}

/** The history entry of a change the run makes (`change` undefined: a task it stores, which records no facts). */
export function historyEntry(action: string, decisionId: string | null, change: PlannedChange | undefined, context: WriteContext): RevisionChange['entry'] {
  const facts = change ? (change.kind === 'review' ? change.disposition!.facts : change.outcome.subject.facts) : null;
  return {
    action,
    actor: `job:${context.actor}`,
    at: context.now,
    asOf: context.asOf,
    note: null,
    decisionId,
    facts: facts ? (maskPersonalFields(facts) as Facts) : null,
  };
}

/** The fields a change sets; the measures it orders join the alert's list, with task ids of the revision it lands at. */
function changeSet(change: PlannedChange, alert: AlertRecord, context: WriteContext): Record<string, unknown> {
  const { asOf, now } = context;
  if (change.kind === 'close')
    return {
      status: 'closed',
      openKey: alert._id,
      closedOn: asOf,
      changedOn: asOf,
      reviewFrom: null,
      updatedAt: now,
      decisionId: change.outcome.warning.decisionId,
    };
  const measures = [...(alert.measures ?? context.measures.get(alert._id) ?? []), ...draftsOf(change, alert.revision + 1, context).map(alertMeasure)];
  if (change.kind === 'review')
    return { reviewFrom: reviewFrom(change.measures, asOf) ?? alert.reviewFrom, value: change.signal!.value, measures, updatedAt: now };
  const signal = change.signal!;
  const { warning } = change.outcome;
  return {
    level: signal.level,
    threshold: signal.threshold,
    basis: signal.basis,
    notify: signal.notify,
    value: signal.value,
    changedOn: asOf,
    reviewFrom: reviewFrom(change.measures, asOf),
    measures,
    updatedAt: now,
    decisionId: warning.decisionId,
    ruleSet: { key: warning.prepared.key, version: warning.prepared.version },
  };
}

/** The tasks for the measures a change ordered; a warning's tasks carry the alert revision the change lands at. */
function draftsOf(change: PlannedChange, alertRevision: number, context: WriteContext): TaskDraft[] {
  if (!change.origin || change.measures.length === 0) return [];
  const origin: DispositionOrigin = change.origin.kind === 'warning' ? { kind: 'warning', alertRevision } : change.origin;
  const alert = { alertId: change.alertId, orgUnit: change.outcome.subject.orgUnit, value: change.signal!.value };
  return taskDrafts(alert, change.measures, origin, context.asOf, context.headOfficeRoles);
}

/** The task records a change landing at `alertRevision` orders (kept with its history entry, then stored). */
function taskRecords(change: PlannedChange, alertRevision: number, context: WriteContext): TaskRecord[] {
  const { subject } = change.outcome;
  const { disposition } = change;
  return draftsOf(change, alertRevision, context).map((draft) => ({
    _id: draft.taskId,
    alertId: draft.alertId,
    target: subject.target,
    obligorId: subject.obligorId,
    subjectKey: subject.subjectKey,
    signal: change.signal!.signal,
    alertLevel: change.signal!.level,
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
    createdAt: context.now,
    updatedAt: context.now,
    acknowledgedBy: null,
    completedAt: null,
    completedBy: null,
    evidence: null,
    revision: 1,
    decisionId: disposition?.decisionId ?? null,
    ruleSet: disposition ? { key: disposition.prepared.key, version: disposition.prepared.version } : null,
  }));
}

export function alertMeasure(
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

function actionOf(kind: ChangeKind): string {
  return kind === 'escalate' ? 'escalated' : kind === 'de-escalate' ? 'de-escalated' : kind === 'close' ? 'closed' : 'reviewed';
}
