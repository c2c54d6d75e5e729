import type { CheckRequest, ContactProfile } from '../../generated/schema-types';
import type { Facts } from '../../engine/evaluate';
import { VOICE_CHANNELS } from '../activities/activity-rows';
import { activeHolds, consecutiveFailures, type DayCounter, type ReachCounter } from '../activities/counters';
import { unreachableInForce } from './unreachable';

/** What the gate read for one check: the debtor's day, the number's day and the debtor's reachability. */
export interface CounterReading {
  day?: DayCounter;
  number?: DayCounter;
  reach?: ReachCounter;
}

/**
 * The collection.action facts of a proposed contact, computed from the platform's own records:
 * counters (with the slots other decisions hold), the contact profile and the agency's status.
 * No phone number and no name: the decision log keeps these facts.
 */
export function gateFacts(
  request: CheckRequest,
  context: {
    obligorId: string;
    orgUnit: string;
    localTime: string;
    profile: ContactProfile;
    reading: CounterReading;
    now: Date;
    /** The acting agency's status (the register's, agency-scope.ts vendorStatusOf); ignored for internal actors. */
    vendorStatus: string;
  },
): Facts {
  const { profile, reading, now } = context;
  const voice = VOICE_CHANNELS.has(request.channel);
  const failures = consecutiveFailures(reading.reach);
  const unreachable = unreachableInForce(profile, reading.reach);
  const consent =
    request.channel === 'visit' ? profile.consents.visit : request.target.type === 'third-party' ? profile.consents.thirdParty : profile.consents.night;
  return {
    channel: request.channel,
    localTime: context.localTime,
    debtorConsent: (consent as { given?: boolean } | undefined)?.given === true,
    doNotContact: profile.doNotContact,
    target: request.target.type,
    // Reached at the last attempt (a success and no failure since): a third party is not contacted then.
    // Not while the profile marks the debtor unreachable after that success (numbers out of service since).
    debtorReachable: Boolean(reading.reach?.lastSuccessAt) && failures === 0 && !unreachable,
    // The profile's mark, with no contact that reached the debtor after its `since`: third parties open before the failed-attempt count.
    debtorUnreachable: unreachable,
    consecutiveFailedAttempts: failures,
    ...(request.payeeAccountType ? { payeeAccountType: request.payeeAccountType } : {}),
    ...(request.paymentMethod ? { paymentMethod: request.paymentMethod } : {}),
    attemptsToNumberToday: voice ? (reading.number?.attempts ?? 0) + activeHolds(reading.number, now).length : 0,
    effectiveCallsToday: (reading.day?.effectiveCalls ?? 0) + (voice ? activeHolds(reading.day, now).length : 0),
    thirdPartiesContactedToday: reading.day?.thirdPartyContacts ?? 0,
    contentFlags: request.contentTags ?? [],
    vendorStatus: request.actor.type === 'internal' ? 'none' : context.vendorStatus,
    obligorId: context.obligorId,
    orgUnit: context.orgUnit,
  };
}
