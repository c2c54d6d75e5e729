import type { Alert, ChangeEntry, ClaimCase, Task } from '../generated/schema-types';
import type { ClaimCaseRecord } from '../claims/claim-case.model';
import type { AlertRecord } from './alert.model';
import { isOverdue } from './queue-actions';
import type { HistoryEntry } from '../store/revisioned-records';
import type { TaskRecord } from './task.model';

const iso = (date: Date | null) => (date ? new Date(date).toISOString() : null);

export function toAlertView(record: AlertRecord): Alert {
  return {
    alertId: record._id,
    target: record.target,
    obligorId: record.obligorId,
    segment: record.segment,
    signal: record.signal,
    level: record.level,
    status: record.status,
    orgUnit: record.orgUnit,
    customerTier: record.customerTier,
    channel: record.channel,
    product: record.product,
    threshold: record.threshold,
    basis: record.basis,
    notify: record.notify,
    value: record.value,
    raisedOn: record.raisedOn,
    changedOn: record.changedOn,
    closedOn: record.closedOn,
    reviewFrom: record.reviewFrom,
    assignee: record.assignee,
    acknowledgedBy: record.acknowledgedBy,
    acknowledgedAt: iso(record.acknowledgedAt),
    revision: record.revision,
    createdAt: iso(record.createdAt)!,
    updatedAt: iso(record.updatedAt)!,
    decisionId: record.decisionId,
    ruleSet: record.ruleSet,
  };
}

export function toTaskView(record: TaskRecord, today: string): Task {
  return {
    taskId: record._id,
    kind: record.kind ?? 'measure',
    alertId: record.alertId,
    target: record.target,
    obligorId: record.obligorId,
    subjectKey: record.subjectKey,
    signal: record.signal,
    alertLevel: record.alertLevel,
    orgUnit: record.orgUnit,
    ownerRole: record.ownerRole,
    assignee: record.assignee,
    action: record.action,
    amount: record.amount,
    share: record.share,
    deadlineDays: record.deadlineDays,
    dueOn: record.dueOn,
    basis: record.basis,
    escalationStep: record.escalationStep,
    status: record.status,
    overdue: isOverdue(record, today),
    overdueSince: record.overdueSince,
    createdOn: record.createdOn,
    createdAt: iso(record.createdAt)!,
    updatedAt: iso(record.updatedAt)!,
    acknowledgedBy: record.acknowledgedBy,
    completedAt: iso(record.completedAt),
    completedBy: record.completedBy,
    evidence: record.evidence,
    revision: record.revision,
    decisionId: record.decisionId,
    ruleSet: record.ruleSet,
  };
}

export function toChangeEntryView(entry: HistoryEntry): ChangeEntry {
  const changes = Object.fromEntries(Object.entries(entry.set).map(([field, value]) => [field, value instanceof Date ? value.toISOString() : value]));
  return {
    revision: entry.revision,
    action: entry.action,
    actor: entry.actor,
    at: iso(entry.at)!,
    asOf: entry.asOf,
    changes,
    note: entry.note,
    decisionId: entry.decisionId,
    facts: entry.facts,
  };
}

export function toClaimCaseView(record: ClaimCaseRecord): ClaimCase {
  return {
    caseId: record._id,
    loanId: record.loanId,
    obligorId: record.obligorId,
    policyId: record.policyId,
    orgUnit: record.orgUnit,
    status: record.status,
    reason: record.reason,
    openedOn: record.openedOn,
    statusSince: record.statusSince,
    facts: record.facts,
    decisionId: record.decisionId,
    ruleSet: record.ruleSet,
    revision: record.revision,
    createdAt: iso(record.createdAt)!,
    updatedAt: iso(record.updatedAt)!,
  };
}
