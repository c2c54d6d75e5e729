import type { Collection } from 'mongodb';
import type { AuditLog } from '../../audit/audit.service';
import type { ContactProfile, ContactProfileRequest, ContactProfileUnreachable } from '../../generated/schema-types';
import { ValidationError } from '../../http/errors';
import type { Connection } from '../../store/connection';
import { DEFAULT_TIME_ZONE, isKnownTimeZone } from './activity-time';

interface ProfileDocument {
  _id: string;
  timeZone?: string;
  doNotContact?: boolean;
  consents?: ContactProfile['consents'];
  /** The debtor unreachable since a moment (stored as a Date so it compares with activity times). */
  unreachable?: { since: Date; reason: ContactProfileUnreachable['reason']; evidence?: string };
  updatedAt?: Date;
  updatedBy?: string;
}

export type Consent = { given: boolean; on: string } | undefined;

/** An obligor's collection contact profile (time zone, do-not-contact, consents, unreachable), one document by obligor id; changes are audited. */
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
      ...(request.unreachable ? { unreachable: storedUnreachable(request.unreachable) } : {}),
      consents,
      updatedAt,
      updatedBy: actor,
    };
    // `unreachable: null` clears the mark; absent leaves it as it is.
    await this.profiles.updateOne(
      { _id: obligorId },
      { $set: change, ...(request.unreachable === null ? { $unset: { unreachable: '' } } : {}) },
      { upsert: true },
    );
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
    ...(document?.unreachable
      ? {
          unreachable: {
            since: document.unreachable.since.toISOString(),
            reason: document.unreachable.reason,
            ...(document.unreachable.evidence !== undefined ? { evidence: document.unreachable.evidence } : {}),
          },
        }
      : {}),
    ...(document?.updatedAt ? { updatedAt: document.updatedAt.toISOString() } : {}),
    ...(document?.updatedBy ? { updatedBy: document.updatedBy } : {}),
  };
}

function storedUnreachable(unreachable: ContactProfileUnreachable): NonNullable<ProfileDocument['unreachable']> {
  return { since: new Date(unreachable.since), reason: unreachable.reason, ...(unreachable.evidence !== undefined ? { evidence: unreachable.evidence } : {}) };
}
