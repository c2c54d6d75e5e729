import type { ContactProfile } from '../../generated/schema-types';
import type { ReachCounter } from '../activities/counters';

/**
 * Whether the profile's "unreachable" mark is still in force: it is, unless a contact reached the
 * debtor after `since`. The latest success is kept by activity time (counters.ts, $max), so a late
 * arrival of an older answered call does not clear it and an answered call after it does, whatever
 * the order activities arrive in; nothing has to rewrite the profile when a call is recorded.
 */
export function unreachableInForce(profile: ContactProfile, reach: ReachCounter | undefined): boolean {
  if (!profile.unreachable) return false;
  const lastSuccess = reach?.lastSuccessAt?.getTime();
  return lastSuccess === undefined || lastSuccess <= Date.parse(profile.unreachable.since);
}

/** The profile as in force: without an unreachable mark a later contact has cleared. */
export function profileInForce(profile: ContactProfile, reach: ReachCounter | undefined): ContactProfile {
  if (!profile.unreachable || unreachableInForce(profile, reach)) return profile;
  const { unreachable: _cleared, ...rest } = profile;
  return rest;
}
