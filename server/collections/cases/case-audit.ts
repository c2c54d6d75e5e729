import type { AuditLog } from '../../audit/audit.service';
import type { CaseHandler, CollectionCaseRecord } from './collection-case.model';

/** Audit entries written at once: a day that assigns thousands of cases writes them a few at a time. */
const CONCURRENT_ENTRIES = 20;

/** What the audit log keeps of a handler: who and why, not the whole treatment plan (the case history has it). */
export function handlerSummary(handler: CaseHandler | null): Record<string, unknown> | null {
  if (!handler) return null;
  return {
    handler: handler.type,
    ...(handler.agencyCategory ? { agencyCategory: handler.agencyCategory } : {}),
    reason: handler.reason,
    rule: handler.rule,
    decisionId: handler.decisionId,
  };
}

/** Assignment changes in the audit log (Art. 12; the issue asks assignment changes be audited), by the rules or by hand. */
export async function recordAssignment(
  audit: AuditLog,
  changes: readonly { record: CollectionCaseRecord; before: CaseHandler | null; actor: string; reason: string }[],
): Promise<void> {
  for (let start = 0; start < changes.length; start += CONCURRENT_ENTRIES) {
    await Promise.all(
      changes.slice(start, start + CONCURRENT_ENTRIES).map(({ record, before, actor, reason }) =>
        audit.record({
          actor,
          action: 'collection-case.assign',
          entity: { kind: 'collection-case', id: record._id },
          orgUnit: record.orgUnit,
          before: handlerSummary(before),
          after: { ...handlerSummary(record.handler), stage: record.stage, revision: record.revision },
          reason,
        }),
      ),
    );
  }
}
