import type { PlatformEvent } from '../events/platform-events';
import type { ViolationRecord } from './partner.model';

/**
 * partner.violation-recorded or partner.penalty-confirmed (schemas/partners/partner-event-data.json): ids,
 * the type, the day and the amounts; never the evidence or an obligor. The id names the violation and
 * the event, so a retry is delivered once.
 */
export function partnerEvent(type: 'partner.violation-recorded' | 'partner.penalty-confirmed', violation: ViolationRecord, at: Date): PlatformEvent {
  return {
    id: `${type}:${violation._id}`,
    type,
    orgUnit: violation.orgUnit,
    occurredAt: at,
    data: {
      partnerId: violation.partnerId,
      violationId: violation._id,
      violationType: violation.type,
      occurredOn: violation.occurredOn,
      loans: violation.loanIds.length,
      penaltyCents: violation.penalty.amountCents,
      penaltyStatus: violation.penalty.status,
    },
  };
}
