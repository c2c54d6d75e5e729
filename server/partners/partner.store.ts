import type { Filter } from 'mongodb';
import type { Connection } from 'mongoose';
import { unitFilter } from '../authority/org-scope';
import type { PartnerStatus } from '../generated/schema-types';
import { isDuplicateKeyError } from '../store/mongo-errors';
import { BY_LATEST_CHANGE, collectionReader, readKeysetPage, type KeysetPage, type PageRequest } from '../store/keyset-page';
import { RevisionedWrites, type HistoryEntry, type RevisionChange } from '../store/revisioned-records';
import { partnerCollections, type PartnerCollections, type PartnerRecord, type ReviewRecord, type ViolationRecord } from './partner.model';

/** The partner register, its channel codes, violations and reviews: plain objects out, revisioned changes only (409 on a stale revision). */
export class PartnerStore {
  private collections?: PartnerCollections;
  private partnerWrites?: RevisionedWrites;
  private violationWrites?: RevisionedWrites;

  constructor(private readonly connection: Connection) {}

  async init(): Promise<void> {
    this.collections = await partnerCollections(this.connection);
    this.partnerWrites = new RevisionedWrites(this.collections.partners as never, this.collections.history);
    this.violationWrites = new RevisionedWrites(this.collections.violations as never, this.collections.violationHistory);
  }

  private get c(): PartnerCollections {
    return this.collections!;
  }

  /** Inserts a partner at revision 1; false when its credit code is registered already. */
  async insert(record: PartnerRecord, entry: RevisionChange['entry']): Promise<boolean> {
    return (await this.partnerWrites!.insertNew([record as never], () => entry)).has(record._id);
  }

  applyPartner(change: RevisionChange): Promise<boolean> {
    return this.partnerWrites!.applyOne(change);
  }

  async find(partnerId: string): Promise<PartnerRecord | undefined> {
    return (await this.c.partners.findOne({ _id: partnerId })) ?? undefined;
  }

  historyOf(partnerId: string): Promise<HistoryEntry[]> {
    return this.c.history.find({ subjectId: partnerId }).sort({ revision: 1 }).toArray();
  }

  page(filter: { orgUnits?: readonly string[]; status?: PartnerStatus }, request: PageRequest): Promise<KeysetPage<PartnerRecord>> {
    const query: Filter<PartnerRecord> = { ...unitFilter(filter.orgUnits) } as Filter<PartnerRecord>;
    if (filter.status) query.status = filter.status;
    return readKeysetPage(collectionReader(this.c.partners), query as Record<string, unknown>, BY_LATEST_CHANGE, request);
  }

  /** Every partner not terminated (the quarterly review: a register of tens or hundreds, not thousands). */
  reviewable(): Promise<PartnerRecord[]> {
    return this.c.partners.find({ status: { $in: ['active', 'rectifying', 'suspended'] } }).toArray();
  }

  /**
   * Claims channel codes for a partner: each code is a document under its own `_id`, so two partners
   * cannot hold one. Returns the codes another partner holds (nothing claimed then: the claims made here are released).
   */
  async claimChannels(partnerId: string, codes: readonly string[]): Promise<string[]> {
    const made: string[] = [];
    const taken: string[] = [];
    for (const code of codes) {
      try {
        await this.c.channels.insertOne({ _id: code, partnerId });
        made.push(code);
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        const holder = await this.c.channels.findOne({ _id: code });
        if (holder?.partnerId !== partnerId) taken.push(code);
      }
    }
    if (taken.length > 0) await this.releaseChannels(partnerId, made);
    return taken;
  }

  async releaseChannels(partnerId: string, codes: readonly string[]): Promise<void> {
    for (const code of codes) await this.c.channels.deleteOne({ _id: code, partnerId });
  }

  /** The partner holding a channel code, if any (the complaint link and a loan's partner). */
  async partnerOfChannel(code: string): Promise<string | undefined> {
    return (await this.c.channels.findOne({ _id: code }))?.partnerId;
  }

  async insertViolation(record: ViolationRecord, entry: RevisionChange['entry']): Promise<boolean> {
    return (await this.violationWrites!.insertNew([record as never], () => entry)).has(record._id);
  }

  applyViolation(change: RevisionChange): Promise<boolean> {
    return this.violationWrites!.applyOne(change);
  }

  async findViolation(violationId: string): Promise<ViolationRecord | undefined> {
    return (await this.c.violations.findOne({ _id: violationId })) ?? undefined;
  }

  violationHistoryOf(violationId: string): Promise<HistoryEntry[]> {
    return this.c.violationHistory.find({ subjectId: violationId }).sort({ revision: 1 }).toArray();
  }

  /** A partner's violations, newest occurrence first (a partner has a few, read by its indexed id). */
  async violationsOf(partnerId: string): Promise<ViolationRecord[]> {
    const found = await this.c.violations.find({ partnerId }).toArray();
    return found.sort((a, b) => (a.occurredOn === b.occurredOn ? (a._id < b._id ? 1 : -1) : a.occurredOn < b.occurredOn ? 1 : -1));
  }

  async reviewsOf(partnerId: string): Promise<ReviewRecord[]> {
    return (await this.c.reviews.find({ partnerId }).toArray()).sort((a, b) => (a.period < b.period ? 1 : -1));
  }

  async findReview(reviewId: string): Promise<ReviewRecord | undefined> {
    return (await this.c.reviews.findOne({ _id: reviewId })) ?? undefined;
  }

  async saveReview(review: ReviewRecord): Promise<void> {
    await this.c.reviews.replaceOne({ _id: review._id }, review, { upsert: true });
  }

  /**
   * The latest review on the partner (a pointer, not a revision: the review is a record of its own and
   * the partner's editable fields are unchanged, so editors' revisions do not go stale because a job ran).
   */
  async setLastReview(partnerId: string, lastReview: PartnerRecord['lastReview']): Promise<void> {
    await this.c.partners.updateOne({ _id: partnerId }, { $set: { lastReview } });
  }
}
