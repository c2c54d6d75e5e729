import type { Complaint } from '../generated/schema-types';
import type { ComplaintRecord } from './complaint.model';

const iso = (date: Date) => new Date(date).toISOString();
const withIso = <T extends { at: Date }>(step: T | null) => (step ? { ...step, at: iso(step.at) } : null);

export function toComplaintView(record: ComplaintRecord): Complaint {
  const {
    _id,
    deadlineOrder: _deadlineOrder,
    receivedAt,
    createdAt,
    updatedAt,
    acceptance,
    rejection,
    investigation,
    decision,
    extension,
    review,
    ...rest
  } = record;
  return {
    complaintId: _id,
    ...rest,
    receivedAt: iso(receivedAt),
    acceptance: withIso(acceptance),
    rejection: withIso(rejection),
    investigation: withIso(investigation),
    decision: withIso(decision),
    extension: withIso(extension),
    review: withIso(review),
    createdAt: iso(createdAt),
    updatedAt: iso(updatedAt),
  };
}
