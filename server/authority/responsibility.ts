/**
 * Internet business is HQ's alone (guideline Art. 9, last paragraph): whatever branch a loan
 * names, its warnings, dispositions and data scope belong to HQ. Which channels count as
 * internet business is a setting (INTERNET_CHANNELS), because channel names are the insurer's.
 */
export const HEAD_OFFICE = 'HQ';

/** Patterns are exact channel names or prefixes ending in `*` (e.g. `online-*`). */
export function isInternetChannel(channel: string, internetChannels: readonly string[]): boolean {
  return internetChannels.some((pattern) => (pattern.endsWith('*') ? channel.startsWith(pattern.slice(0, -1)) : channel === pattern));
}

/** The org unit answerable for a loan: HQ for internet business, otherwise the unit the loan names. */
export function responsibleOrgUnit(loan: { orgUnit: string; channel: string }, internetChannels: readonly string[]): string {
  return isInternetChannel(loan.channel, internetChannels) ? HEAD_OFFICE : loan.orgUnit;
}
