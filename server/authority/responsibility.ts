/**
 * Internet business is HQ's alone (guideline Art. 9, last paragraph): whatever branch a loan
 * names, its warnings, dispositions and data scope belong to HQ. Which channels count as
 * internet business is a setting (INTERNET_CHANNELS), because channel names are the insurer's;
 * rules read the outcome as the `internetBusiness` fact rather than keeping their own list.
 */
export const HEAD_OFFICE = 'HQ';

/** The two lines of business Art. 9 tells apart: internet business (HQ's) and the branches' business. */
export type LineOfBusiness = 'internet' | 'branch';

/** Patterns are exact channel names or prefixes ending in `*` (e.g. `online-*`). */
export function isInternetChannel(channel: string, internetChannels: readonly string[]): boolean {
  return internetChannels.some((pattern) => (pattern.endsWith('*') ? channel.startsWith(pattern.slice(0, -1)) : channel === pattern));
}

export function lineOfBusiness(channel: string, internetChannels: readonly string[]): LineOfBusiness {
  return isInternetChannel(channel, internetChannels) ? 'internet' : 'branch';
}

/** The unit answerable for business of a line that `orgUnit` underwrote: HQ for internet business. */
export function unitOfLine(line: LineOfBusiness, orgUnit: string): string {
  return line === 'internet' ? HEAD_OFFICE : orgUnit;
}

/**
 * The org unit answerable for a loan or a segment: HQ for internet business, otherwise the unit it
 * names. An obligor is routed per line of business (server/monitoring/obligor-facts-batch.ts), not
 * by one of its loans: with loans in both lines it answers to HQ for the one and its branch for the other.
 */
export function responsibleOrgUnit(loan: { orgUnit: string; channel: string }, internetChannels: readonly string[]): string {
  return unitOfLine(lineOfBusiness(loan.channel, internetChannels), loan.orgUnit);
}
