import type { Collection } from 'mongodb';
import type { AuditLog } from '../../audit/audit.service';
import type { ContactProfile, ContactProfileRequest } from '../../generated/schema-types';
import { ValidationError } from '../../http/errors';
import type { Connection } from '../../store/connection';
import { DEFAULT_TIME_ZONE, isKnownTimeZone } from './activity-time';

interface ProfileDocument {
  _id: string;
  timeZone?: string;
  doNotContact?: boolean;
  consents?: ContactProfile['consents'];
  updatedAt?: Date;
  updatedBy?: string;
}

export type Consent = { given: boolean; on: string } | undefined;

/** An obligor's collection contact profile (time zone, do-not-contact, consents), one document by obligor id; changes are audited. */
export class ContactProfiles {
  private readonly profiles: Collection<ProfileDocument>;

  constructor(
    connection: Connection,
    private readonly audit: AuditLog,
  ) {
    this.profiles = connection.db!.collection<ProfileDocument>('collection_contact_profiles');
  }

  async get(obligorId: string): Promise<ContactProfile> {
    return profileOf(obligorId, (await this.profiles.findOne({ _id: obligorId })) ?? undefined);
  }

  async many(obligorIds: readonly string[]): Promise<Map<string, ContactProfile>> {
    const found = new Map<string, ProfileDocument>();
    for (let start = 0; start < obligorIds.length; start += 1000)
      for (const document of await this.profiles.find({ _id: { $in: obligorIds.slice(start, start + 1000) } }).toArray()) found.set(document._id, document);
    return new Map(obligorIds.map((obligorId) => [obligorId, profileOf(obligorId, found.get(obligorId))]));
  }

  /** Sets the fields given (others stay); the audit entry keeps before and after. */
  async set(obligorId: string, request: ContactProfileRequest, actor: string, orgUnit: string): Promise<ContactProfile> {
    if (request.timeZone !== undefined && !isKnownTimeZone(request.timeZone))
      throw new ValidationError(`Unknown time zone "${request.timeZone.slice(0, 60)}"`, [{ path: '/body/timeZone', message: 'is not an IANA time zone' }]);
    const before = await this.get(obligorId);
    const consents = { ...before.consents, ...(request.consents ?? {}) };
    const updatedAt = new Date();
    const change = {
      ...(request.timeZone !== undefined ? { timeZone: request.timeZone } : {}),
      ...(request.doNotContact !== undefined ? { doNotContact: request.doNotContact } : {}),
      consents,
      updatedAt,
      updatedBy: actor,
    };
    await this.profiles.updateOne({ _id: obligorId }, { $set: change }, { upsert: true });
    const after = await this.get(obligorId);
    await this.audit.record({
      actor,
      action: 'contact-profile.set',
      entity: { kind: 'contact-profile', id: obligorId },
      orgUnit,
      before,
      after,
      ...(request.reason ? { reason: request.reason } : {}),
    });
    return after;
  }
}

function profileOf(obligorId: string, document: ProfileDocument | undefined): ContactProfile {
  return {
    obligorId,
    timeZone: document?.timeZone ?? DEFAULT_TIME_ZONE,
    doNotContact: document?.doNotContact ?? false,
    consents: document?.consents ?? {},
    ...(document?.updatedAt ? { updatedAt: document.updatedAt.toISOString() } : {}),
    ...(document?.updatedBy ? { updatedBy: document.updatedBy } : {}),
  };
}
