import type { PlatformEvent } from '../../events/platform-events';
import type { FindingRecord } from './finding.model';

/**
 * The collection.finding event (schemas/collections/finding-event-data.json): what a compliance
 * system needs to route the finding, with the obligor, loan and source by id only (Art. 31): no
 * amounts, no evidence text, no names. The id is the finding's, so a re-run publishes it once.
 */
export function findingRaisedEvent(finding: FindingRecord, at: Date): PlatformEvent {
  return {
    id: `collection.finding:${finding._id}`,
    type: 'collection.finding',
    orgUnit: finding.orgUnit,
    occurredAt: at,
    data: {
      findingId: finding._id,
      obligorId: finding.obligorId,
      loanId: finding.loanId,
      source: finding.source,
      sourceRef: finding.sourceRef,
      tags: finding.tags,
      severity: finding.severity,
      foundOn: finding.foundOn,
      taskId: finding.taskId,
    },
  };
}
