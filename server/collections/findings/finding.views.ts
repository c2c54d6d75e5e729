import type { Finding } from '../../generated/schema-types';
import type { FindingRecord } from './finding.model';

const iso = (date: Date) => new Date(date).toISOString();

export function toFindingView(record: FindingRecord): Finding {
  return {
    findingId: record._id,
    obligorId: record.obligorId,
    loanId: record.loanId,
    orgUnit: record.orgUnit,
    source: record.source,
    sourceRef: record.sourceRef,
    tags: record.tags,
    severity: record.severity,
    basis: record.basis,
    evidence: record.evidence,
    actor: record.actor,
    foundOn: record.foundOn,
    status: record.status,
    dismissReason: record.dismissReason,
    remediation: record.remediation ? { ...record.remediation, at: iso(record.remediation.at) } : null,
    taskId: record.taskId,
    revision: record.revision,
    createdAt: iso(record.createdAt),
    updatedAt: iso(record.updatedAt),
  };
}
