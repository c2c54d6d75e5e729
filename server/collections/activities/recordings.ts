import type { Activity, ActivityRecording } from '../../generated/schema-types';
import { isVisible, type OrgScope } from '../../authority/org-scope';
import { ConflictError, NotFoundError, UnprocessableError, ValidationError } from '../../http/errors';
import type { Principal } from '../../identity/principal';
import { dateOfMoment } from '../../ground/calendar';
import { minimumRetention, RECORDING_RETENTION_YEARS } from './activity-rows';
import type { ActivityDocument, ActivityStore } from './activity.store';

/**
 * An activity's recording: set, extended, or (after its retention date) replaced or deleted.
 * Before the retention date in force a recording is neither deleted, replaced nor kept for less
 * time (Art. 11: collection records are kept); that refusal is the point of this sub-resource.
 */
export class Recordings {
  constructor(
    private readonly store: ActivityStore,
    private readonly orgScope: OrgScope,
  ) {}

  async set(activityId: string, recording: ActivityRecording | null, principal: Principal, now = new Date()): Promise<Activity> {
    const activity = await this.store.find(activityId);
    if (!activity || !(await isVisible(this.orgScope, principal, activity.orgUnit)))
      throw new NotFoundError(`No collection activity "${activityId}" in your scope`);
    const current = activity.recording;
    const today = dateOfMoment(now);
    if (recording) {
      const minimum = minimumRetention(activity.day);
      if (recording.retainUntil < minimum)
        throw new ValidationError(`A recording is kept at least ${RECORDING_RETENTION_YEARS} years`, [
          { path: '/body/recording/retainUntil', message: `must be on or after ${minimum}` },
        ]);
    }
    if (current && today < current.retainUntil) {
      const refusal = !recording
        ? 'deleted'
        : recording.reference !== current.reference
          ? 'replaced'
          : recording.retainUntil < current.retainUntil
            ? 'kept for less time'
            : undefined;
      if (refusal)
        throw new UnprocessableError(
          'recording_retention',
          `The recording of activity "${activityId}" is kept until ${current.retainUntil}; it cannot be ${refusal} before then`,
          [{ path: '/body/recording', message: `retained until ${current.retainUntil}` }],
        );
    }
    if (!(await this.store.setRecording(activityId, current, recording)))
      throw new ConflictError('stale_version', 'The recording changed meanwhile; read it and try again');
    return activityView({ ...activity, ...(recording ? { recording } : { recording: undefined }) });
  }
}

/** The answer shape of a stored activity: the number only as its last four digits. */
export function activityView(document: ActivityDocument): Activity {
  const { _id, number, bodyHash: _hash, moment: _moment, recordedAt, recordedBy: _by, recording, ...rest } = document;
  return {
    ...rest,
    activityId: _id,
    ...(number ? { numberLastFour: number.lastFour } : {}),
    ...(recording ? { recording } : {}),
    recordedAt: recordedAt.toISOString(),
  };
}
