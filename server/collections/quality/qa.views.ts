import type { QaItem } from '../../generated/schema-types';
import type { QaItemRecord } from './qa-item.model';

const iso = (date: Date) => new Date(date).toISOString();

export function toQaItemView(record: QaItemRecord): QaItem {
  return {
    activityId: record._id,
    obligorId: record.obligorId,
    loanId: record.loanId,
    orgUnit: record.orgUnit,
    team: record.team,
    actor: record.actor,
    channel: record.channel as QaItem['channel'],
    outcome: record.outcome,
    targetType: record.targetType,
    contentTags: record.contentTags,
    activityAt: iso(record.activityAt),
    day: record.day,
    recordingReference: record.recordingReference,
    sampleRate: record.sampleRate,
    priority: record.priority,
    reason: record.reason,
    basis: record.basis,
    decisionId: record.decisionId,
    status: record.status,
    assignee: record.assignee,
    takenAt: record.takenAt ? iso(record.takenAt) : null,
    review: record.review ? { ...record.review, reviewedAt: iso(record.review.reviewedAt) } : null,
    revision: record.revision,
    sampledAt: iso(record.sampledAt),
    updatedAt: iso(record.updatedAt),
  };
}
