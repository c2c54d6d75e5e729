import type { Partner, PartnerReview, PartnerViolation } from '../generated/schema-types';
import type { PartnerRecord, ReviewRecord, ViolationRecord } from './partner.model';

const iso = (date: Date | null) => (date ? new Date(date).toISOString() : null);

export function toPartnerView(record: PartnerRecord): Partner {
  const { _id, createdAt, updatedAt, ...rest } = record;
  return { partnerId: _id, ...rest, createdAt: iso(createdAt)!, updatedAt: iso(updatedAt)! };
}

export function toViolationView(record: ViolationRecord): PartnerViolation {
  const { _id, recordedAt, penalty, ...rest } = record;
  return {
    violationId: _id,
    ...rest,
    penalty: { ...penalty, proposedAt: iso(penalty.proposedAt)!, confirmedAt: iso(penalty.confirmedAt) },
    recordedAt: iso(recordedAt)!,
  };
}

export function toReviewView(record: ReviewRecord): PartnerReview {
  const { _id, reviewedAt, ...rest } = record;
  return { reviewId: _id, ...rest, reviewedAt: iso(reviewedAt)! };
}
