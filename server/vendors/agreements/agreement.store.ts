import type { Collection } from 'mongodb';
import type { Connection } from '../../store/connection';
import type { AgreementStatus, AgreementTemplateContent } from '../../generated/schema-types';

/** A template's versions, newest last: an agreement names the version it was signed on, and that version never changes. */
export interface AgreementTemplateRecord {
  _id: string;
  title: string;
  revision: number;
  versions: { version: number; content: AgreementTemplateContent; createdBy: string; createdAt: Date; note: string | null }[];
  createdAt: Date;
  updatedAt: Date;
}

export interface AgreementRecord {
  _id: string;
  agencyId: string;
  orgUnit: string;
  templateId: string;
  templateVersion: number;
  signedOn: string;
  validFrom: string;
  validTo: string | null;
  capacity: number;
  /** Cases placed under it and not recalled: taken and given back by conditional $inc, so two placements cannot both take the last slot. */
  openPlacements: number;
  reference: string | null;
  status: AgreementStatus;
  signedBy: string;
  consent: { decision: 'consented' | 'refused'; by: string; at: Date; note: string | null } | null;
  history: { action: string; actor: string; at: Date; note: string | null }[];
  revision: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Templates and agreements. Agreements are read by agency (a few per agency): `{ agencyId }` is their index. */
export class AgreementStore {
  templates!: Collection<AgreementTemplateRecord>;
  agreements!: Collection<AgreementRecord>;

  constructor(private readonly connection: Connection) {}

  async init(): Promise<void> {
    this.templates = this.connection.db!.collection<AgreementTemplateRecord>('vendor_agreement_templates');
    this.agreements = this.connection.db!.collection<AgreementRecord>('vendor_agreements');
    await this.agreements.createIndex({ agencyId: 1 });
  }

  /** Takes one slot of an active agreement's capacity; false when it is full (or no longer active). */
  async takeSlot(agreementId: string): Promise<boolean> {
    const agreement = await this.agreements.findOne({ _id: agreementId });
    if (!agreement || agreement.status !== 'active' || agreement.openPlacements >= agreement.capacity) return false;
    const taken = await this.agreements.updateOne(
      { _id: agreementId, openPlacements: agreement.openPlacements, status: 'active' },
      { $inc: { openPlacements: 1 }, $set: { updatedAt: new Date() } },
    );
    // Another placement took a slot meanwhile: read again.
    return taken.modifiedCount === 1 ? true : this.takeSlot(agreementId);
  }

  async giveBackSlot(agreementId: string): Promise<void> {
    await this.agreements.updateOne({ _id: agreementId, openPlacements: { $gt: 0 } }, { $inc: { openPlacements: -1 }, $set: { updatedAt: new Date() } });
  }
}
