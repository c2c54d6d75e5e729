import type { ActivityRecord, ContactProfile } from '../../generated/schema-types';
import type { ErrorDetail } from '../../http/errors';
import { localDayAndTime, timeProblem } from './activity-time';
import type { CounterIncrement } from './counters';
import { dayKey, numberKey } from './counters';
import { bodyHashOf, type ActivityDocument } from './activity.store';
import { hashNumber, isPlausibleNumber } from './number-hash';

/** Channels whose attempts count against the per-number cap (the rule set's voiceChannels default). */
export const VOICE_CHANNELS: ReadonlySet<string> = new Set(['call', 'ai-call']);
/** Outcomes that mean the debtor was reached: they end a run of failed attempts. */
const REACHED = new Set(['answered', 'effective', 'refused', 'promise-to-pay']);
/** Outcomes of an effective collection call (the daily cap across the insurer and every agency). */
const EFFECTIVE = new Set(['effective', 'promise-to-pay']);
/** A recording is kept at least this long after the activity (Art. 11: every collection record is kept). */
export const RECORDING_RETENTION_YEARS = 2;

/** The first day a recording of an activity on `day` may be deleted: two years on. */
export function minimumRetention(day: string): string {
  const [year, month, date] = day.split('-');
  const candidate = `${Number(year) + RECORDING_RETENTION_YEARS}-${month}-${date}`;
  // 29 February two years on is 1 March.
  return candidate.endsWith('-02-29') ? `${Number(year) + RECORDING_RETENTION_YEARS}-03-01` : candidate;
}

/** Problems of a row beyond its schema: time with offset and not in the future, the number, promise, recording, agency. */
export function rowProblems(record: ActivityRecord, now: Date, clockSkewMs: number): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const time = timeProblem(record.at, now, clockSkewMs);
  if (time) problems.push({ path: '/at', message: time });
  if (record.phoneNumber !== undefined && !isPlausibleNumber(record.phoneNumber))
    problems.push({ path: '/phoneNumber', message: 'needs at least four digits' });
  if (record.outcome === 'promise-to-pay' && !record.promise)
    problems.push({ path: '/promise', message: 'a promise-to-pay needs the promised date and amount' });
  if (record.target.type === 'third-party' && !record.target.relation)
    problems.push({ path: '/target/relation', message: 'a third party needs its relation to the obligor' });
  if (record.recording && !time) {
    const { day } = localDayAndTime(new Date(record.at), 'UTC');
    const minimum = minimumRetention(day);
    if (record.recording.retainUntil < minimum)
      problems.push({
        path: '/recording/retainUntil',
        message: `must be on or after ${minimum}: recordings are kept at least ${RECORDING_RETENTION_YEARS} years`,
      });
  }
  return problems;
}

/** The stored document and its counter increment for a valid row of a known obligor. */
export function documentOf(
  record: ActivityRecord,
  context: { profile: ContactProfile; orgUnit: string; numberSecret: string; now: Date; recordedBy: string },
): { document: ActivityDocument; increment: CounterIncrement } {
  const moment = new Date(record.at);
  const { day } = localDayAndTime(moment, context.profile.timeZone);
  const number = record.phoneNumber !== undefined ? hashNumber(record.phoneNumber, context.numberSecret) : undefined;
  const { activityId, phoneNumber: _number, ...rest } = record;
  const document: ActivityDocument = {
    ...rest,
    _id: activityId,
    ...(number ? { number } : {}),
    bodyHash: bodyHashOf(record, number?.hash),
    moment,
    day,
    orgUnit: context.orgUnit,
    recordedAt: context.now,
    recordedBy: context.recordedBy,
  };
  const voice = VOICE_CHANNELS.has(record.channel);
  const toDebtor = record.target.type === 'obligor';
  const increment: CounterIncrement = {
    dayKey: dayKey(record.obligorId, day),
    ...(number ? { numberKey: numberKey(number.hash, day) } : {}),
    voiceAttempt: voice,
    effectiveCall: voice && toDebtor && EFFECTIVE.has(record.outcome),
    thirdParty: record.target.type === 'third-party',
    ...(toDebtor ? { reached: REACHED.has(record.outcome) } : {}),
    obligorId: record.obligorId,
    at: moment,
    ...(record.decisionId ? { decisionId: record.decisionId } : {}),
  };
  return { document, increment };
}
