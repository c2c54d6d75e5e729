import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import type {
  PartnerAgreement,
  PartnerEvidence,
  PartnerPenaltyClause,
  PartnerReviewFigures,
  PartnerReviewOutcome,
  PartnerStatus,
  PartnerViolationType,
} from '../generated/schema-types';
import type { HistoryEntry } from '../store/revisioned-records';

/**
 * A channel partner (合作机构, Art. 5): a business that brings loans. `_id` is its unified social credit
 * code. A loan belongs to the partner whose channel code is the loan's `channel`; each code is held by
 * one partner (partner_channels, `_id` = the code), so the loan's partner is an `_id` lookup.
 */
export interface PartnerRecord {
  _id: string;
  partnerName: string;
  orgUnit: string;
  channelCodes: string[];
  agreement: PartnerAgreement;
  status: PartnerStatus;
  lastReview: { period: string; outcome: PartnerReviewOutcome; reviewId: string } | null;
  revision: number;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Which partner holds a channel code. */
export interface ChannelClaim {
  _id: string;
  partnerId: string;
}

export interface PenaltyRecord {
  status: 'proposed' | 'confirmed';
  amountCents: number;
  clause: PartnerPenaltyClause | null;
  loans: number;
  feesCents: number;
  fixedCents: number;
  perLoanTotalCents: number;
  feeShareCents: number;
  uncappedCents: number;
  proposedBy: string;
  proposedAt: Date;
  confirmedBy: string | null;
  confirmedAt: Date | null;
}

/** A violation of Art. 5's four types, with its penalty. `_id` is `<partnerId>:<yyyymmdd>:<random>`. */
export interface ViolationRecord {
  _id: string;
  partnerId: string;
  orgUnit: string;
  type: PartnerViolationType;
  occurredOn: string;
  evidence: PartnerEvidence;
  loanIds: string[];
  penalty: PenaltyRecord;
  revision: number;
  recordedBy: string;
  recordedAt: Date;
}

/** A periodic review. `_id` is `<partnerId>|<period>`: one per partner and quarter (a rerun replaces it). */
export interface ReviewRecord {
  _id: string;
  partnerId: string;
  orgUnit: string;
  period: string;
  from: string;
  to: string;
  figures: PartnerReviewFigures;
  outcome: PartnerReviewOutcome;
  reasons: string[];
  decisionId: string;
  ruleSet: { key: string; version: number };
  taskId: string | null;
  reviewedBy: string;
  reviewedAt: Date;
}

export interface PartnerCollections {
  partners: Collection<PartnerRecord>;
  history: Collection<HistoryEntry>;
  channels: Collection<ChannelClaim>;
  violations: Collection<ViolationRecord>;
  violationHistory: Collection<HistoryEntry>;
  reviews: Collection<ReviewRecord>;
}

export async function partnerCollections(connection: Connection): Promise<PartnerCollections> {
  const db = connection.db!;
  const collections: PartnerCollections = {
    partners: db.collection<PartnerRecord>('partners'),
    history: db.collection<HistoryEntry>('partner_history'),
    channels: db.collection<ChannelClaim>('partner_channels'),
    violations: db.collection<ViolationRecord>('partner_violations'),
    violationHistory: db.collection<HistoryEntry>('partner_violation_history'),
    reviews: db.collection<ReviewRecord>('partner_reviews'),
  };
  // The register's pages: a branch's (its units) and HQ's, newest change first, ties by id.
  await collections.partners.createIndex({ orgUnit: 1, updatedAt: -1, _id: -1 });
  await collections.partners.createIndex({ updatedAt: -1, _id: -1 });
  await collections.partners.createIndex({ status: 1, updatedAt: -1, _id: -1 });
  await collections.partners.createIndex({ status: 1, orgUnit: 1, updatedAt: -1, _id: -1 });
  await collections.history.createIndex({ subjectId: 1, revision: 1 });
  // A partner's file: its violations and reviews by partner id.
  await collections.violations.createIndex({ partnerId: 1 });
  await collections.violationHistory.createIndex({ subjectId: 1, revision: 1 });
  await collections.reviews.createIndex({ partnerId: 1 });
  return collections;
}
