import { createHash } from 'node:crypto';
import type { Collection } from 'mongodb';
import type { ActivityRecord, ActivityRecording } from '../../generated/schema-types';
import type { Connection } from '../../store/connection';
import { insertManyIgnoringDuplicates } from '../../store/insert-many';
import type { HashedNumber } from './number-hash';

/** A stored activity: as sent, but the number only as its keyed hash and last four digits; `bodyHash` tells a resend from a conflicting one. */
export interface ActivityDocument extends Omit<ActivityRecord, 'activityId' | 'phoneNumber'> {
  _id: string;
  number?: HashedNumber;
  bodyHash: string;
  moment: Date;
  day: string;
  orgUnit: string;
  recordedAt: Date;
  recordedBy: string;
}

/** The fingerprint of an activity as sent: the same id with another fingerprint is a conflicting resend. */
export function bodyHashOf(record: ActivityRecord, numberHash: string | undefined): string {
  const { phoneNumber: _number, ...rest } = record;
  return createHash('sha256')
    .update(JSON.stringify(sortedKeys({ ...rest, numberHash })))
    .digest('base64url');
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortedKeys((value as Record<string, unknown>)[key])]),
  );
}

/** The collection log: append-only (inserted, never updated or deleted, except a recording's retention extended). */
export class ActivityStore {
  readonly activities: Collection<ActivityDocument>;

  constructor(connection: Connection) {
    this.activities = connection.db!.collection<ActivityDocument>('collection_activities');
  }

  /** Inserts the documents; returns the positions whose id exists already. */
  insert(documents: readonly ActivityDocument[]): Promise<Set<number>> {
    return insertManyIgnoringDuplicates(this.activities, documents);
  }

  /** The stored fingerprints of a few activities (resends, corrected ones), one equality lookup each. */
  async bodyHashes(ids: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (let start = 0; start < ids.length; start += 50) {
      const documents = await Promise.all(ids.slice(start, start + 50).map((id) => this.activities.findOne({ _id: id }, { projection: { bodyHash: 1 } })));
      for (const document of documents) if (document) found.set(document._id, document.bodyHash);
    }
    return found;
  }

  find(activityId: string): Promise<ActivityDocument | null> {
    return this.activities.findOne({ _id: activityId });
  }

  /** Replaces the recording only if it is still the one read (a concurrent change is not overwritten). */
  async setRecording(activityId: string, before: ActivityRecording | undefined, recording: ActivityRecording | null): Promise<boolean> {
    const filter = before
      ? { _id: activityId, 'recording.reference': before.reference, 'recording.retainUntil': before.retainUntil }
      : { _id: activityId, recording: { $exists: false } };
    const update = recording ? { $set: { recording } } : { $unset: { recording: '' as const } };
    return (await this.activities.updateOne(filter as never, update)).matchedCount === 1;
  }
}
